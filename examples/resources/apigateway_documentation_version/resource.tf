# Version 1.0.0 of the API's documentation, shown by the stage `prod`.

variable "rest_api_id" {
  type = string
}

resource "apigateway_documentation_version" "v1" {
  rest_api_id = var.rest_api_id
  version     = "1.0.0"
  description = "First public release"
}
