# An authorizer is imported by REST-API-ID/AUTHORIZER-ID.
terraform import apigateway_authorizer.token a1b2c3d4e5/x1y2z3
