# An integration response is imported by REST-API-ID/RESOURCE-ID/HTTP-METHOD/STATUS-CODE.
terraform import apigateway_integration_response.ok a1b2c3d4e5/x1y2z3/GET/200
