# A usage plan key is imported by the plan id and the API key id.
terraform import apigateway_usage_plan_key.example a1b2c3/k1l2m3n4o5
