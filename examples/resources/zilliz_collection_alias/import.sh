# Import an alias by <cluster endpoint>/databases/<database>/aliases/<name>.
terraform import zilliz_collection_alias.articles 'https://in01-6183d6bac30f801.gcp-us-west1.vectordb.zillizcloud.com:443/databases/default/aliases/articles'
