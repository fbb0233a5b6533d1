# A stage is imported by REST-API-ID/STAGE-NAME.
terraform import apigateway_stage.prod a1b2c3d4e5/prod
