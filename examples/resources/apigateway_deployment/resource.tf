# GET /health answered by API Gateway itself, deployed to the stage `prod`. The deployment
# depends on every object of the API it publishes: a change to any of them makes a new
# deployment in the same apply, and the stage moves to it. No `triggers` are needed.

resource "apigateway_rest_api" "example" {
  name = "health"
}

resource "apigateway_resource" "health" {
  rest_api_id = apigateway_rest_api.example.id
  parent_id   = apigateway_rest_api.example.root_resource_id
  path_part   = "health"
}

resource "apigateway_method" "get" {
  rest_api_id   = apigateway_rest_api.example.id
  resource_id   = apigateway_resource.health.id
  http_method   = "GET"
  authorization = "NONE"
}

resource "apigateway_integration" "get" {
  rest_api_id = apigateway_rest_api.example.id
  resource_id = apigateway_resource.health.id
  http_method = apigateway_method.get.http_method
  type        = "MOCK"
  request_templates = {
    "application/json" = "{\"statusCode\": 200}"
  }
}

resource "apigateway_method_response" "ok" {
  rest_api_id = apigateway_rest_api.example.id
  resource_id = apigateway_resource.health.id
  http_method = apigateway_method.get.http_method
  status_code = "200"
}

resource "apigateway_integration_response" "ok" {
  rest_api_id = apigateway_rest_api.example.id
  resource_id = apigateway_resource.health.id
  http_method = apigateway_integration.get.http_method
  status_code = apigateway_method_response.ok.status_code
  response_templates = {
    "application/json" = "{\"status\": \"ok\"}"
  }
}

resource "apigateway_deployment" "example" {
  rest_api_id = apigateway_rest_api.example.id
  description = "health check"

  depends_on = [
    apigateway_method.get,
    apigateway_integration.get,
    apigateway_method_response.ok,
    apigateway_integration_response.ok,
  ]
}

resource "apigateway_stage" "prod" {
  rest_api_id   = apigateway_rest_api.example.id
  stage_name    = "prod"
  deployment_id = apigateway_deployment.example.id
}
