# One database per tenant, with its own replicas and a cap on collections.
resource "zilliz_database" "tenant_a" {
  cluster_endpoint = zilliz_cluster.main.connect_address
  name             = "tenant_a"

  properties = {
    "database.replica.number"  = "2"
    "database.max.collections" = "50"
  }
}

# A collection in that database. Referencing the database's name orders the
# apply (database first) and the destroy (collection first).
resource "zilliz_collection" "tenant_a_docs" {
  cluster_endpoint = zilliz_cluster.main.connect_address
  database         = zilliz_database.tenant_a.name
  name             = "docs"
  dimension        = 768
}
