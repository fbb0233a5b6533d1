# A model is imported by REST-API-ID/MODEL-NAME.
terraform import apigateway_model.pet a1b2c3d4e5/Pet
