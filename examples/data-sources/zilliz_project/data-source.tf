# The organisation's Default Project, by name (or set id instead).
data "zilliz_project" "default" {
  name = "Default Project"
}

output "default_project_id" {
  value = data.zilliz_project.default.id
}
