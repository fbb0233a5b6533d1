# A key for one caller, with a value AWS generates (read it from the state, it is sensitive).

resource "apigateway_api_key" "example" {
  name        = "partner-acme"
  description = "Acme's integration"
}
