data "zilliz_projects" "all" {}

locals {
  default_project_id = one([for p in data.zilliz_projects.all.projects : p.id if p.name == "Default Project"])
}
