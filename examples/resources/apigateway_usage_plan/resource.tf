# A plan for the v1 stage: 10 requests per second, 5000 a month, and a tighter limit on
# one method. Keys join the plan through apigateway_usage_plan_key.

resource "apigateway_usage_plan" "example" {
  name        = "standard"
  description = "The standard tier."

  api_stages {
    api_id = "a1b2c3d4e5"
    stage  = "v1"

    throttle {
      path        = "/pets/POST"
      burst_limit = 2
      rate_limit  = 1
    }
  }

  throttle_settings {
    burst_limit = 20
    rate_limit  = 10
  }

  quota_settings {
    limit  = 5000
    period = "MONTH"
  }
}
