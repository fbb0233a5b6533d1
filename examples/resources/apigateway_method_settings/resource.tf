variable "rest_api_id" {
  type = string
}

resource "apigateway_method_settings" "all" {
  rest_api_id = var.rest_api_id
  stage_name  = "prod"
  method_path = "*/*"

  settings {
    metrics_enabled = true
    logging_level   = "ERROR"
  }
}

resource "apigateway_method_settings" "list_pets" {
  rest_api_id = var.rest_api_id
  stage_name  = "prod"
  method_path = "pets/GET"

  settings {
    throttling_burst_limit = 10
    throttling_rate_limit  = 5
  }
}
