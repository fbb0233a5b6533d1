# Callers with the key may call the plan's stages.

resource "apigateway_api_key" "example" {
  name = "partner-acme"
}

resource "apigateway_usage_plan" "example" {
  name = "standard"

  api_stages {
    api_id = "a1b2c3d4e5"
    stage  = "v1"
  }
}

resource "apigateway_usage_plan_key" "example" {
  key_id        = apigateway_api_key.example.id
  key_type      = "API_KEY"
  usage_plan_id = apigateway_usage_plan.example.id
}
