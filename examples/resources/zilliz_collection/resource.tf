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
