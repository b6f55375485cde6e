# Import a backup by <cluster id>/<backup id> (the zilliz_backups data source lists them).
terraform import zilliz_backup.before_migration in01-6183d6bac30f801/backup1_1e9d15560e4f240
