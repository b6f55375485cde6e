resource "zilliz_collection" "articles" {
  cluster_endpoint = zilliz_cluster.main.connect_address
  name             = "medium_articles"
  dimension        = 768
  metric_type      = "COSINE"
  description      = "article embeddings"
}

# With the cluster's own credentials instead of the provider's API key.
resource "zilliz_collection" "images" {
  cluster_endpoint = zilliz_cluster.main.connect_address
  name             = "images"
  dimension        = 512
  token            = "${zilliz_cluster.main.username}:${zilliz_cluster.main.password}"
}

# A full schema: scalar fields to filter on, a VarChar primary key, an array, a
# partition key, and the index of your choice.
resource "zilliz_collection" "products" {
  cluster_endpoint     = zilliz_cluster.main.connect_address
  name                 = "products"
  enable_dynamic_field = true
  consistency_level    = "Bounded"

  field {
    name       = "sku"
    data_type  = "VarChar"
    is_primary = true
    max_length = 64
  }
  field {
    name             = "tenant"
    data_type        = "Int64"
    is_partition_key = true
  }
  field {
    name              = "tags"
    data_type         = "Array"
    element_data_type = "VarChar"
    max_capacity      = 16
    max_length        = 32
  }
  field {
    name      = "embedding"
    data_type = "FloatVector"
    dim       = 768
  }

  index {
    field_name  = "embedding"
    index_type  = "HNSW"
    metric_type = "COSINE"
    params      = { M = "16", efConstruction = "200" }
  }
}
