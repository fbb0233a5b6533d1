# A client certificate is imported by its id.
terraform import apigateway_client_certificate.example ab12cd
