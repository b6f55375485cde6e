package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/vectorops/terraform-provider-zilliz/internal/zillizmock"
)

// A collection update whose last step fails (here the read after a rename
// that went through) records what is known to be done: the new name and id.
// Recording nothing would keep the old name, and the next apply would try to
// rename a collection that no longer exists under it.
func TestCLI_collectionPartialUpdateRecorded(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	cluster := testAccName("tf-acc-colfail")
	cfg := func(name string) string {
		return cliProviderBlock(acc) + fmt.Sprintf(`
resource "zilliz_cluster" "test" {
  project_id = %q
  region_id  = %q
  name       = %q
  plan       = "Serverless"
}
resource "zilliz_collection" "test" {
  cluster_endpoint = zilliz_cluster.test.connect_address
  name             = %q
  dimension        = 4
}
`, acc.ProjectID, acc.RegionID, cluster, name)
	}
	w := newCLIWorkspace(t, cfg("articles_v1"))
	w.mustRun("apply", "-auto-approve")
	t.Cleanup(func() {
		acc.Mock.SetFaults(zillizmock.Faults{})
		if out, err := w.run("destroy", "-auto-approve"); err != nil {
			t.Errorf("destroy: %v\n%s", err, out)
		}
	})

	acc.Mock.SetFaults(zillizmock.Faults{Rate5xx: 1, PathPrefix: "/v1/vector/collections/describe"})
	w.setConfig(cfg("articles_v2"))
	out, err := w.run("apply", "-auto-approve", "-refresh=false")
	if err == nil || !strings.Contains(out, "Could not read collection articles_v2") {
		t.Fatalf("apply with a refused describe: err %v, want the read's error:\n%s", err, out)
	}
	v := w.stateValues()["zilliz_collection.test"]
	if id, _ := v["id"].(string); v["name"] != "articles_v2" || !strings.HasSuffix(id, "/collections/articles_v2") {
		t.Fatalf("state after the failed read: name %v, id %v; want the renamed collection", v["name"], v["id"])
	}
	acc.Mock.SetFaults(zillizmock.Faults{})
	if out, err := w.run("plan", "-detailed-exitcode"); exitCode(err) != 0 {
		t.Fatalf("plan after the failed read: exit %d, want 0 (nothing left to do):\n%s", exitCode(err), out)
	}
}
