# Import a cluster by its id. Every attribute but `password` is read from Zilliz
# Cloud (the API returns the password only when the cluster is created).
terraform import zilliz_cluster.main in01-6183d6bac30f801
