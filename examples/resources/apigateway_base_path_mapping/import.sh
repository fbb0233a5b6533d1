# A mapping is imported by DOMAIN-NAME/BASE-PATH (DOMAIN-NAME/ for the root).
terraform import apigateway_base_path_mapping.v1 api.example.com/v1
