# A REST API whose own error answers (missing credentials, throttling, every other 4xx) carry
# CORS headers and a JSON body the front end understands.

resource "apigateway_rest_api" "example" {
  name = "pets"
}

resource "apigateway_resource" "pets" {
  rest_api_id = apigateway_rest_api.example.id
  parent_id   = apigateway_rest_api.example.root_resource_id
  path_part   = "pets"
}

resource "apigateway_method" "list" {
  rest_api_id      = apigateway_rest_api.example.id
  resource_id      = apigateway_resource.pets.id
  http_method      = "GET"
  authorization    = "NONE"
  api_key_required = true
}

# A request without a valid API key: 401 instead of AWS's 403, with a machine-readable body.
resource "apigateway_gateway_response" "invalid_api_key" {
  rest_api_id   = apigateway_rest_api.example.id
  response_type = "INVALID_API_KEY"
  status_code   = "401"

  response_templates = {
    "application/json" = "{\"error\":\"invalid_api_key\",\"message\":$context.error.messageString,\"requestId\":\"$context.requestId\"}"
  }

  response_parameters = {
    "gatewayresponse.header.Access-Control-Allow-Origin" = "'*'"
    "gatewayresponse.header.WWW-Authenticate"            = "'ApiKey'"
  }
}

# Throttled: keep AWS's status code (429) and body, add a Retry-After header.
resource "apigateway_gateway_response" "throttled" {
  rest_api_id   = apigateway_rest_api.example.id
  response_type = "THROTTLED"

  response_parameters = {
    "gatewayresponse.header.Access-Control-Allow-Origin" = "'*'"
    "gatewayresponse.header.Retry-After"                 = "'1'"
  }
}

# Every other 4xx answer that is not customised above: CORS headers only.
resource "apigateway_gateway_response" "default_4xx" {
  rest_api_id   = apigateway_rest_api.example.id
  response_type = "DEFAULT_4XX"

  response_parameters = {
    "gatewayresponse.header.Access-Control-Allow-Origin"  = "'*'"
    "gatewayresponse.header.Access-Control-Allow-Headers" = "'Content-Type,X-Api-Key'"
  }
}
