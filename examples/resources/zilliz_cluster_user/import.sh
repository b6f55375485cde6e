# Import a user by <cluster endpoint>/users/<name>. Its password cannot be read:
# set password_wo (or password) to its current password; the next apply checks
# that the cluster accepts it and changes nothing. db_admin cannot be imported.
terraform import zilliz_cluster_user.app 'https://in01-6183d6bac30f801.gcp-us-west1.vectordb.zillizcloud.com:443/users/app'
