package provider

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"
)

// The guide's filesystem mirror works as written: its CLI configuration, with
// the mirror path swapped for a temporary folder holding this build as 0.1.0,
// lets `init` install the provider with no registry, under the Terraform CLI
// of this run or OpenTofu.
func TestProviderConfigurationGuide_filesystemMirror(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the provider and runs the Terraform CLI")
	}
	t.Parallel()
	d := newDocsEnv(t) // builds the provider into a temporary bin/
	guide, err := os.ReadFile(filepath.Join(d.root, "templates", "guides", "provider-configuration.md.tmpl"))
	if err != nil {
		t.Fatal(err)
	}
	const guidePath = "/opt/terraform-mirror"
	block := regexp.MustCompile("(?s)```hcl\n(provider_installation \\{\n  filesystem_mirror .*?\n)```").FindSubmatch(guide)
	if block == nil || !bytes.Contains(block[1], []byte(guidePath)) {
		t.Fatalf("the guide has no filesystem_mirror block with the path %s", guidePath)
	}
	if !bytes.Contains(guide, []byte(guidePath+"/registry.terraform.io/vectorops/zilliz/0.1.0/linux_amd64/terraform-provider-zilliz_v0.1.0")) {
		t.Fatal("the guide no longer shows the mirror's layout this test follows")
	}

	dir := t.TempDir()
	mirror := filepath.Join(dir, "mirror")
	platform := runtime.GOOS + "_" + runtime.GOARCH
	target := filepath.Join(mirror, "registry.terraform.io", "vectorops", "zilliz", "0.1.0", platform)
	if err := os.MkdirAll(target, 0o755); err != nil {
		t.Fatal(err)
	}
	built, err := os.ReadFile(filepath.Join(filepath.Dir(d.cliConfig), "bin", "terraform-provider-zilliz"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(target, "terraform-provider-zilliz_v0.1.0"), built, 0o755); err != nil {
		t.Fatal(err)
	}
	rc := filepath.Join(dir, "terraformrc")
	if err := os.WriteFile(rc, bytes.ReplaceAll(block[1], []byte(guidePath), []byte(mirror)), 0o600); err != nil {
		t.Fatal(err)
	}
	work := filepath.Join(dir, "work")
	if err := os.MkdirAll(work, 0o755); err != nil {
		t.Fatal(err)
	}
	cfg := `terraform {
  required_providers {
    zilliz = {
      source  = "registry.terraform.io/vectorops/zilliz"
      version = "~> 0.1"
    }
  }
}

provider "zilliz" {}

data "zilliz_regions" "all" {}
`
	if err := os.WriteFile(filepath.Join(work, "main.tf"), []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) string {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, d.tfPath, append(args, "-no-color")...)
		cmd.Dir = work
		cmd.Env = append(os.Environ(), "TF_CLI_CONFIG_FILE="+rc, "TOFU_CLI_CONFIG_FILE="+rc, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s %s: %v\n%s", filepath.Base(d.tfPath), strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	out := run("init", "-input=false")
	if !strings.Contains(out, "vectorops/zilliz") || !strings.Contains(out, "0.1.0") {
		t.Errorf("init did not report installing vectorops/zilliz 0.1.0:\n%s", out)
	}
	lock, err := os.ReadFile(filepath.Join(work, ".terraform.lock.hcl"))
	if err != nil || !bytes.Contains(lock, []byte(`version     = "0.1.0"`)) {
		t.Errorf("the lock file does not pin 0.1.0 (%v):\n%s", err, lock)
	}
	run("validate")
}
