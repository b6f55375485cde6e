resource "zilliz_collection" "articles_v1" {
  cluster_endpoint = zilliz_cluster.main.connect_address
  name             = "articles_v1"
  dimension        = 768
}

# Applications search "articles". Pointing collection_name at another
# collection retargets the alias in place, without a moment in which it is missing.
resource "zilliz_collection_alias" "articles" {
  cluster_endpoint = zilliz_cluster.main.connect_address
  name             = "articles"
  collection_name  = zilliz_collection.articles_v1.name
}
