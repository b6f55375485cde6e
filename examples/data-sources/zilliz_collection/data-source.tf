data "zilliz_collection" "articles" {
  cluster_endpoint = data.zilliz_cluster.shared.connect_address
  name             = "medium_articles"
}

output "articles_dimension" {
  value = data.zilliz_collection.articles.dimension
}
