# The OpenAPI 3 definition of the stage `prod`, with API Gateway's extensions, written to a file
# a client generator can read.

variable "rest_api_id" {
  type = string
}

data "apigateway_export" "prod" {
  rest_api_id = var.rest_api_id
  stage_name  = "prod"
  export_type = "oas30"
  accepts     = "application/json"
  parameters = {
    extensions = "apigateway"
  }
}

output "openapi" {
  value = data.apigateway_export.prod.body
}
