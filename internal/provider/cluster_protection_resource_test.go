package provider

import (
	"fmt"
	"strings"
	"testing"
)

// deletion_protection on a cluster holds on every path Terraform can take to
// replace it, not only the plans whose arguments force a replacement:
// `terraform apply -replace` (with and without refresh), a
// `replace_triggered_by` that fires, and a tainted resource. Each fails at plan time with an error naming the cluster, and the
// mock's request log shows no drop of anything: not the cluster, not its two
// collections, its database or its alias (which a replacement destroys first).
func TestCLI_clusterProtectionHoldsOnForcedReplacement(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	name := testAccName("tf-acc-protect")
	// trigger is the input of the terraform_data the cluster's
	// replace_triggered_by names: changing it fires the replacement.
	trigger := "v1"
	cfg := func(protected bool) string {
		return cliProviderBlock(acc) + fmt.Sprintf(`
resource "terraform_data" "trigger" {
  input = %q
}
resource "zilliz_cluster" "c" {
  project_id          = %q
  region_id           = %q
  name                = %q
  plan                = "Standard"
  deletion_protection = %t
  lifecycle {
    replace_triggered_by = [terraform_data.trigger]
  }
}
resource "zilliz_collection" "a" {
  cluster_endpoint = zilliz_cluster.c.connect_address
  name             = "articles"
  dimension        = 4
}
resource "zilliz_collection" "b" {
  cluster_endpoint = zilliz_cluster.c.connect_address
  name             = "books"
  dimension        = 4
}
resource "zilliz_database" "d" {
  cluster_endpoint = zilliz_cluster.c.connect_address
  name             = "tenant_a"
}
resource "zilliz_collection_alias" "x" {
  cluster_endpoint = zilliz_cluster.c.connect_address
  name             = "current"
  collection_name  = zilliz_collection.a.name
}
`, trigger, acc.ProjectID, acc.RegionID, name, protected)
	}
	w := newCLIWorkspace(t, cfg(true))
	w.mustRun("apply", "-auto-approve")
	id, _ := w.stateValues()["zilliz_cluster.c"]["id"].(string)
	t.Cleanup(func() {
		w.setConfig(cfg(false))
		if out, err := w.run("apply", "-auto-approve"); err != nil {
			t.Errorf("unprotect: %v\n%s", err, out)
		}
		if out, err := w.run("destroy", "-auto-approve"); err != nil {
			t.Errorf("destroy: %v\n%s", err, out)
		}
	})

	refused := func(what string, args ...string) {
		t.Helper()
		acc.Mock.ResetRequests()
		out, err := w.run(args...)
		if err == nil {
			t.Fatalf("%s: succeeded, want it refused:\n%s", what, out)
		}
		if !strings.Contains(out, "Cluster "+id+" is protected from deletion") {
			t.Errorf("%s: want an error naming cluster %s:\n%s", what, id, out)
		}
		if strings.Contains(out, "Destroying...") {
			t.Errorf("%s: the apply destroyed something:\n%s", what, out)
		}
		for _, r := range acc.Mock.Requests() {
			if strings.HasSuffix(r.Path, "/drop") {
				t.Errorf("%s: sent %s %s; want no drop of anything", what, r.Method, r.Path)
			}
		}
	}
	refused("apply -replace", "apply", "-auto-approve", "-replace=zilliz_cluster.c")
	refused("apply -replace -refresh=false", "apply", "-auto-approve", "-refresh=false", "-replace=zilliz_cluster.c")
	trigger = "v2"
	w.setConfig(cfg(true))
	refused("apply with replace_triggered_by fired", "apply", "-auto-approve")
	trigger = "v1"
	w.setConfig(cfg(true))
	w.mustRun("taint", "zilliz_cluster.c")
	refused("apply of a tainted cluster", "apply", "-auto-approve")
	w.mustRun("untaint", "zilliz_cluster.c")
	if out, err := w.run("plan", "-detailed-exitcode"); exitCode(err) != 0 {
		t.Fatalf("plan after untaint: exit %d, want 0:\n%s", exitCode(err), out)
	}
	for _, c := range []string{"articles", "books"} {
		found := false
		for _, name := range acc.Mock.Collections(id, "default") {
			found = found || name == c
		}
		if !found {
			t.Errorf("collection %s is gone from cluster %s", c, id)
		}
	}
}
