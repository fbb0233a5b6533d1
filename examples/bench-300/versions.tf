terraform {
  required_version = ">= 1.0"
  required_providers {
    apigateway = {
      source = "seed/apigateway"
    }
  }
}

provider "apigateway" {
  region     = var.region
  endpoint   = var.endpoint
  access_key = var.access_key
  secret_key = var.secret_key
}
