# A dedicated cluster: scaled, relabelled and renamed in place.
resource "zilliz_cluster" "main" {
  project_id = "proj-4487580fcfe2c8a4391686"
  region_id  = "gcp-us-west1"
  name       = "search-prod"
  plan       = "Standard"
  cu_type    = "Performance-optimized"
  cu_size    = 2
  labels     = { team = "search" }

  # Refuse `terraform destroy` until this is set to false and applied.
  deletion_protection = true

  timeouts {
    create = "30m"
  }
}

# A serverless cluster: no CU settings.
resource "zilliz_cluster" "dev" {
  project_id = "proj-4487580fcfe2c8a4391686"
  region_id  = "gcp-us-west1"
  name       = "search-dev"
  plan       = "Serverless"
}

output "endpoint" {
  value = zilliz_cluster.main.connect_address
}

# An autoscaled Enterprise cluster: Zilliz Cloud picks cu_size and replica
# within the bounds (no drift), and destroying it takes a final backup first.
resource "zilliz_cluster" "autoscaled" {
  project_id   = "proj-4487580fcfe2c8a4391686"
  region_id    = "gcp-us-west1"
  name         = "search-autoscaled"
  plan         = "Enterprise"
  final_backup = true

  autoscaling {
    cu {
      min = 2
      max = 8
    }
    replica {
      min = 1
      max = 3
    }
  }
}
