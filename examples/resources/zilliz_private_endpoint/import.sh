# Import a private endpoint by <project id>/<region id>/<endpoint id>.
terraform import zilliz_private_endpoint.link proj-4487580fcfe2c8a4391686/aws-us-west-2/vpce-0123456789abcdef0
