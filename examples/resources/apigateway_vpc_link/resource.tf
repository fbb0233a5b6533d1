# A link to an internal Network Load Balancer, for integrations with
# connection_type = "VPC_LINK".

resource "apigateway_vpc_link" "example" {
  name        = "internal-services"
  description = "Reaches the services behind the internal NLB."
  target_arns = ["arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/internal/50dc6c495c0c9188"]

  timeouts {
    create = "30m"
  }
}
