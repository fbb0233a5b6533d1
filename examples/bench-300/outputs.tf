output "rest_api_id" {
  description = "Id of the REST API."
  value       = apigateway_rest_api.api.id
}

output "object_count" {
  description = "How many objects the module manages (303 with the defaults: 300 that define the API, a deployment, a stage and its method settings)."
  value = sum([
    4,
    length(apigateway_resource.collection),
    length(apigateway_method.m),
    length(apigateway_method_response.m),
    length(apigateway_integration.m),
    length(apigateway_integration_response.m),
    length(apigateway_gateway_response.r),
  ])
}
