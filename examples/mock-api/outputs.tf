output "rest_api_id" {
  description = "Id of the REST API."
  value       = apigateway_rest_api.api.id
}

output "root_resource_id" {
  description = "Id of the API's root resource."
  value       = apigateway_rest_api.api.root_resource_id
}

output "paths" {
  description = "The resource paths of the API."
  value       = [apigateway_resource.pets.path, apigateway_resource.pet.path]
}
