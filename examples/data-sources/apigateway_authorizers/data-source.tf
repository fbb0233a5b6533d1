# Every authorizer of an API, and the first one's details.

variable "rest_api_id" {
  type = string
}

data "apigateway_authorizers" "all" {
  rest_api_id = var.rest_api_id
}

data "apigateway_authorizer" "first" {
  rest_api_id   = var.rest_api_id
  authorizer_id = data.apigateway_authorizers.all.ids[0]
}
