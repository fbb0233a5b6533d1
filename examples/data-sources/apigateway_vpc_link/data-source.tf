# The id of a VPC link made elsewhere, for private integrations.

data "apigateway_vpc_link" "internal" {
  name = "internal-services"
}

output "vpc_link_id" {
  value = data.apigateway_vpc_link.internal.id
}
