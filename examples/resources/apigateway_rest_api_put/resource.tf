# An API whose definition lives in an OpenAPI file, imported apart from the API and deployed
# after each import.

resource "apigateway_rest_api" "example" {
  name = "pets"
}

resource "apigateway_rest_api_put" "example" {
  rest_api_id = apigateway_rest_api.example.id
  body        = file("${path.module}/openapi.yaml")

  fail_on_warnings = true
}

resource "apigateway_deployment" "example" {
  rest_api_id = apigateway_rest_api.example.id

  depends_on = [apigateway_rest_api_put.example]
}

resource "apigateway_stage" "example" {
  rest_api_id   = apigateway_rest_api.example.id
  stage_name    = "v1"
  deployment_id = apigateway_deployment.example.id
}
