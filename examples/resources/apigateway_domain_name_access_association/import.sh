# An access association is imported by its ARN.
terraform import apigateway_domain_name_access_association.example arn:aws:apigateway:us-east-1:123456789012:/domainnameaccessassociations/domainname/api.internal.example.com+abcd1234/vpcesource/vpce-0123456789abcdef0
