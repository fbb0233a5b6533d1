variable "name" {
  description = "Name of the REST API."
  type        = string
  default     = "mock-pets"
}

variable "region" {
  description = "AWS region."
  type        = string
  default     = "us-east-1"
}

variable "endpoint" {
  description = "API Gateway endpoint URL; null for real AWS, e.g. http://127.0.0.1:4566 for LocalStack."
  type        = string
  default     = null
}

variable "access_key" {
  description = "Static access key; null to use the AWS credential chain."
  type        = string
  default     = null
}

variable "secret_key" {
  description = "Static secret key; null to use the AWS credential chain."
  type        = string
  default     = null
  sensitive   = true
}

variable "stage_name" {
  description = "Name of the stage that serves the API."
  type        = string
  default     = "v1"
}
