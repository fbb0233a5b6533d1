# A put is imported by the REST API id (the body is not read back: write it in the configuration).
terraform import apigateway_rest_api_put.example a1b2c3d4e5
