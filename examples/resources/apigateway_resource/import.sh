# A resource is imported by REST-API-ID/RESOURCE-ID.
terraform import apigateway_resource.pets a1b2c3d4e5/x1y2z3
