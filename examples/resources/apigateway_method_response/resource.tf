# GET /pets answers 200 with a JSON body and a CORS header, and 404 with the Error model.

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

  response_models = {
    "application/json" = "Empty"
  }

  # true: every 200 response must carry the header; false: it may.
  response_parameters = {
    "method.response.header.Access-Control-Allow-Origin" = true
    "method.response.header.X-Request-Id"                = false
  }
}

resource "apigateway_method_response" "not_found" {
  rest_api_id = apigateway_rest_api.example.id
  resource_id = apigateway_resource.pets.id
  http_method = apigateway_method.list.http_method
  status_code = "404"

  response_models = {
    "application/json" = "Error"
  }
}
