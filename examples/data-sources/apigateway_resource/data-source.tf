# The /pets resource of an existing API, and a method added to it here.

variable "rest_api_id" {
  type = string
}

data "apigateway_resource" "pets" {
  rest_api_id = var.rest_api_id
  path        = "/pets"
}

resource "apigateway_method" "options" {
  rest_api_id   = var.rest_api_id
  resource_id   = data.apigateway_resource.pets.id
  http_method   = "OPTIONS"
  authorization = "NONE"
}
