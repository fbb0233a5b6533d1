# A JavaScript SDK of the prod stage, its archive base64-encoded.

data "apigateway_sdk" "js" {
  rest_api_id = "a1b2c3d4e5"
  stage_name  = "prod"
  sdk_type    = "javascript"
}

output "sdk_zip_base64" {
  value = data.apigateway_sdk.js.body_base64
}
