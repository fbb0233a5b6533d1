# A small REST API: /pets and /pets/{petId}.

resource "apigateway_rest_api" "api" {
  name        = var.name
  description = "A mock pet store built with the seed/apigateway provider."

  endpoint_configuration {
    types = ["REGIONAL"]
  }
}

resource "apigateway_resource" "pets" {
  rest_api_id = apigateway_rest_api.api.id
  parent_id   = apigateway_rest_api.api.root_resource_id
  path_part   = "pets"
}

resource "apigateway_resource" "pet" {
  rest_api_id = apigateway_rest_api.api.id
  parent_id   = apigateway_resource.pets.id
  path_part   = "{petId}"
}
