# A Lambda TOKEN authorizer and a Cognito user pool authorizer; methods use them through
# `authorizer_id` with `authorization = "CUSTOM"` or `"COGNITO_USER_POOLS"`.

variable "authorizer_invoke_arn" {
  description = "The authorizer Lambda function's invoke_arn."
  type        = string
}

variable "user_pool_arn" {
  description = "The Cognito user pool's ARN."
  type        = string
}

resource "apigateway_rest_api" "example" {
  name = "pets"
}

resource "apigateway_authorizer" "token" {
  rest_api_id                      = apigateway_rest_api.example.id
  name                             = "token"
  authorizer_uri                   = var.authorizer_invoke_arn
  identity_validation_expression   = "^Bearer [-0-9a-zA-Z._]+$"
  authorizer_result_ttl_in_seconds = 60
}

resource "apigateway_authorizer" "users" {
  rest_api_id   = apigateway_rest_api.example.id
  name          = "users"
  type          = "COGNITO_USER_POOLS"
  provider_arns = [var.user_pool_arn]
}
