# Import a collection by <cluster endpoint>/databases/<database>/collections/<name>.
# `token` is not read back: set it in the configuration if the collection needs one.
terraform import zilliz_collection.articles 'https://in01-6183d6bac30f801.gcp-us-west1.vectordb.zillizcloud.com:443/databases/default/collections/medium_articles'
