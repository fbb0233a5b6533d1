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
