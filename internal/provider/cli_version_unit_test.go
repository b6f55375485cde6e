package provider

import (
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// The acceptance tests run under Terraform and under OpenTofu (make test does
// both). A check that only one of them can pass asks which CLI this run drives.

// cliInfo names the CLI at TF_ACC_TERRAFORM_PATH (else terraform on PATH).
type cliInfo struct {
	Name    string // "Terraform" or "OpenTofu"
	Version string // e.g. "1.10.6-dev"
}

func (c cliInfo) isOpenTofu() bool { return c.Name == "OpenTofu" }

func (c cliInfo) String() string { return c.Name + " v" + c.Version }

var (
	cliOnce   sync.Once
	cliResult cliInfo
	cliErr    string
)

// cliVersionLine matches the first line of `terraform version` / `tofu version`.
var cliVersionLine = regexp.MustCompile(`^(Terraform|OpenTofu) v(\S+)`)

// testCLI runs `<cli> version` once per test binary.
func testCLI(t *testing.T) cliInfo {
	t.Helper()
	path := terraformPath(t)
	cliOnce.Do(func() {
		out, err := exec.Command(path, "version").Output()
		if err != nil {
			cliErr = path + " version: " + err.Error()
			return
		}
		m := cliVersionLine.FindStringSubmatch(strings.TrimSpace(string(out)))
		if m == nil {
			cliErr = path + " version: unexpected answer " + strings.SplitN(string(out), "\n", 2)[0]
			return
		}
		cliResult = cliInfo{Name: m[1], Version: m[2]}
	})
	if cliErr != "" {
		t.Fatal(cliErr)
	}
	return cliResult
}

// skipOnOpenTofu skips a check of Terraform-only behaviour when the run drives
// OpenTofu; the Terraform run of make test still makes it.
func skipOnOpenTofu(t *testing.T, why string) {
	t.Helper()
	if cli := testCLI(t); cli.isOpenTofu() {
		t.Skipf("Terraform only (this run drives %s): %s", cli, why)
	}
}

func TestCLIVersionLine(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		line, name, version string
	}{
		{"Terraform v1.11.4\non linux_amd64", "Terraform", "1.11.4"},
		{"Terraform v1.5.7\non linux_amd64\n", "Terraform", "1.5.7"},
		{"OpenTofu v1.10.6-dev\non linux_amd64", "OpenTofu", "1.10.6-dev"},
		{"Something v1.0.0", "", ""},
	} {
		m := cliVersionLine.FindStringSubmatch(tc.line)
		switch {
		case tc.name == "" && m != nil:
			t.Errorf("%q matched as %v", tc.line, m)
		case tc.name != "" && (m == nil || m[1] != tc.name || m[2] != tc.version):
			t.Errorf("%q: got %v, want %s %s", tc.line, m, tc.name, tc.version)
		}
	}
}
