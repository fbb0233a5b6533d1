# A REST API is imported by its id.
terraform import apigateway_rest_api.example a1b2c3d4e5
