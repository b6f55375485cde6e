# Every alias of a database, with the collection each one names.
data "zilliz_collection_aliases" "all" {
  cluster_endpoint = data.zilliz_cluster.shared.connect_address
  database         = "default"
}

# Only the aliases of one collection.
data "zilliz_collection_aliases" "articles" {
  cluster_endpoint = data.zilliz_cluster.shared.connect_address
  collection_name  = "articles_v2"
}

output "alias_targets" {
  value = data.zilliz_collection_aliases.all.collections
}
