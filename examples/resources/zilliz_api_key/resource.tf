# A key for the CI pipeline: a Member of the organisation that may read and
# write one cluster of the search project, and nothing else.
resource "zilliz_api_key" "ci" {
  name        = "ci-pipeline"
  description = "GitHub Actions: loads the nightly embeddings"
  org_role    = "Member"

  project_access {
    project_id  = zilliz_project.search.id
    role        = "Read-Write"
    cluster_ids = [zilliz_cluster.search_main.id]
  }
}

# The secret exists only in the answer to the create call, and from then on
# in the (sensitive) state. Hand it on in the same apply: here as a sensitive
# output; a secrets-manager resource that takes zilliz_api_key.ci.key works
# the same way (see the page's "Handing the key to a secret store").
output "ci_api_key" {
  value     = zilliz_api_key.ci.key
  sensitive = true
}
