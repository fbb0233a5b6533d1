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

  # One line per call in a CloudWatch Logs group.
  access_log_settings {
    destination_arn = "arn:aws:logs:us-east-1:123456789012:log-group:API-Gateway-Access-Logs"
    format          = "$context.requestId $context.httpMethod $context.resourcePath $context.status"
  }

  # 10% of the calls see the new backend.
  canary_settings {
    percent_traffic = 10
    stage_variable_overrides = {
      backend = "https://next.backend.example.com"
    }
  }
}
