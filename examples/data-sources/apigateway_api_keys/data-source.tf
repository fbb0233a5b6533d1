# Every key of a Marketplace customer, with their values.

data "apigateway_api_keys" "customer" {
  customer_id    = "customer-123"
  include_values = true
}

output "customer_key_ids" {
  value = [for k in nonsensitive(data.apigateway_api_keys.customer.items) : k.id]
}
