# An authorizer by id, to protect a method added here with it.

variable "rest_api_id" {
  type = string
}

variable "authorizer_id" {
  type = string
}

data "apigateway_authorizer" "token" {
  rest_api_id   = var.rest_api_id
  authorizer_id = var.authorizer_id
}

output "authorizer_type" {
  value = data.apigateway_authorizer.token.type
}
