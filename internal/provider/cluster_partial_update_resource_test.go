package provider

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/vectorops/terraform-provider-zilliz/internal/zillizmock"
)

// A cluster update that fails part way records what the service describes:
// the scale that went through, not the labels that did not. (Without it, the
// prior state stayed: cu_size 1 for a cluster already scaled to 2.)
func TestCLI_clusterPartialUpdateRecorded(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	name := testAccName("tf-acc-partial")
	cfg := func(label string, cu int) string {
		return fmt.Sprintf(`
terraform {
  required_providers {
    zilliz = { source = "registry.terraform.io/vectorops/zilliz" }
  }
}
provider "zilliz" {
  base_url    = %q
  api_key     = %q
  max_retries = 0
}
resource "zilliz_cluster" "test" {
  project_id = %q
  region_id  = %q
  name       = %q
  plan       = "Standard"
  cu_size    = %d
  labels     = { team = %q }
}
`, acc.Mock.URL(), acc.Mock.APIKey(), acc.ProjectID, acc.RegionID, name, cu, label)
	}
	w := newCLIWorkspace(t, cfg("search", 1))
	w.mustRun("apply", "-auto-approve")
	t.Cleanup(func() {
		acc.Mock.SetFaults(zillizmock.Faults{})
		if out, err := w.run("destroy", "-auto-approve"); err != nil {
			t.Errorf("destroy: %v\n%s", err, out)
		}
	})

	var st struct {
		Values struct {
			RootModule struct {
				Resources []struct {
					Values struct {
						ID     string            `json:"id"`
						Labels map[string]string `json:"labels"`
						CUSize int               `json:"cu_size"`
					} `json:"values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	readState := func() (string, int) {
		t.Helper()
		if err := json.Unmarshal([]byte(w.mustRun("show", "-json")), &st); err != nil {
			t.Fatal(err)
		}
		r := st.Values.RootModule.Resources
		if len(r) != 1 {
			t.Fatalf("%d resources in state, want 1", len(r))
		}
		return r[0].Values.Labels["team"], r[0].Values.CUSize
	}
	_, _ = readState()
	id := st.Values.RootModule.Resources[0].Values.ID

	// The scale goes through; setting the labels is refused (503, no retries).
	// (-refresh=false: the refresh would read the labels and fail first.)
	acc.Mock.SetFaults(zillizmock.Faults{Rate5xx: 1, PathPrefix: "/v2/clusters/" + id + "/labels"})
	w.setConfig(cfg("ads", 2))
	if out, err := w.run("apply", "-auto-approve", "-refresh=false"); err == nil {
		t.Fatalf("apply with refused labels succeeded:\n%s", out)
	}
	if team, cu := readState(); team != "search" || cu != 2 {
		t.Fatalf("state after the failed update: labels.team %q, cu_size %d; want \"search\" (not relabelled) and 2 (scaled)", team, cu)
	}
}

// A cluster update whose last step fails (here the suspend, after a scale
// went through) records what the service describes: cu_size 2 and
// desired_status RUNNING. Recording the plan instead would show SUSPENDED,
// and the suspend would never be tried again.
func TestCLI_clusterSuspendFailureRecorded(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	name := testAccName("tf-acc-suspendfail")
	cfg := func(cu int, status string) string {
		return cliProviderBlock(acc) + fmt.Sprintf(`
resource "zilliz_cluster" "test" {
  project_id     = %q
  region_id      = %q
  name           = %q
  plan           = "Standard"
  cu_size        = %d
  desired_status = %q
}
`, acc.ProjectID, acc.RegionID, name, cu, status)
	}
	w := newCLIWorkspace(t, cfg(1, "RUNNING"))
	w.mustRun("apply", "-auto-approve")
	t.Cleanup(func() {
		acc.Mock.SetFaults(zillizmock.Faults{})
		if out, err := w.run("destroy", "-auto-approve"); err != nil {
			t.Errorf("destroy: %v\n%s", err, out)
		}
	})
	id, _ := w.stateValues()["zilliz_cluster.test"]["id"].(string)

	acc.Mock.SetFaults(zillizmock.Faults{Rate5xx: 1, PathPrefix: "/v2/clusters/" + id + "/suspend"})
	w.setConfig(cfg(2, "SUSPENDED"))
	out, err := w.run("apply", "-auto-approve", "-refresh=false")
	if err == nil || !strings.Contains(out, "did not become SUSPENDED") {
		t.Fatalf("apply with a refused suspend: err %v, want the suspend's error:\n%s", err, out)
	}
	v := w.stateValues()["zilliz_cluster.test"]
	if v["cu_size"] != float64(2) || v["desired_status"] != "RUNNING" || v["status"] != "RUNNING" {
		t.Fatalf("state after the failed suspend: cu_size %v, desired_status %v, status %v; want 2 (scaled), RUNNING, RUNNING (as described)",
			v["cu_size"], v["desired_status"], v["status"])
	}
	acc.Mock.SetFaults(zillizmock.Faults{})
	if out, err := w.run("plan", "-refresh=false", "-detailed-exitcode"); exitCode(err) != 2 || !strings.Contains(out, `"RUNNING" -> "SUSPENDED"`) {
		t.Fatalf("plan after the failed suspend: exit %d, want 2 with the suspend still to do:\n%s", exitCode(err), out)
	}
}
