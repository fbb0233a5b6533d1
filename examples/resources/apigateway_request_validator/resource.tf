# POST /pets checks its JSON body against a model, GET /pets its required query string, before
# the integration is called: one validator for each kind of check.

resource "apigateway_rest_api" "example" {
  name = "pets"
}

resource "apigateway_request_validator" "body" {
  rest_api_id           = apigateway_rest_api.example.id
  name                  = "body"
  validate_request_body = true
}

resource "apigateway_request_validator" "parameters" {
  rest_api_id                 = apigateway_rest_api.example.id
  name                        = "parameters"
  validate_request_parameters = true
}

resource "apigateway_resource" "pets" {
  rest_api_id = apigateway_rest_api.example.id
  parent_id   = apigateway_rest_api.example.root_resource_id
  path_part   = "pets"
}

resource "apigateway_method" "create_pet" {
  rest_api_id          = apigateway_rest_api.example.id
  resource_id          = apigateway_resource.pets.id
  http_method          = "POST"
  authorization        = "NONE"
  request_validator_id = apigateway_request_validator.body.id

  request_models = {
    "application/json" = "Empty"
  }
}

resource "apigateway_method" "list_pets" {
  rest_api_id          = apigateway_rest_api.example.id
  resource_id          = apigateway_resource.pets.id
  http_method          = "GET"
  authorization        = "NONE"
  request_validator_id = apigateway_request_validator.parameters.id

  request_parameters = {
    "method.request.querystring.page" = true
  }
}
