# A mock pet store: /pets (GET, POST, OPTIONS for CORS) and /pets/{petId} (GET), all answered
# by MOCK integrations, plus customised gateway responses. Nothing here needs a backend.

locals {
  cors_headers = {
    "Access-Control-Allow-Origin"  = "'*'"
    "Access-Control-Allow-Methods" = "'GET,POST,OPTIONS'"
    "Access-Control-Allow-Headers" = "'Content-Type,Authorization'"
  }

  # The mock methods: what each answers, keyed by a short name.
  mocks = {
    list_pets = {
      resource = "pets"
      method   = "GET"
      params   = { "method.request.querystring.limit" = false, "method.request.querystring.page" = false }
      status   = "200"
      body     = jsonencode([{ id = 1, name = "Rex" }, { id = 2, name = "Tom" }])
    }
    create_pet = {
      resource = "pets"
      method   = "POST"
      params   = {}
      status   = "201"
      body     = jsonencode({ id = 3, created = true })
    }
    get_pet = {
      resource = "pet"
      method   = "GET"
      params   = { "method.request.path.petId" = true }
      status   = "200"
      body     = "{\"id\": $input.params('petId'), \"name\": \"Rex\"}"
    }
  }

  resource_ids = {
    pets = apigateway_resource.pets.id
    pet  = apigateway_resource.pet.id
  }
}

resource "apigateway_rest_api" "api" {
  name        = var.name
  description = "A mock pet store built with the seed/apigateway provider."

  endpoint_configuration {
    types = ["REGIONAL"]
  }
}

resource "apigateway_resource" "pets" {
  rest_api_id = apigateway_rest_api.api.id
  parent_id   = apigateway_rest_api.api.root_resource_id
  path_part   = "pets"
}

resource "apigateway_resource" "pet" {
  rest_api_id = apigateway_rest_api.api.id
  parent_id   = apigateway_resource.pets.id
  path_part   = "{petId}"
}

resource "apigateway_method" "mock" {
  for_each = local.mocks

  rest_api_id        = apigateway_rest_api.api.id
  resource_id        = local.resource_ids[each.value.resource]
  http_method        = each.value.method
  authorization      = "NONE"
  request_parameters = each.value.params
}

resource "apigateway_integration" "mock" {
  for_each = local.mocks

  rest_api_id          = apigateway_rest_api.api.id
  resource_id          = apigateway_method.mock[each.key].resource_id
  http_method          = apigateway_method.mock[each.key].http_method
  type                 = "MOCK"
  passthrough_behavior = "WHEN_NO_TEMPLATES"
  request_templates = {
    "application/json" = jsonencode({ statusCode = tonumber(each.value.status) })
  }
}

resource "apigateway_method_response" "mock" {
  for_each = local.mocks

  rest_api_id = apigateway_rest_api.api.id
  resource_id = apigateway_method.mock[each.key].resource_id
  http_method = apigateway_method.mock[each.key].http_method
  status_code = each.value.status
  response_models = {
    "application/json" = "Empty"
  }
  response_parameters = {
    "method.response.header.Access-Control-Allow-Origin" = true
  }
}

resource "apigateway_integration_response" "mock" {
  for_each = local.mocks

  rest_api_id = apigateway_rest_api.api.id
  resource_id = apigateway_integration.mock[each.key].resource_id
  http_method = apigateway_integration.mock[each.key].http_method
  status_code = apigateway_method_response.mock[each.key].status_code
  response_templates = {
    "application/json" = each.value.body
  }
  response_parameters = {
    "method.response.header.Access-Control-Allow-Origin" = "'*'"
  }
}

# CORS preflight: OPTIONS /pets answers 200 with the CORS headers and an empty body.
resource "apigateway_method" "cors" {
  rest_api_id   = apigateway_rest_api.api.id
  resource_id   = apigateway_resource.pets.id
  http_method   = "OPTIONS"
  authorization = "NONE"
}

resource "apigateway_integration" "cors" {
  rest_api_id = apigateway_rest_api.api.id
  resource_id = apigateway_method.cors.resource_id
  http_method = apigateway_method.cors.http_method
  type        = "MOCK"
  request_templates = {
    "application/json" = "{\"statusCode\": 200}"
  }
}

resource "apigateway_method_response" "cors" {
  rest_api_id = apigateway_rest_api.api.id
  resource_id = apigateway_method.cors.resource_id
  http_method = apigateway_method.cors.http_method
  status_code = "200"
  response_models = {
    "application/json" = "Empty"
  }
  response_parameters = { for name, _ in local.cors_headers : "method.response.header.${name}" => true }
}

resource "apigateway_integration_response" "cors" {
  rest_api_id         = apigateway_rest_api.api.id
  resource_id         = apigateway_integration.cors.resource_id
  http_method         = apigateway_integration.cors.http_method
  status_code         = apigateway_method_response.cors.status_code
  response_parameters = { for name, value in local.cors_headers : "method.response.header.${name}" => value }
  response_templates = {
    "application/json" = ""
  }
}

# Errors in the same JSON shape as the API's answers, with CORS headers so browsers can read them.
resource "apigateway_gateway_response" "errors" {
  for_each = {
    DEFAULT_4XX        = null
    DEFAULT_5XX        = null
    RESOURCE_NOT_FOUND = "404"
  }

  rest_api_id   = apigateway_rest_api.api.id
  response_type = each.key
  status_code   = each.value
  response_templates = {
    "application/json" = "{\"error\": $context.error.messageString, \"requestId\": \"$context.requestId\"}"
  }
  response_parameters = {
    "gatewayresponse.header.Access-Control-Allow-Origin" = "'*'"
  }
}

# The API on the air: a deployment of everything above, served by the stage `v1`. A change to
# any of these objects is published by a new deployment in the same apply (no `triggers`).
resource "apigateway_deployment" "api" {
  rest_api_id = apigateway_rest_api.api.id
  description = "The mock pet store."

  depends_on = [
    apigateway_method.mock,
    apigateway_integration.mock,
    apigateway_method_response.mock,
    apigateway_integration_response.mock,
    apigateway_method.cors,
    apigateway_integration.cors,
    apigateway_method_response.cors,
    apigateway_integration_response.cors,
    apigateway_gateway_response.errors,
  ]
}

resource "apigateway_stage" "v1" {
  rest_api_id   = apigateway_rest_api.api.id
  stage_name    = var.stage_name
  deployment_id = apigateway_deployment.api.id
  description   = "The first version of the mock pet store."
}

# Every method of the stage: CloudWatch metrics and a throttle. (Logging would also need the
# account's CloudWatch role, see apigateway_account.)
resource "apigateway_method_settings" "all" {
  rest_api_id = apigateway_rest_api.api.id
  stage_name  = apigateway_stage.v1.stage_name
  method_path = "*/*"

  settings {
    metrics_enabled        = true
    throttling_burst_limit = 100
    throttling_rate_limit  = 50
  }
}
