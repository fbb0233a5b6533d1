# An API key is imported by its id.
terraform import apigateway_api_key.example a1b2c3d4e5
