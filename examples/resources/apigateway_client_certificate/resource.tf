# A certificate the stage presents to its HTTP backends.

resource "apigateway_client_certificate" "example" {
  description = "Calls from the pets API"
}
