# Every customized key of the organisation and what it reaches (never the
# secrets): for example, the keys with Admin rights somewhere.
data "zilliz_api_keys" "all" {}

output "admin_keys" {
  value = [for k in data.zilliz_api_keys.all.api_keys : k.name if anytrue([for p in k.project_access : p.role == "Admin"])]
}
