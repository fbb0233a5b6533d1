# The role API Gateway writes CloudWatch logs with, for every stage in the region.

resource "apigateway_account" "this" {
  cloudwatch_role_arn = "arn:aws:iam::123456789012:role/api-gateway-cloudwatch"
}
