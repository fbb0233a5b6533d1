# A small pets API with one integration of each common kind:
# - GET /pets/{petId} calls an HTTP backend, mapping the path parameter and a header;
# - POST /pets is a Lambda proxy integration (the function's ARN comes from a variable);
# - OPTIONS /pets is answered by API Gateway itself (MOCK), e.g. for CORS preflight.

variable "create_pet_function_invoke_arn" {
  description = "invoke_arn of the Lambda function that creates pets."
  type        = string
}

resource "apigateway_rest_api" "example" {
  name = "pets"
}

resource "apigateway_resource" "pets" {
  rest_api_id = apigateway_rest_api.example.id
  parent_id   = apigateway_rest_api.example.root_resource_id
  path_part   = "pets"
}

resource "apigateway_resource" "pet" {
  rest_api_id = apigateway_rest_api.example.id
  parent_id   = apigateway_resource.pets.id
  path_part   = "{petId}"
}

resource "apigateway_method" "get_pet" {
  rest_api_id   = apigateway_rest_api.example.id
  resource_id   = apigateway_resource.pet.id
  http_method   = "GET"
  authorization = "NONE"

  request_parameters = {
    "method.request.path.petId"        = true
    "method.request.header.X-Trace-Id" = false
  }
}

resource "apigateway_integration" "get_pet" {
  rest_api_id             = apigateway_rest_api.example.id
  resource_id             = apigateway_resource.pet.id
  http_method             = apigateway_method.get_pet.http_method
  type                    = "HTTP"
  integration_http_method = "GET"
  uri                     = "https://petstore.example.com/pets/{id}"
  passthrough_behavior    = "WHEN_NO_TEMPLATES"
  timeout_milliseconds    = 10000

  # Responses are cached per pet.
  cache_key_parameters = ["method.request.path.petId"]

  request_parameters = {
    "integration.request.path.id"           = "method.request.path.petId"
    "integration.request.header.X-Trace-Id" = "method.request.header.X-Trace-Id"
    "integration.request.header.X-Source"   = "'api-gateway'"
  }

  request_templates = {
    "application/json" = ""
  }
}

resource "apigateway_method" "create_pet" {
  rest_api_id   = apigateway_rest_api.example.id
  resource_id   = apigateway_resource.pets.id
  http_method   = "POST"
  authorization = "AWS_IAM"
}

# Lambda functions are always invoked with POST, whatever the method's verb.
resource "apigateway_integration" "create_pet" {
  rest_api_id             = apigateway_rest_api.example.id
  resource_id             = apigateway_resource.pets.id
  http_method             = apigateway_method.create_pet.http_method
  type                    = "AWS_PROXY"
  integration_http_method = "POST"
  uri                     = var.create_pet_function_invoke_arn
}

resource "apigateway_method" "pets_options" {
  rest_api_id   = apigateway_rest_api.example.id
  resource_id   = apigateway_resource.pets.id
  http_method   = "OPTIONS"
  authorization = "NONE"
}

# The integration response that shapes the preflight answer is an
# apigateway_integration_response on this integration.
resource "apigateway_integration" "pets_options" {
  rest_api_id = apigateway_rest_api.example.id
  resource_id = apigateway_resource.pets.id
  http_method = apigateway_method.pets_options.http_method
  type        = "MOCK"

  request_templates = {
    "application/json" = jsonencode({ statusCode = 200 })
  }
}
