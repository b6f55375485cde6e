# Least privilege for applications: the search service reads one collection,
# the indexer writes it, and neither can do anything else on the cluster.

variable "cluster_endpoint" {
  description = "The endpoint of a Dedicated cluster (zilliz_cluster.<name>.connect_address)."
  type        = string
}

variable "search_password" {
  description = "The search service's password, from your secret store."
  type        = string
  sensitive   = true
}

variable "search_password_version" {
  description = "Bump when search_password changes: the apply rotates it in place."
  type        = number
  default     = 1
}

variable "search_previous_password" {
  description = "The search service's current password, during a rotation only."
  type        = string
  sensitive   = true
  default     = null
}

variable "indexer_password" {
  description = "The indexer's password, from your secret store."
  type        = string
  sensitive   = true
}

# Read-only: search, query and describe the articles collection.
resource "zilliz_cluster_role" "search" {
  cluster_endpoint = var.cluster_endpoint
  name             = "search_ro"

  grant {
    privilege  = "COLL_RO"
    database   = "default"
    collection = "articles"
  }
}

# Read-write: insert, delete, index, load and partition the articles
# collection, and list the database's collections. No collection can be
# created or dropped (that is DB_Admin).
resource "zilliz_cluster_role" "indexer" {
  cluster_endpoint = var.cluster_endpoint
  name             = "indexer_rw"

  grant {
    privilege  = "COLL_RW"
    database   = "default"
    collection = "articles"
  }
  grant {
    privilege  = "DB_RO"
    database   = "default"
    collection = "*"
  }
}

resource "zilliz_cluster_user" "search" {
  cluster_endpoint     = var.cluster_endpoint
  name                 = "search_svc"
  password_wo          = var.search_password
  password_wo_version  = var.search_password_version
  previous_password_wo = var.search_previous_password
  roles                = [zilliz_cluster_role.search.name]
}

resource "zilliz_cluster_user" "indexer" {
  cluster_endpoint    = var.cluster_endpoint
  name                = "indexer"
  password_wo         = var.indexer_password
  password_wo_version = 1
  roles               = [zilliz_cluster_role.indexer.name]
}
