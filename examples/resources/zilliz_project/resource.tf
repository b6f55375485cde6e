# A project for the search team. The plan can be raised later and regions
# added in place; Zilliz Cloud can lower neither.
resource "zilliz_project" "search" {
  name       = "search"
  plan       = "Enterprise"
  region_ids = ["gcp-us-west1"]
}

# Its clusters name it as their project.
resource "zilliz_cluster" "search_main" {
  project_id = zilliz_project.search.id
  region_id  = "gcp-us-west1"
  name       = "search-main"
  plan       = "Enterprise"
  cu_size    = 2
}
