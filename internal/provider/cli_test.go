package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// Some checks need what terraform-plugin-testing hides: the provider as its own
// process, terraform's flags (-parallelism) and its TF_LOG=trace output. They
// run the real CLI against a provider binary built from this package's module,
// wired in with dev_overrides as the demo does.

var (
	providerBinOnce sync.Once
	providerBinDir  string
	providerBinErr  error
)

// providerBinary builds terraform-provider-zilliz once per test run.
func providerBinary(t *testing.T) string {
	t.Helper()
	providerBinOnce.Do(func() {
		// Shared by every test of the run (built once), so not a t.TempDir; TestMain removes it.
		providerBinDir, providerBinErr = os.MkdirTemp("", "tfzilliz-bin-") //nolint:usetesting // outlives one test
		if providerBinErr != nil {
			return
		}
		cmd := exec.Command("go", "build", "-o", filepath.Join(providerBinDir, "terraform-provider-zilliz"), "../..")
		if out, err := cmd.CombinedOutput(); err != nil {
			providerBinErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if providerBinErr != nil {
		t.Fatal(providerBinErr)
	}
	return providerBinDir
}

func terraformPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("TF_ACC_TERRAFORM_PATH"); p != "" {
		return p
	}
	p, err := exec.LookPath("terraform")
	if err != nil {
		t.Fatal("no terraform CLI: set TF_ACC_TERRAFORM_PATH or put terraform on PATH (make test does)")
	}
	return p
}

// cliWorkspace is a folder with a configuration, run with a given environment.
type cliWorkspace struct {
	t   *testing.T
	dir string
	env []string
}

func newCLIWorkspace(t *testing.T, config string, env ...string) *cliWorkspace {
	t.Helper()
	bin := providerBinary(t)
	dir := t.TempDir()
	rc := filepath.Join(dir, "terraformrc")
	if err := os.WriteFile(rc, []byte(fmt.Sprintf(`provider_installation {
  dev_overrides {
    "registry.terraform.io/vectorops/zilliz" = %q
  }
  direct {}
}
`, bin)), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(config), 0o600); err != nil {
		t.Fatal(err)
	}
	base := []string{"TF_CLI_CONFIG_FILE=" + rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1",
		"HOME=" + os.Getenv("HOME"), "PATH=" + os.Getenv("PATH")}
	return &cliWorkspace{t: t, dir: dir, env: append(base, env...)}
}

// run runs terraform with args and returns its combined output.
func (w *cliWorkspace) run(args ...string) (string, error) {
	w.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, terraformPath(w.t), append(args, "-no-color")...)
	cmd.Dir = w.dir
	cmd.Env = w.env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}

// mustRun is run that fails the test on a non-zero exit.
func (w *cliWorkspace) mustRun(args ...string) string {
	w.t.Helper()
	out, err := w.run(args...)
	if err != nil {
		w.t.Fatalf("terraform %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

func (w *cliWorkspace) setConfig(config string) {
	w.t.Helper()
	if err := os.WriteFile(filepath.Join(w.dir, "main.tf"), []byte(config), 0o600); err != nil {
		w.t.Fatal(err)
	}
}

// stateValues reads `terraform show -json`: each resource's values by address.
func (w *cliWorkspace) stateValues() map[string]map[string]any {
	w.t.Helper()
	var st struct {
		Values struct {
			RootModule struct {
				Resources []struct {
					Address string         `json:"address"`
					Values  map[string]any `json:"values"`
				} `json:"resources"`
			} `json:"root_module"`
		} `json:"values"`
	}
	out := w.mustRun("show", "-json")
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		w.t.Fatalf("terraform show -json: %v\n%s", err, out)
	}
	res := map[string]map[string]any{}
	for _, r := range st.Values.RootModule.Resources {
		res[r.Address] = r.Values
	}
	return res
}

// cliProviderBlock is the terraform and provider blocks of a CLI workspace on
// the mock, with retries off so that one injected fault fails its call.
func cliProviderBlock(acc accTarget) string {
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
`, acc.Mock.URL(), acc.Mock.APIKey())
}

// exitCode is the exit status of a finished terraform run (0 for success, -1
// when it did not run to an exit).
func exitCode(err error) int {
	if err == nil {
		return 0
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	return -1
}
