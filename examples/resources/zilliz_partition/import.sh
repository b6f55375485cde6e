# Import a partition by <cluster endpoint>/databases/<database>/collections/<collection>/partitions/<name>.
terraform import zilliz_partition.tenant_a 'https://in01-6183d6bac30f801.gcp-us-west1.vectordb.zillizcloud.com:443/databases/default/collections/articles/partitions/tenant_a'
