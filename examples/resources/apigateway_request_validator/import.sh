# A request validator is imported by REST-API-ID/REQUEST-VALIDATOR-ID.
terraform import apigateway_request_validator.body a1b2c3d4e5/abc123
