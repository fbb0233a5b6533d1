resource "apigateway_rest_api" "example" {
  name = "pets"
}

resource "apigateway_resource" "pets" {
  rest_api_id = apigateway_rest_api.example.id
  parent_id   = apigateway_rest_api.example.root_resource_id
  path_part   = "pets"
}

resource "apigateway_resource" "pet" {
  rest_api_id = apigateway_rest_api.example.id
  parent_id   = apigateway_resource.pets.id
  path_part   = "{petId}"
}

# GET /pets?page=2: open to everyone, with an optional query string parameter.
resource "apigateway_method" "list_pets" {
  rest_api_id    = apigateway_rest_api.example.id
  resource_id    = apigateway_resource.pets.id
  http_method    = "GET"
  authorization  = "NONE"
  operation_name = "ListPets"

  request_parameters = {
    "method.request.querystring.page" = false
  }
}

# POST /pets: signed (SigV4) callers with an API key; the body must match the built-in
# "Empty" model.
resource "apigateway_method" "create_pet" {
  rest_api_id      = apigateway_rest_api.example.id
  resource_id      = apigateway_resource.pets.id
  http_method      = "POST"
  authorization    = "AWS_IAM"
  api_key_required = true
  operation_name   = "CreatePet"

  request_models = {
    "application/json" = "Empty"
  }
}

# GET /pets/{petId}: the path parameter is required.
resource "apigateway_method" "get_pet" {
  rest_api_id    = apigateway_rest_api.example.id
  resource_id    = apigateway_resource.pet.id
  http_method    = "GET"
  authorization  = "NONE"
  operation_name = "GetPet"

  request_parameters = {
    "method.request.path.petId" = true
  }
}
