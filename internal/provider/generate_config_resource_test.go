package provider

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
)

// Users adopt what already runs with `import` blocks and
// `terraform plan -generate-config-out=generated.tf` (Terraform >= 1.5). The
// generated HCL must be valid as written and plan nothing once imported, for
// every shape: a Free, a Serverless and a Dedicated cluster, a quick-setup and a
// schema collection. Run through the real CLI, as users do.
func TestAccGenerateConfig_everyShape(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	free, _ := newMockClusterWith(t, acc, zilliz.CreateClusterRequest{Plan: planFree, ClusterName: "gen-free"})
	serverless, _ := newMockClusterWith(t, acc, zilliz.CreateClusterRequest{Plan: planServerless, ClusterName: "gen-serverless",
		Labels: map[string]string{"env": "test"}})
	dedicated, _ := newMockClusterWith(t, acc, zilliz.CreateClusterRequest{Plan: planStandard, ClusterName: "gen-dedicated",
		CUType: "Capacity-optimized", CUSize: 2})

	client, err := zilliz.NewClient(zilliz.Config{BaseURL: acc.Mock.URL(), APIKey: acc.Mock.APIKey()})
	if err != nil {
		t.Fatal(err)
	}
	dp, err := client.DataPlane(serverless.ConnectAddress, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := dp.CreateCollection(t.Context(), zilliz.CreateCollectionRequest{CollectionName: "quick", Dimension: 8, MetricType: "L2"}); err != nil {
		t.Fatal(err)
	}
	if err := dp.CreateCollectionV2(t.Context(), zilliz.CreateCollectionV2Request{
		CollectionName: "catalog", Description: "products", ConsistencyLevel: "Strong", ShardsNum: 2,
		Fields: []zilliz.FieldSchema{
			{FieldName: "sku", DataType: "VarChar", IsPrimary: true, MaxLength: 64},
			{FieldName: "embedding", DataType: "FloatVector", Dim: 16},
			{FieldName: "tags", DataType: "Array", ElementDataType: "VarChar", MaxLength: 32, MaxCapacity: 8},
		},
		Indexes: []zilliz.IndexParam{{FieldName: "embedding", MetricType: "IP", IndexType: "AUTOINDEX"}},
	}); err != nil {
		t.Fatal(err)
	}

	imports := devOverridesRequiredProviders + fmt.Sprintf(`
import {
  to = zilliz_cluster.free
  id = %q
}
import {
  to = zilliz_cluster.serverless
  id = %q
}
import {
  to = zilliz_cluster.dedicated
  id = %q
}
import {
  to = zilliz_collection.quick
  id = %q
}
import {
  to = zilliz_collection.catalog
  id = %q
}
`, free.ClusterID, serverless.ClusterID, dedicated.ClusterID,
		collectionID(serverless.ConnectAddress, "default", "quick"), collectionID(serverless.ConnectAddress, "default", "catalog"))
	w := newCLIWorkspace(t, imports, "ZILLIZ_API_KEY="+acc.Mock.APIKey(), "ZILLIZ_BASE_URL="+acc.Mock.URL())
	w.skipBelow(tfversion.Version1_5_0, "import blocks and -generate-config-out need Terraform 1.5")
	out := w.mustRun("plan", "-generate-config-out=generated.tf")
	generated, err := os.ReadFile(filepath.Join(w.dir, "generated.tf"))
	if err != nil {
		t.Fatalf("no generated.tf: %v\n%s", err, out)
	}
	t.Logf("generated.tf:\n%s", generated)
	if !strings.Contains(out, "5 to import, 0 to add, 0 to change, 0 to destroy") {
		t.Fatalf("plan with the generated configuration is not import-only:\n%s", out)
	}
	// Valid as written: plan it again from the file, apply the imports, then nothing is left to do.
	out = w.mustRun("apply", "-auto-approve")
	if !strings.Contains(out, "5 imported, 0 added, 0 changed, 0 destroyed") {
		t.Fatalf("apply:\n%s", out)
	}
	if out, err := w.run("plan", "-detailed-exitcode"); err != nil {
		t.Fatalf("plan after the import is not empty (%v):\n%s\ngenerated.tf:\n%s", err, out, generated)
	}
}

// devOverridesRequiredProviders names the provider as dev_overrides serve it.
const devOverridesRequiredProviders = `
terraform {
  required_providers {
    zilliz = { source = "registry.terraform.io/vectorops/zilliz" }
  }
}
`

// testImportEveryClusterConfig is the importing guide's for_each example
// (Terraform >= 1.7): every cluster the key can see, imported and managed.
const testImportEveryClusterConfig = `
data "zilliz_clusters" "all" {}

# The list does not carry every setting (labels): describe each cluster.
data "zilliz_cluster" "each" {
  for_each = toset([for c in data.zilliz_clusters.all.clusters : c.id])
  id       = each.key
}

import {
  for_each = data.zilliz_cluster.each
  to       = zilliz_cluster.all[each.key]
  id       = each.key
}

resource "zilliz_cluster" "all" {
  for_each   = data.zilliz_cluster.each
  project_id = each.value.project_id
  region_id  = each.value.region_id
  name       = each.value.name
  plan       = each.value.plan
  cu_type    = each.value.cu_type
  cu_size    = each.value.cu_size
  replica    = each.value.replica
  labels     = length(coalesce(each.value.labels, {})) > 0 ? each.value.labels : null
}
`

// The importing guide's for_each import takes over every cluster with one plan
// and leaves nothing to change.
func TestAccGenerateConfig_importEveryCluster(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	newMockClusterWith(t, acc, zilliz.CreateClusterRequest{Plan: planFree, ClusterName: "each-free"})
	newMockClusterWith(t, acc, zilliz.CreateClusterRequest{Plan: planServerless, ClusterName: "each-serverless", Labels: map[string]string{"env": "prod"}})
	newMockClusterWith(t, acc, zilliz.CreateClusterRequest{Plan: planStandard, ClusterName: "each-dedicated", CUType: defaultCUType, CUSize: 4})

	w := newCLIWorkspace(t, devOverridesRequiredProviders+testImportEveryClusterConfig,
		"ZILLIZ_API_KEY="+acc.Mock.APIKey(), "ZILLIZ_BASE_URL="+acc.Mock.URL())
	w.skipBelow(tfversion.Version1_7_0, "import blocks with for_each need Terraform 1.7")
	if out := w.mustRun("plan"); !strings.Contains(out, "3 to import, 0 to add, 0 to change, 0 to destroy") {
		t.Fatalf("plan:\n%s", out)
	}
	w.mustRun("apply", "-auto-approve")
	if out, err := w.run("plan", "-detailed-exitcode"); err != nil {
		t.Fatalf("plan after the import is not empty (%v):\n%s", err, out)
	}
}

// skipBelow skips the test when the workspace's Terraform CLI is older than minimum.
func (w *cliWorkspace) skipBelow(minimum *version.Version, why string) {
	w.t.Helper()
	out := w.mustRun("version", "-json")
	var v struct {
		Version string `json:"terraform_version"`
	}
	if err := json.Unmarshal([]byte(out[strings.Index(out, "{"):]), &v); err != nil {
		w.t.Fatalf("terraform version -json: %v\n%s", err, out)
	}
	got, err := version.NewVersion(v.Version)
	if err != nil {
		w.t.Fatal(err)
	}
	if got.LessThan(minimum) {
		w.t.Skipf("%s; this is Terraform %s", why, got)
	}
}
