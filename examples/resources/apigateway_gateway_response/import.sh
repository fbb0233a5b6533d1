# A gateway response is imported by REST-API-ID/RESPONSE-TYPE.
terraform import apigateway_gateway_response.throttled a1b2c3d4e5/THROTTLED
