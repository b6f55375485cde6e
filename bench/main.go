// Command bench measures the provider against its lower bounds (issue 7).
//
// It builds the provider, starts zillizmock in this process with a fixed added
// latency per request and fast status transitions, and drives the real terraform
// CLI (dev_overrides, no terraform init) through four scenarios:
//
//	wide       1 cluster + N collections: apply, no-change plan, destroy
//	readiness  M clusters with a random CREATING phase: delay after RUNNING, polls
//	calls      requests per resource for create, read, update, delete, by endpoint
//	process    time of `terraform providers schema -json`, peak memory of the provider
//	reindex    an index change in place on a loaded collection holding entities (issue 12)
//	recovery   a restore from a backup, and a destroy with final_backup (issue 21)
//	plan1000   a no-change plan (refresh) of 1 cluster + 1,000 collections: time, peak memory
//
// The mock enforces the service's documented rate limits (5 collection
// operations per second per cluster, 20 requests per second per control-plane
// route), as the real service does. Every timing is printed next to its lower
// bound: the API's part (computed from the fewest requests the job needs:
// latency × the sequential ones under Terraform's parallelism, or the
// documented rate for the collection operations, whichever is longer) plus
// Terraform's own floor (the same scenario again with zero added latency and
// no rate limits), and the ratio of the two. The table goes to stdout and, with -out, to a Markdown file; a "## Findings"
// section already in that file is kept. Targets are reported, never enforced.
//
//	go run ./bench -terraform $(command -v terraform) -out bench/RESULTS.md
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// config is what the flags say.
type config struct {
	terraform      string
	latency        time.Duration
	parallelism    int
	collections    int
	clusters       int
	createMin      time.Duration
	createMax      time.Duration
	transition     time.Duration
	schemaRuns     int
	scenarios      []string
	quick          bool
	out            string
	seed           int64
	keep           bool
	verbose        bool
	env            []string // extra environment of the measured runs
	floorEnv       []string // extra environment of the zero-latency (floor) runs
	commandLine    string
	ddlRate        float64       // collection operations per second per cluster: the mock's limit and the provider's pace
	load           time.Duration // the mock's loading phase of a new collection
	planCollection int           // collections of the plan1000 scenario
}

// stringList is a repeatable flag.
type stringList []string

func (s *stringList) String() string     { return strings.Join(*s, ",") }
func (s *stringList) Set(v string) error { *s = append(*s, v); return nil }

var allScenarios = []string{"wide", "readiness", "calls", "process", "reindex", "plan1000", "recovery"}

func main() {
	var cfg config
	var scen string
	var env, floorEnv stringList
	flag.StringVar(&cfg.terraform, "terraform", "", "Terraform CLI to drive (default: terraform on PATH)")
	flag.DurationVar(&cfg.latency, "latency", 20*time.Millisecond, "latency the mock adds to every request")
	flag.IntVar(&cfg.parallelism, "parallelism", 10, "terraform -parallelism")
	flag.IntVar(&cfg.collections, "collections", 200, "collections in the wide scenario")
	flag.IntVar(&cfg.clusters, "clusters", 10, "clusters in the readiness scenario")
	flag.DurationVar(&cfg.createMin, "create-min", time.Second, "shortest CREATING phase in the readiness scenario")
	flag.DurationVar(&cfg.createMax, "create-max", 5*time.Second, "longest CREATING phase in the readiness scenario")
	flag.DurationVar(&cfg.transition, "transition", 200*time.Millisecond, "every status transition of the other scenarios (create, modify, delete)")
	flag.IntVar(&cfg.schemaRuns, "schema-runs", 5, "runs of `terraform providers schema -json` (the median is reported)")
	flag.StringVar(&scen, "scenarios", strings.Join(allScenarios, ","), "scenarios to run, comma-separated: "+strings.Join(allScenarios, ", "))
	flag.BoolVar(&cfg.quick, "quick", false, "smoke check: 20 collections, 3 clusters of 1-2 s, 2 schema runs")
	flag.StringVar(&cfg.out, "out", "", "also write the results to this Markdown file (its \"## Findings\" section is kept)")
	flag.Int64Var(&cfg.seed, "seed", 7, "seed of the readiness scenario's CREATING durations and of the mock")
	flag.BoolVar(&cfg.keep, "keep", false, "keep the temporary directory (configurations, state, terraform output)")
	flag.BoolVar(&cfg.verbose, "v", false, "print every terraform command and its time")
	flag.Var(&env, "env", "KEY=VALUE added to the environment of the measured terraform runs (repeatable), e.g. ZILLIZ_MAX_REQUESTS_PER_SECOND=20")
	flag.Var(&floorEnv, "floor-env", "KEY=VALUE added to the environment of the zero-latency floor runs (repeatable; default "+
		"ZILLIZ_COLLECTION_OPS_PER_SECOND=1000, against a mock without rate limits, so the floor measures Terraform rather than the service's limit)")
	flag.Float64Var(&cfg.ddlRate, "collection-ops", 5, "collection operations per second per cluster: the mock's limit and the provider's pace (the documented 5)")
	flag.DurationVar(&cfg.load, "load", 300*time.Millisecond, "the mock's loading phase of a new collection")
	flag.IntVar(&cfg.planCollection, "plan-collections", 1000, "collections in the plan1000 scenario")
	flag.Parse()
	cfg.env, cfg.floorEnv = env, floorEnv
	if len(cfg.floorEnv) == 0 {
		cfg.floorEnv = []string{"ZILLIZ_COLLECTION_OPS_PER_SECOND=1000"}
	}
	if cfg.ddlRate != 5 {
		cfg.env = append(cfg.env, fmt.Sprintf("ZILLIZ_COLLECTION_OPS_PER_SECOND=%g", cfg.ddlRate))
	}
	cfg.commandLine = "go run ./bench " + strings.Join(os.Args[1:], " ")
	if cfg.quick {
		cfg.collections = min(cfg.collections, 20)
		cfg.clusters = min(cfg.clusters, 3)
		cfg.createMax = min(cfg.createMax, 2*time.Second)
		cfg.schemaRuns = min(cfg.schemaRuns, 2)
		cfg.planCollection = min(cfg.planCollection, 100)
	}
	for _, s := range strings.Split(scen, ",") {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if !contains(allScenarios, s) {
			fatalf("unknown scenario %q (known: %s)", s, strings.Join(allScenarios, ", "))
		}
		cfg.scenarios = append(cfg.scenarios, s)
	}
	if cfg.createMin <= 0 || cfg.createMax < cfg.createMin {
		fatalf("need 0 < -create-min <= -create-max")
	}
	if cfg.parallelism < 1 || cfg.collections < 1 || cfg.clusters < 1 {
		fatalf("-parallelism, -collections and -clusters must be at least 1")
	}
	if cfg.terraform == "" {
		p, err := exec.LookPath("terraform")
		if err != nil {
			fatalf("no -terraform given and no terraform on PATH")
		}
		cfg.terraform = p
	}
	if abs, err := filepath.Abs(cfg.terraform); err == nil {
		cfg.terraform = abs
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, &cfg); err != nil {
		fatalf("%v", err)
	}
}

