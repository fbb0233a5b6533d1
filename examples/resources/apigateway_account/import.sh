# The account settings are imported by their fixed id.
terraform import apigateway_account.this api-gateway-account
