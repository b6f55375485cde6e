package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/vectorops/terraform-provider-zilliz/internal/zillizmock"
)

// Adopting a running collection changes nothing on the server: a schema
// collection made by the provider, `terraform state rm`, `terraform import`
// by its URL, the hand-written configuration unchanged. The plan is empty
// and an apply sends no release, load or index call (the import used to read
// index_type and metric_type into params, and the first apply released the
// collection, dropped its index and built it again).
func TestCLI_collectionImportChangesNothing(t *testing.T) {
	acc := newAccTarget(t)
	testCollectionImportChangesNothing(t, acc, false)
}

// An older server reports no index build parameters: the configured params
// are kept. The first plan shows them added in place (state only), and its
// apply still sends no release, load or index call.
func TestCLI_collectionImportChangesNothing_olderServer(t *testing.T) {
	acc := newAccTarget(t, func(o *zillizmock.Options) { o.IndexDescribeWithoutParams = true })
	testCollectionImportChangesNothing(t, acc, true)
}

func testCollectionImportChangesNothing(t *testing.T, acc accTarget, noParamsTold bool) {
	t.Helper()
	_, endpoint := runningMockCluster(t, acc)
	config := cliProviderBlock(acc) + fmt.Sprintf(`
resource "zilliz_collection" "test" {
  cluster_endpoint = %q
  name             = "catalog"

  field {
    name       = "id"
    data_type  = "Int64"
    is_primary = true
    auto_id    = true
  }
  field {
    name      = "vec"
    data_type = "FloatVector"
    dim       = 8
  }
  field {
    name       = "title"
    data_type  = "VarChar"
    max_length = 64
  }
  index {
    field_name  = "vec"
    index_type  = "HNSW"
    metric_type = "COSINE"
    params      = { M = "16", efConstruction = "64" }
  }
  index {
    field_name = "title"
    index_type = "INVERTED"
  }
}
`, endpoint)
	w := newCLIWorkspace(t, config)
	w.mustRun("apply", "-auto-approve")
	t.Cleanup(func() {
		if out, err := w.run("destroy", "-auto-approve"); err != nil {
			t.Errorf("destroy: %v\n%s", err, out)
		}
	})

	w.mustRun("state", "rm", "zilliz_collection.test")
	w.mustRun("import", "zilliz_collection.test", endpoint+"/databases/default/collections/catalog")
	out, err := w.run("plan", "-detailed-exitcode")
	switch {
	case !noParamsTold && exitCode(err) != 0:
		t.Fatalf("plan after the import: exit %d, want 0 (empty):\n%s", exitCode(err), out)
	case noParamsTold &&
		(exitCode(err) != 2 || !strings.Contains(out, "1 to change, 0 to destroy") || !strings.Contains(out, "+ params")):
		t.Fatalf("plan after the import from an older server: exit %d, want 2 with params added in place and nothing else:\n%s", exitCode(err), out)
	}
	acc.Mock.ResetRequests()
	w.mustRun("apply", "-auto-approve")
	for _, r := range acc.Mock.Requests() {
		if strings.Contains(r.Path, "/indexes/") || strings.HasSuffix(r.Path, "/collections/release") || strings.HasSuffix(r.Path, "/collections/load") {
			t.Errorf("the apply after the import sent %s %s; want no release, load or index call", r.Method, r.Path)
		}
	}
	if out, err := w.run("plan", "-detailed-exitcode"); exitCode(err) != 0 {
		t.Fatalf("plan after the first apply: exit %d, want 0:\n%s", exitCode(err), out)
	}
}
