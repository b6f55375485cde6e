data "zilliz_regions" "gcp" {
  cloud_id = "gcp"
}

output "gcp_regions" {
  value = data.zilliz_regions.gcp.regions[*].id
}
