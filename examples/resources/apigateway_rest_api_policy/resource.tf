# Only callers from one network may invoke the API; the policy names the API's ARN, which is
# why it lives apart from the apigateway_rest_api.

resource "apigateway_rest_api" "example" {
  name = "internal-pets"
}

resource "apigateway_rest_api_policy" "example" {
  rest_api_id = apigateway_rest_api.example.id

  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = "*"
        Action    = "execute-api:Invoke"
        Resource  = "${apigateway_rest_api.example.execution_arn}/*"
      },
      {
        Effect    = "Deny"
        Principal = "*"
        Action    = "execute-api:Invoke"
        Resource  = "${apigateway_rest_api.example.execution_arn}/*"
        Condition = {
          NotIpAddress = { "aws:SourceIp" = ["203.0.113.0/24"] }
        }
      },
    ]
  })
}
