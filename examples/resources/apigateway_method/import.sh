# A method is imported by REST-API-ID/RESOURCE-ID/HTTP-METHOD.
terraform import apigateway_method.list_pets a1b2c3d4e5/x1y2z3/GET
