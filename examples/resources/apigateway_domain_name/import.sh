# A domain name is imported by its name (DOMAIN-NAME/DOMAIN-NAME-ID for a private one).
terraform import apigateway_domain_name.example api.example.com
