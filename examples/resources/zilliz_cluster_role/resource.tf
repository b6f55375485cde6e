# Read-only access to one collection, for a search service.
resource "zilliz_cluster_role" "reader" {
  cluster_endpoint = zilliz_cluster.main.connect_address
  name             = "app_reader"

  grant {
    privilege  = "COLL_RO"
    database   = "default"
    collection = "articles"
  }
}

# Read-write access to every collection of one database, for an indexer,
# and read-only access to the cluster's list of databases.
resource "zilliz_cluster_role" "indexer" {
  cluster_endpoint = zilliz_cluster.main.connect_address
  name             = "indexer"

  grant {
    privilege  = "COLL_RW"
    database   = "default"
    collection = "*"
  }
  grant {
    privilege  = "DB_RO"
    database   = "default"
    collection = "*"
  }
  grant {
    privilege  = "Cluster_RO"
    database   = "*"
    collection = "*"
  }
}
