# GET /pets is answered by a MOCK integration. Its default integration response (no
# selection_pattern) becomes the method's 200 with a JSON body and a CORS header; answers
# whose status code matches 5\d{2} become the method's 500.

resource "apigateway_rest_api" "example" {
  name = "pets"
}

resource "apigateway_resource" "pets" {
  rest_api_id = apigateway_rest_api.example.id
  parent_id   = apigateway_rest_api.example.root_resource_id
  path_part   = "pets"
}

resource "apigateway_method" "list" {
  rest_api_id   = apigateway_rest_api.example.id
  resource_id   = apigateway_resource.pets.id
  http_method   = "GET"
  authorization = "NONE"
}

resource "apigateway_method_response" "ok" {
  rest_api_id = apigateway_rest_api.example.id
  resource_id = apigateway_resource.pets.id
  http_method = apigateway_method.list.http_method
  status_code = "200"

  response_parameters = {
    "method.response.header.Access-Control-Allow-Origin" = true
  }
}

resource "apigateway_method_response" "error" {
  rest_api_id = apigateway_rest_api.example.id
  resource_id = apigateway_resource.pets.id
  http_method = apigateway_method.list.http_method
  status_code = "500"
}

resource "apigateway_integration" "mock" {
  rest_api_id = apigateway_rest_api.example.id
  resource_id = apigateway_resource.pets.id
  http_method = apigateway_method.list.http_method
  type        = "MOCK"

  request_templates = {
    "application/json" = jsonencode({ statusCode = 200 })
  }
}

# Referencing the integration and the method response (not just their ids) makes Terraform
# create both before the integration response, which needs them to exist.
resource "apigateway_integration_response" "ok" {
  rest_api_id = apigateway_rest_api.example.id
  resource_id = apigateway_resource.pets.id
  http_method = apigateway_integration.mock.http_method
  status_code = apigateway_method_response.ok.status_code

  response_templates = {
    "application/json" = jsonencode([{ id = 1, name = "Rex" }])
  }

  response_parameters = {
    "method.response.header.Access-Control-Allow-Origin" = "'*'"
  }
}

resource "apigateway_integration_response" "error" {
  rest_api_id       = apigateway_rest_api.example.id
  resource_id       = apigateway_resource.pets.id
  http_method       = apigateway_integration.mock.http_method
  status_code       = apigateway_method_response.error.status_code
  selection_pattern = "5\\d{2}"

  # An empty template for JSON answers.
  response_templates = {
    "application/json" = ""
  }
}
