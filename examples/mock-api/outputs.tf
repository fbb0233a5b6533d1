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

output "methods" {
  description = "Every method of the API, as `VERB /path`."
  value = concat(
    [for k, m in apigateway_method.mock : "${m.http_method} ${local.mocks[k].resource == "pets" ? apigateway_resource.pets.path : apigateway_resource.pet.path}"],
    ["${apigateway_method.cors.http_method} ${apigateway_resource.pets.path}"],
  )
}

output "gateway_responses" {
  description = "The customised gateway response types."
  value       = sort(keys(apigateway_gateway_response.errors))
}

output "invoke_url" {
  description = "The stage's URL on AWS (`https://ID.execute-api.REGION.amazonaws.com/STAGE`)."
  value       = apigateway_stage.v1.invoke_url
}

output "local_urls" {
  description = "With an emulator `endpoint` (LocalStack), the URL of each method, as `VERB /path` => URL (`{petId}` filled with 1); empty on AWS."
  value = var.endpoint == null ? {} : merge(
    { for k, m in apigateway_method.mock :
      "${m.http_method} ${local.mocks[k].resource == "pets" ? apigateway_resource.pets.path : apigateway_resource.pet.path}" =>
      "${var.endpoint}/restapis/${apigateway_rest_api.api.id}/${apigateway_stage.v1.stage_name}/_user_request_${replace(local.mocks[k].resource == "pets" ? apigateway_resource.pets.path : apigateway_resource.pet.path, "{petId}", "1")}"
    },
    {
      "OPTIONS ${apigateway_resource.pets.path}" = "${var.endpoint}/restapis/${apigateway_rest_api.api.id}/${apigateway_stage.v1.stage_name}/_user_request_${apigateway_resource.pets.path}"
    },
  )
}
