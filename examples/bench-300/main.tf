# The benchmark's module: one REST API with a CRUD surface of MOCK-backed collections and
# customised gateway responses, generated with for_each so its size is a variable, not a
# paste. With the defaults it holds exactly 300 objects that define the API, and the three
# that put it on the air:
#
#     1 rest api
#   + 17 resources (/items00 ... /items16)
#   + 17 x 4 verbs x (method + method response + integration + integration response) = 272
#   + 10 gateway responses
#   = 300
#   + 1 deployment + 1 stage + the stage's method settings for every method = 303
#
# See the `object_count` output.

locals {
  collections = toset([for i in range(var.collections) : format("items%02d", i)])

  # What each verb does: the status code it answers with, the operation name's verb, the
  # request parameters it accepts and the body its mock returns.
  verbs = {
    GET = {
      status     = "200"
      operation  = "List"
      parameters = { "method.request.querystring.page" = false, "method.request.querystring.limit" = false }
      body       = "{\"items\": [], \"page\": \"$input.params('page')\"}"
    }
    POST = {
      status     = "201"
      operation  = "Create"
      parameters = { "method.request.header.Idempotency-Key" = true }
      body       = "{\"id\": \"$context.requestId\"}"
    }
    PUT = {
      status     = "200"
      operation  = "Replace"
      parameters = { "method.request.header.If-Match" = false }
      body       = "{\"id\": \"$context.requestId\", \"updated\": true}"
    }
    DELETE = {
      status     = "204"
      operation  = "Delete"
      parameters = {}
      # No body: the usual Terraform spelling of "no template".
      body = ""
    }
  }

  # One entry per (collection, verb), keyed "items03 GET".
  methods = {
    for pair in setproduct(local.collections, keys(local.verbs)) :
    "${pair[0]} ${pair[1]}" => merge(local.verbs[pair[1]], {
      collection = pair[0]
      verb       = pair[1]
    })
  }

  # Every gateway response type; the module customises the first var.gateway_responses.
  gateway_response_types = [
    "DEFAULT_4XX", "DEFAULT_5XX", "UNAUTHORIZED", "ACCESS_DENIED", "RESOURCE_NOT_FOUND",
    "THROTTLED", "QUOTA_EXCEEDED", "BAD_REQUEST_BODY", "BAD_REQUEST_PARAMETERS",
    "INTEGRATION_TIMEOUT", "INTEGRATION_FAILURE", "INVALID_API_KEY", "MISSING_AUTHENTICATION_TOKEN",
    "AUTHORIZER_FAILURE", "AUTHORIZER_CONFIGURATION_ERROR", "INVALID_SIGNATURE", "EXPIRED_TOKEN",
    "API_CONFIGURATION_ERROR", "UNSUPPORTED_MEDIA_TYPE", "REQUEST_TOO_LARGE", "WAF_FILTERED",
  ]
  gateway_responses = toset(slice(local.gateway_response_types, 0, var.gateway_responses))

  # Status codes that differ from the type's default.
  gateway_status = {
    UNAUTHORIZED       = "401"
    RESOURCE_NOT_FOUND = "404"
    THROTTLED          = "429"
  }
}

resource "apigateway_rest_api" "api" {
  name        = var.name
  description = "A ${length(local.collections)}-collection CRUD API for the provider's benchmark."

  endpoint_configuration {
    types = ["REGIONAL"]
  }
}

resource "apigateway_resource" "collection" {
  for_each = local.collections

  rest_api_id = apigateway_rest_api.api.id
  parent_id   = apigateway_rest_api.api.root_resource_id
  path_part   = each.key
}

resource "apigateway_method" "m" {
  for_each = local.methods

  rest_api_id        = apigateway_rest_api.api.id
  resource_id        = apigateway_resource.collection[each.value.collection].id
  http_method        = each.value.verb
  authorization      = "NONE"
  operation_name     = "${var.operation_prefix}${each.value.operation}${title(each.value.collection)}"
  request_parameters = each.value.parameters
}

resource "apigateway_method_response" "m" {
  for_each = local.methods

  rest_api_id = apigateway_rest_api.api.id
  resource_id = apigateway_resource.collection[each.value.collection].id
  http_method = apigateway_method.m[each.key].http_method
  status_code = each.value.status

  response_models = each.value.body == "" ? {} : { "application/json" = "Empty" }
  response_parameters = {
    "method.response.header.Access-Control-Allow-Origin" = true
  }
}

resource "apigateway_integration" "m" {
  for_each = local.methods

  rest_api_id = apigateway_rest_api.api.id
  resource_id = apigateway_resource.collection[each.value.collection].id
  http_method = apigateway_method.m[each.key].http_method
  type        = "MOCK"

  request_templates = {
    "application/json" = jsonencode({ statusCode = tonumber(each.value.status) })
  }
}

# Referencing the integration and the method response makes Terraform create both first.
resource "apigateway_integration_response" "m" {
  for_each = local.methods

  rest_api_id = apigateway_rest_api.api.id
  resource_id = apigateway_resource.collection[each.value.collection].id
  http_method = apigateway_integration.m[each.key].http_method
  status_code = apigateway_method_response.m[each.key].status_code

  response_templates = {
    "application/json" = each.value.body
  }
  response_parameters = {
    "method.response.header.Access-Control-Allow-Origin" = "'*'"
  }
}

resource "apigateway_gateway_response" "r" {
  for_each = local.gateway_responses

  rest_api_id   = apigateway_rest_api.api.id
  response_type = each.key
  status_code   = lookup(local.gateway_status, each.key, null)

  response_templates = {
    "application/json" = "{\"error\": \"${lower(each.key)}\", \"message\": $context.error.messageString, \"requestId\": \"$context.requestId\"}"
  }
  response_parameters = {
    "gatewayresponse.header.Access-Control-Allow-Origin" = "'*'"
  }
}

# The deployment publishes every object above; a change to any of them redeploys it in the
# same apply, and the stage moves to the new deployment.
resource "apigateway_deployment" "d" {
  rest_api_id = apigateway_rest_api.api.id

  depends_on = [
    apigateway_method.m,
    apigateway_method_response.m,
    apigateway_integration.m,
    apigateway_integration_response.m,
    apigateway_gateway_response.r,
  ]
}

resource "apigateway_stage" "s" {
  rest_api_id   = apigateway_rest_api.api.id
  stage_name    = "bench"
  deployment_id = apigateway_deployment.d.id
}

resource "apigateway_method_settings" "all" {
  rest_api_id = apigateway_rest_api.api.id
  stage_name  = apigateway_stage.s.stage_name
  method_path = "*/*"

  settings {
    metrics_enabled        = true
    logging_level          = "ERROR"
    throttling_burst_limit = 100
    throttling_rate_limit  = 50
  }
}
