# https://api.example.com/v1/... serves the "prod" stage of the API.

resource "apigateway_base_path_mapping" "v1" {
  domain_name = "api.example.com"
  api_id      = "a1b2c3d4e5"
  stage_name  = "prod"
  base_path   = "v1"
}
