# An integration is imported by REST-API-ID/RESOURCE-ID/HTTP-METHOD (its method).
terraform import apigateway_integration.get_pet a1b2c3d4e5/x1y2z3/GET