func run(ctx context.Context, cfg *config) error {
	began := time.Now()
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "zilliz-bench-")
	if err != nil {
		return err
	}
	if cfg.keep {
		fmt.Fprintf(os.Stderr, "bench: keeping %s\n", tmp)
	} else {
		defer func() { _ = os.RemoveAll(tmp) }()
	}

	progress("building the provider")
	bin := filepath.Join(tmp, "bin")
	provider := filepath.Join(bin, "terraform-provider-zilliz")
	build := exec.CommandContext(ctx, "go", "build", "-o", provider, ".")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		return fmt.Errorf("building the provider: %v\n%s", err, out)
	}
	tf, err := newTerraform(cfg, tmp, bin)
	if err != nil {
		return err
	}
	machine := machineInfo{lines: describeMachine(ctx, cfg.terraform), loadStart: loadAverage()}

	rep := &report{cfg: cfg, machine: machine.lines, started: began}
	b := &bench{cfg: cfg, tf: tf, tmp: tmp, provider: provider, rep: rep}
	for _, s := range cfg.scenarios {
		if err := ctx.Err(); err != nil {
			return err
		}
		var err error
		switch s {
		case "wide":
			err = b.wide(ctx)
		case "readiness":
			err = b.readiness(ctx)
		case "calls":
			err = b.calls(ctx)
		case "reindex":
			err = b.reindex(ctx)
		case "process":
			err = b.process(ctx)
		case "recovery":
			err = b.recovery(ctx) // recovery.go
		case "plan1000":
			err = b.planMany(ctx)
		}
		if err != nil {
			rep.failed = append(rep.failed, fmt.Sprintf("%s: %v", s, err))
			fmt.Fprintf(os.Stderr, "bench: scenario %s failed: %v\n", s, err)
		}
	}
	rep.took = time.Since(began)
	rep.machine = append(rep.machine, "Load average (1, 5, 15 min) at the start: "+machine.loadStart+"; at the end: "+loadAverage()+
		" (the machine may be shared: a load above `nproc` means other work competed for the CPUs)")

	text := rep.markdown()
	fmt.Print(text)
	if cfg.out != "" {
		if err := writeResults(cfg.out, text); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "bench: wrote %s\n", cfg.out)
	}
	if len(rep.failed) > 0 {
		return fmt.Errorf("%d scenario(s) failed", len(rep.failed))
	}
	return nil
}

// bench holds what the scenarios share.
type bench struct {
	cfg      *config
	tf       *terraform
	tmp      string
	provider string // path of the built provider binary
	rep      *report
	// widePeak is the wide scenario's measured apply, for the process scenario.
	widePeak *memPeak
}

func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", fmt.Errorf("run the benchmark inside the module (go run ./bench)")
	}
	return filepath.Dir(mod), nil
}

func progress(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "bench: "+format+"\n", args...)
}

func fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "bench: "+format+"\n", args...)
	os.Exit(1)
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// describeMachine gathers what RESULTS.md says about the machine.
func describeMachine(ctx context.Context, tfPath string) []string {
	cmdOut := func(name string, args ...string) string {
		out, err := exec.CommandContext(ctx, name, args...).Output()
		if err != nil {
			return "(" + name + ": " + err.Error() + ")"
		}
		return strings.TrimSpace(string(out))
	}
	cpu := "unknown"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				cpu = strings.TrimSpace(v)
				break
			}
		}
	}
	tfVersion := strings.SplitN(cmdOut(tfPath, "version"), "\n", 2)[0]
	lines := []string{
		"CPU: " + cpu + ", `nproc` = " + cmdOut("nproc") + fmt.Sprintf(" (GOMAXPROCS %d)", runtime.GOMAXPROCS(0)),
		"Kernel: " + cmdOut("uname", "-srm"),
		"Go: " + cmdOut("go", "version"),
		"Terraform: " + tfVersion + " (" + tfPath + ")",
		"`free -h`:\n\n```\n" + cmdOut("free", "-h") + "\n```",
	}
	return lines
}

type machineInfo struct {
	lines     []string
	loadStart string
}

// loadAverage is the first three fields of /proc/loadavg.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], ", ")
}
