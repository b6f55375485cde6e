//go:build unix

package provider

import (
	"bytes"
	"fmt"
	"net/http"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/vectorops/terraform-provider-zilliz/internal/zillizmock"
)

// A CI runner killed while an apply creates a cluster or a collection leaves
// an object Terraform does not know. These tests kill the real CLI (and the
// provider it started) with SIGKILL while the mock holds the create, run the
// apply again, and check that it creates nothing, names the object and says
// how to adopt it; after that import the plan is empty.

// killedRun is a terraform command started in its own process group, so that
// SIGKILL reaches the provider process too, as it does when a runner dies.
type killedRun struct {
	cmd  *exec.Cmd
	out  *bytes.Buffer
	done chan struct{}
}

func (w *cliWorkspace) start(args ...string) *killedRun {
	w.t.Helper()
	cmd := exec.Command(terraformPath(w.t), append(args, "-no-color")...)
	cmd.Dir, cmd.Env = w.dir, w.env
	out := &bytes.Buffer{}
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		w.t.Fatal(err)
	}
	r := &killedRun{cmd: cmd, out: out, done: make(chan struct{})}
	go func() { _ = cmd.Wait(); close(r.done) }()
	w.t.Cleanup(r.kill)
	return r
}

// kill sends SIGKILL to the run's process group and waits for terraform to end.
func (r *killedRun) kill() {
	_ = syscall.Kill(-r.cmd.Process.Pid, syscall.SIGKILL)
	<-r.done
}

// waitForRequest waits until the mock's request log holds a request that
// match accepts (an event, not a time), failing if the run ends first.
func waitForRequest(t *testing.T, m *zillizmock.Server, r *killedRun, what string, match func(zillizmock.Request) bool) {
	t.Helper()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(5 * time.Minute) // a hung run, not a timing assertion
	for {
		for _, req := range m.Requests() {
			if match(req) {
				return
			}
		}
		select {
		case <-r.done:
			t.Fatalf("terraform ended before %s:\n%s", what, r.out)
		case <-deadline:
			t.Fatalf("no %s after 5 minutes:\n%s", what, r.out)
		case <-tick.C:
		}
	}
}

func answered(method, path string) func(zillizmock.Request) bool {
	return func(r zillizmock.Request) bool {
		return r.Method == method && r.Path == path && r.HTTPStatus == http.StatusOK && (r.Code == 0 || r.Code == http.StatusOK)
	}
}

func TestCLI_killedApplyCluster(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts func(*zillizmock.Options)
	}{
		// The service refuses the second create's name with 40013 while the
		// first cluster is CREATING (recorded-api/*duplicately_create_cluster.json:
		// the duplicate came right after the first create); the provider
		// names the cluster from that answer, without a look before the create.
		{"duplicate name refused", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var opts []func(*zillizmock.Options)
			if tc.opts != nil {
				opts = append(opts, tc.opts)
			}
			acc := newAccTarget(t, opts...)
			acc.requireMock(t)
			acc.Mock.HoldCreating(true)
			name := testAccName("tf-acc-killed")
			w := newCLIWorkspace(t, cliProviderBlock(acc)+fmt.Sprintf(`
resource "zilliz_cluster" "c" {
  project_id = %q
  region_id  = %q
  name       = %q
  plan       = "Standard"
}
`, acc.ProjectID, acc.RegionID, name))
			run := w.start("apply", "-auto-approve")
			waitForRequest(t, acc.Mock, run, "the create's answer", answered(http.MethodPost, "/v2/clusters/createDedicated"))
			run.kill()
			clusters := acc.Mock.Clusters()
			if len(clusters) != 1 || clusters[0].Status != "CREATING" {
				t.Fatalf("clusters after the kill: %+v, want one CREATING", clusters)
			}
			id := clusters[0].ClusterID
			if _, ok := w.stateValues()["zilliz_cluster.c"]; ok {
				t.Fatal("the killed apply recorded the cluster; this test needs it unknown to Terraform")
			}

			out, err := w.run("apply", "-auto-approve")
			if err == nil {
				t.Fatalf("the second apply succeeded:\n%s", out)
			}
			for _, want := range []string{
				"Cluster " + id + ` named "` + name + `" already exists`,
				"terraform import <address> '" + id + "'",
				"to = <address>",
				`id = "` + id + `"`,
			} {
				if !strings.Contains(out, want) {
					t.Errorf("the second apply's error lacks %q:\n%s", want, out)
				}
			}
			// The second apply's create is sent and refused for the name
			// (40013); no second cluster exists.
			accepted, refused := createAnswers(acc.Mock, "/v2/clusters/createDedicated")
			if accepted != 1 || refused != 1 || len(acc.Mock.Clusters()) != 1 {
				t.Errorf("createDedicated: %d accepted, %d refused for the name; %d clusters; want 1, 1 and 1 (no second cluster)",
					accepted, refused, len(acc.Mock.Clusters()))
			}

			w.mustRun("import", "zilliz_cluster.c", id)
			if out, err := w.run("plan", "-detailed-exitcode"); exitCode(err) != 0 {
				t.Fatalf("plan after the import (the cluster still CREATING): exit %d, want 0:\n%s", exitCode(err), out)
			}
			acc.Mock.HoldCreating(false)
			w.mustRun("destroy", "-auto-approve")
		})
	}
}

func TestCLI_killedApplyCollection(t *testing.T) {
	clock := zillizmock.NewManualClock(time.Now())
	acc := newAccTarget(t, func(o *zillizmock.Options) { o.Clock = clock; o.LoadDuration = time.Minute })
	acc.requireMock(t)
	c := newMockCluster(t, acc, testAccName("tf-acc-killedcol"))
	clock.Advance(time.Hour) // the cluster runs; from here on the clock stands still, so the load never ends
	w := newCLIWorkspace(t, cliProviderBlock(acc)+fmt.Sprintf(`
resource "zilliz_collection" "a" {
  cluster_endpoint = %q
  name             = "articles"
  dimension        = 4
}
`, c.ConnectAddress))
	run := w.start("apply", "-auto-approve")
	waitForRequest(t, acc.Mock, run, "the create's answer", answered(http.MethodPost, "/v1/vector/collections/create"))
	run.kill()
	if names := acc.Mock.Collections(c.ClusterID, "default"); len(names) != 1 || names[0] != "articles" {
		t.Fatalf("collections after the kill: %v, want [articles]", names)
	}
	if _, ok := w.stateValues()["zilliz_collection.a"]; ok {
		t.Fatal("the killed apply recorded the collection; this test needs it unknown to Terraform")
	}

	id := c.ConnectAddress + "/databases/default/collections/articles"
	out, err := w.run("apply", "-auto-approve")
	if err == nil {
		t.Fatalf("the second apply succeeded:\n%s", out)
	}
	for _, want := range []string{`A collection named "articles" already exists`, "terraform import <address> '" + id + "'", "to = <address>", `id = "` + id + `"`} {
		if !strings.Contains(out, want) {
			t.Errorf("the second apply's error lacks %q:\n%s", want, out)
		}
	}
	if n := countRequests(acc.Mock, http.MethodPost, "/v1/vector/collections/create"); n != 1 {
		t.Errorf("%d collection creates, want 1 (no second one)", n)
	}

	w.mustRun("import", "zilliz_collection.a", id)
	if out, err := w.run("plan", "-detailed-exitcode"); exitCode(err) != 0 {
		t.Fatalf("plan after the import (the collection still loading): exit %d, want 0:\n%s", exitCode(err), out)
	}
	clock.Advance(time.Hour)
	w.mustRun("destroy", "-auto-approve")
}
