# The VPC endpoint may reach the private custom domain.

resource "apigateway_domain_name_access_association" "example" {
  access_association_source      = "vpce-0123456789abcdef0"
  access_association_source_type = "VPCE"
  domain_name_arn                = "arn:aws:apigateway:us-east-1:123456789012:/domainnames/api.internal.example.com+abcd1234"
}
