terraform {
  required_providers {
    zilliz = {
      # The full address: Terraform and OpenTofu both find the provider by it
      # (OpenTofu reads a short "vectorops/zilliz" as registry.opentofu.org/...).
      source = "registry.terraform.io/vectorops/zilliz"
    }
  }
}

# The API key is best given through the ZILLIZ_API_KEY environment variable.
provider "zilliz" {}

# Or explicitly, from a sensitive variable.
variable "zilliz_api_key" {
  type      = string
  sensitive = true
}

provider "zilliz" {
  alias    = "explicit"
  api_key  = var.zilliz_api_key
  base_url = "https://api.cloud.zilliz.com"
}
