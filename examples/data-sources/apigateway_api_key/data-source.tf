# The value of a key made elsewhere, for a dependent service.

data "apigateway_api_key" "partner" {
  id = "ru3mpjgse6"
}

output "partner_key_name" {
  value = data.apigateway_api_key.partner.name
}
