# One partition per tenant in a shared collection; searches can be limited
# to a tenant's partition.
resource "zilliz_partition" "tenant_a" {
  cluster_endpoint = zilliz_cluster.main.connect_address
  database         = "default"
  collection_name  = zilliz_collection.articles.name
  name             = "tenant_a"
}
