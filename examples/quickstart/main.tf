terraform {
  required_providers {
    zilliz = {
      source = "registry.terraform.io/vectorops/zilliz"
    }
  }
}

# Credentials come from the environment: ZILLIZ_API_KEY (and ZILLIZ_BASE_URL when
# you point the provider at a local zilliz-mock).
provider "zilliz" {}

variable "project_id" {
  description = "The Zilliz Cloud project for the cluster (see the zilliz_projects data source)."
  type        = string
}

variable "region_id" {
  description = "The cloud region of the cluster."
  type        = string
  default     = "gcp-us-west1"
}

resource "zilliz_cluster" "quickstart" {
  project_id = var.project_id
  region_id  = var.region_id
  name       = "quickstart"
  plan       = "Serverless"
  labels     = { managed_by = "terraform" }
}

resource "zilliz_collection" "articles" {
  cluster_endpoint = zilliz_cluster.quickstart.connect_address
  name             = "medium_articles"
  dimension        = 768
  metric_type      = "COSINE"
  description      = "article embeddings"
}

output "cluster_id" {
  value = zilliz_cluster.quickstart.id
}

output "cluster_endpoint" {
  value = zilliz_cluster.quickstart.connect_address
}

output "collection_id" {
  value = zilliz_collection.articles.id
}
