# The alias target of a custom domain, for a DNS record made elsewhere.

data "apigateway_domain_name" "api" {
  domain_name = "api.example.com"
}

output "alias_target" {
  value = {
    name    = data.apigateway_domain_name.api.regional_domain_name
    zone_id = data.apigateway_domain_name.api.regional_zone_id
  }
}
