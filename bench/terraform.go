package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/vectorops/terraform-provider-zilliz/internal/zillizmock"
)

// terraform runs the CLI offline against the provider built into bin: a
// throw-away CLI config with dev_overrides, no terraform init, no update check.
type terraform struct {
	bin     string
	baseEnv []string
	verbose bool
}

func newTerraform(cfg *config, tmp, bin string) (*terraform, error) {
	rc := filepath.Join(tmp, "terraformrc")
	conf := fmt.Sprintf(`provider_installation {
  dev_overrides {
    "registry.terraform.io/vectorops/zilliz" = %q
  }
  direct {}
}
`, bin)
	if err := os.WriteFile(rc, []byte(conf), 0o600); err != nil {
		return nil, err
	}
	// Start from a clean environment: no TF_LOG, no other CLI config, no key of
	// the user's that could reach a real service.
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "TF_") || strings.HasPrefix(kv, "ZILLIZ_") || strings.HasPrefix(kv, "CHECKPOINT_") {
			continue
		}
		env = append(env, kv)
	}
	env = append(env,
		"CHECKPOINT_DISABLE=1",
		"TF_IN_AUTOMATION=1",
		"TF_INPUT=0",
		"TF_CLI_CONFIG_FILE="+rc,
		"TF_PLUGIN_CACHE_DIR=",
	)
	return &terraform{bin: cfg.terraform, baseEnv: env, verbose: cfg.verbose}, nil
}

// mockEnv points the provider at a mock.
func mockEnv(m *zillizmock.Server) []string {
	return []string{
		"ZILLIZ_API_KEY=" + m.APIKey(),
		"ZILLIZ_BASE_URL=" + m.URL(),
		"TF_VAR_project_id=" + m.ProjectID(),
	}
}

// tfRun is one finished terraform command.
type tfRun struct {
	args   []string
	start  time.Time
	took   time.Duration
	exit   int
	cpu    time.Duration // user + system CPU of terraform and the children it waited for
	stdout []byte
	stderr []byte
}

// run runs terraform in dir. An exit code in okExits (default {0}) is success;
// any other is an error that quotes terraform's complaint.
func (t *terraform) run(ctx context.Context, dir string, env []string, okExits []int, args ...string) (*tfRun, error) {
	if okExits == nil {
		okExits = []int{0}
	}
	cmd := exec.CommandContext(ctx, t.bin, args...)
	cmd.Dir = dir
	cmd.Env = append(append([]string(nil), t.baseEnv...), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	r := &tfRun{args: args, start: time.Now()}
	err := cmd.Run()
	r.took = time.Since(r.start)
	r.stdout, r.stderr = stdout.Bytes(), stderr.Bytes()
	if cmd.ProcessState != nil {
		r.cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	var exitErr *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exitErr):
		r.exit = exitErr.ExitCode()
	default:
		return r, fmt.Errorf("terraform %s: %w", strings.Join(args, " "), err)
	}
	name := strings.Join(args, " ")
	_ = os.WriteFile(filepath.Join(dir, fmt.Sprintf("out-%d-%s.log", r.start.UnixNano(), args[0])),
		append(append(append([]byte("$ terraform "+name+"\n"), r.stdout...), "\n--- stderr\n"...), r.stderr...), 0o600)
	if t.verbose {
		progress("  terraform %s: exit %d in %s", name, r.exit, r.took.Round(time.Millisecond))
	}
	for _, ok := range okExits {
		if r.exit == ok {
			return r, nil
		}
	}
	return r, fmt.Errorf("terraform %s exited %d: %s", name, r.exit, complaint(r))
}

// complaint is the error part of a failed run, from -json diagnostics or plain output.
func complaint(r *tfRun) string {
	var msgs []string
	for _, ev := range jsonEvents(r.stdout) {
		if ev.Type == "diagnostic" && ev.Diagnostic.Severity == "error" {
			msgs = append(msgs, ev.Diagnostic.Summary+": "+ev.Diagnostic.Detail)
		}
	}
	if len(msgs) > 0 {
		return strings.Join(msgs, "; ")
	}
	text := strings.TrimSpace(string(r.stderr) + "\n" + string(r.stdout))
	if len(text) > 2000 {
		text = text[len(text)-2000:]
	}
	return text
}

// tfEvent is the part of a terraform -json line the benchmark reads.
type tfEvent struct {
	Level      string    `json:"@level"`
	Message    string    `json:"@message"`
	Timestamp  time.Time `json:"@timestamp"`
	Type       string    `json:"type"`
	Diagnostic struct {
		Severity string `json:"severity"`
		Summary  string `json:"summary"`
		Detail   string `json:"detail"`
	} `json:"diagnostic"`
	Hook struct {
		Resource struct {
			Addr string `json:"addr"`
		} `json:"resource"`
		Action  string `json:"action"`
		IDKey   string `json:"id_key"`
		IDValue string `json:"id_value"`
	} `json:"hook"`
}

func jsonEvents(out []byte) []tfEvent {
	var evs []tfEvent
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		line := sc.Bytes()
		if len(line) == 0 || line[0] != '{' {
			continue
		}
		var ev tfEvent
		if json.Unmarshal(line, &ev) == nil {
			evs = append(evs, ev)
		}
	}
	return evs
}

// workdir creates dir/name holding main.tf.
func workdir(parent, name, hcl string) (string, error) {
	dir := filepath.Join(parent, name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	return dir, os.WriteFile(filepath.Join(dir, "main.tf"), []byte(hcl), 0o600)
}

const hclHeader = `terraform {
  required_providers {
    zilliz = {
      source = "registry.terraform.io/vectorops/zilliz"
    }
  }
}

provider "zilliz" {}

variable "project_id" {
  type = string
}
`
