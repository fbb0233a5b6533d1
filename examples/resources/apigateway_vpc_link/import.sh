# A VPC link is imported by its id.
terraform import apigateway_vpc_link.example a1b2c3
