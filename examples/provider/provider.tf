terraform {
  required_providers {
    apigateway = {
      source = "seed/apigateway"
    }
  }
}

# Real AWS: credentials and region come from the usual AWS chain
# (environment, ~/.aws/config and credentials, SSO, instance metadata).
provider "apigateway" {
  region = "eu-west-1"
}

# A local emulator such as LocalStack.
provider "apigateway" {
  alias      = "local"
  region     = "us-east-1"
  endpoint   = "http://127.0.0.1:4566"
  access_key = "test"
  secret_key = "test"
}
