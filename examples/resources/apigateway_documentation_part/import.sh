# A documentation part is imported by REST-API-ID/DOC-PART-ID.
terraform import apigateway_documentation_part.list_pets a1b2c3d4e5/p1q2r3
