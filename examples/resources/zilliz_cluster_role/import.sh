# Import a custom role by <cluster endpoint>/roles/<name>. The built-in roles
# (db_admin, db_rw, db_ro) cannot be imported.
terraform import zilliz_cluster_role.reader 'https://in01-6183d6bac30f801.gcp-us-west1.vectordb.zillizcloud.com:443/roles/app_reader'
