variable "name" {
  description = "Name of the REST API."
  type        = string
  default     = "bench-300"
}

variable "collections" {
  description = "How many collection paths (/items00, /items01, ...) the API has; each gets GET, POST, PUT and DELETE (4 methods x 4 objects). The default makes the module exactly 300 objects that define the API (plus a deployment and a stage)."
  type        = number
  default     = 17
}

variable "gateway_responses" {
  description = "How many gateway response types to customise (at most 21). The default makes the module exactly 300 objects that define the API (plus a deployment and a stage)."
  type        = number
  default     = 10
}

variable "operation_prefix" {
  description = "Prefix of every method's operation_name. Changing it updates every method in place (the benchmark's update run)."
  type        = string
  default     = "V1"
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
