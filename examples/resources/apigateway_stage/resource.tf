# The stage `prod` of an API whose deployment is managed in the same configuration (see
# apigateway_deployment), with stage variables an integration can read as
# `stageVariables.backend`.

variable "rest_api_id" {
  type = string
}

variable "deployment_id" {
  type = string
}

resource "apigateway_stage" "prod" {
  rest_api_id          = var.rest_api_id
  stage_name           = "prod"
  deployment_id        = var.deployment_id
  description          = "production"
  xray_tracing_enabled = true

  variables = {
    backend = "https://backend.example.com"
  }
}
