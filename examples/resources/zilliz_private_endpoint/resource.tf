# Register an AWS VPC interface endpoint (made with the AWS provider, to the
# endpoint service Zilliz Cloud gives for the region) with the project.
resource "zilliz_private_endpoint" "link" {
  project_id  = zilliz_project.search.id # or a literal project id
  region_id   = "aws-us-west-2"
  endpoint_id = "vpce-0123456789abcdef0" # aws_vpc_endpoint.zilliz.id
}

# On Google Cloud, the Private Service Connect endpoint and its project.
resource "zilliz_private_endpoint" "psc" {
  project_id     = zilliz_project.search.id
  region_id      = "gcp-us-west1"
  endpoint_id    = "zilliz-psc"
  gcp_project_id = "acme-network"
}
