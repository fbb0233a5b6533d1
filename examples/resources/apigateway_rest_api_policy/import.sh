# A REST API's policy is imported by the REST API id.
terraform import apigateway_rest_api_policy.example a1b2c3d4e5
