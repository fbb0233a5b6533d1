# A documentation version is imported by REST-API-ID/VERSION.
terraform import apigateway_documentation_version.v1 a1b2c3d4e5/1.0.0
