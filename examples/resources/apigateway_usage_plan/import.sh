# A usage plan is imported by its id.
terraform import apigateway_usage_plan.example a1b2c3
