# Import a cluster's backup policy by the cluster id.
terraform import zilliz_backup_policy.nightly in01-6183d6bac30f801
