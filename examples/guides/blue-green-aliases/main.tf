# Blue-green re-indexing: applications search the alias "articles"; each
# re-index builds a new collection and moves the alias to it in one apply.

variable "cluster_endpoint" {
  description = "The cluster's endpoint (zilliz_cluster.<name>.connect_address)."
  type        = string
}

variable "articles_version" {
  description = "The generation of the articles collection that the alias serves. Change it to re-index."
  type        = string
  default     = "v1"
}

# A new generation is a new collection. Changing only the name would rename
# the collection in place, entities and index included; this makes a changed
# generation replace it instead.
resource "terraform_data" "articles_generation" {
  input = var.articles_version
}

resource "zilliz_collection" "articles" {
  cluster_endpoint = var.cluster_endpoint
  name             = "articles_${var.articles_version}"
  dimension        = 768
  metric_type      = "COSINE"

  # Build the new generation before the old one is dropped: the alias always
  # has a collection to name, and the old one is dropped only after the alias
  # has moved away from it. A new generation replaces the collection.
  lifecycle {
    create_before_destroy = true
    replace_triggered_by  = [terraform_data.articles_generation]
  }
}

resource "zilliz_collection_alias" "articles" {
  cluster_endpoint = var.cluster_endpoint
  name             = "articles"
  collection_name  = zilliz_collection.articles.name
}

output "serving" {
  description = "The collection that searches through the alias reach."
  value       = zilliz_collection_alias.articles.collection_name
}
