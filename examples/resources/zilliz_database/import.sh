# Import a database by <cluster endpoint>/databases/<name>. The database
# "default" cannot be imported: every cluster has it and it cannot be dropped.
terraform import zilliz_database.tenant_a 'https://in01-6183d6bac30f801.gcp-us-west1.vectordb.zillizcloud.com:443/databases/tenant_a'
