# Documentation of GET /pets, which exports of the API (and its documentation versions) include.

variable "rest_api_id" {
  type = string
}

resource "apigateway_documentation_part" "list_pets" {
  rest_api_id = var.rest_api_id

  location {
    type   = "METHOD"
    method = "GET"
    path   = "/pets"
  }

  properties = jsonencode({
    description = "Lists the pets, a page at a time."
  })
}
