# An API another team manages, found by its name, and a method added to it here.

data "apigateway_rest_api" "shared" {
  name = "shared-pets"
}

resource "apigateway_method" "health" {
  rest_api_id   = data.apigateway_rest_api.shared.id
  resource_id   = data.apigateway_rest_api.shared.root_resource_id
  http_method   = "HEAD"
  authorization = "NONE"
}
