# A deployment is imported by REST-API-ID/DEPLOYMENT-ID.
terraform import apigateway_deployment.example a1b2c3d4e5/d1e2f3
