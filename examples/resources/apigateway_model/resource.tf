# A Pet model that POST /pets validates its JSON body against.

resource "apigateway_rest_api" "example" {
  name = "pets"
}

resource "apigateway_model" "pet" {
  rest_api_id  = apigateway_rest_api.example.id
  name         = "Pet"
  description  = "A pet."
  content_type = "application/json"

  schema = jsonencode({
    "$schema" = "http://json-schema.org/draft-04/schema#"
    type      = "object"
    required  = ["name"]
    properties = {
      name = { type = "string" }
      age  = { type = "integer", minimum = 0 }
    }
  })
}
