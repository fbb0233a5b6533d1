# Method settings are imported by REST-API-ID/STAGE-NAME/METHOD-PATH.
terraform import apigateway_method_settings.list_pets a1b2c3d4e5/prod/pets/GET
