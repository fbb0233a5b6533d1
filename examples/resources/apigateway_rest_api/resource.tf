resource "apigateway_rest_api" "example" {
  name               = "pets"
  description        = "The pet store API."
  binary_media_types = ["image/png"]

  endpoint_configuration {
    types = ["REGIONAL"]
  }
}
