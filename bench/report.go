package main

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"
)

// row is one line of the summary table.
type row struct {
	scenario, metric, measured, lowerBound, ratio, target, meets string
}

type section struct{ title, body string }

// report collects what the scenarios measured.
type report struct {
	cfg      *config
	machine  []string
	started  time.Time
	took     time.Duration
	rows     []row
	sections []section
	notes    []string
	failed   []string
}

func (r *report) add(x row)                  { r.rows = append(r.rows, x) }
func (r *report) section(title, body string) { r.sections = append(r.sections, section{title, body}) }
func (r *report) note(text string)           { r.notes = append(r.notes, text) }
func secs(d time.Duration) string            { return fmt.Sprintf("%.2f s", d.Seconds()) }
func mib(kib int64) string                   { return fmt.Sprintf("%.1f MiB", float64(kib)/1024) }
func ratio(measured, bound time.Duration) string {
	if bound <= 0 {
		return "—"
	}
	return fmt.Sprintf("%.2f×", float64(measured)/float64(bound))
}

func yesNo(ok bool) string {
	if ok {
		return "yes"
	}
	return "**no**"
}

// markdown renders the whole report.
func (r *report) markdown() string {
	c := r.cfg
	var b strings.Builder
	b.WriteString("# Benchmark results\n\n")
	b.WriteString("Written by `go run ./bench` (`make bench`); see `bench/main.go` for what each scenario does. " +
		"Targets are those of issues 7 and 19; the benchmark reports them and does not fail on them.\n\n")
	fmt.Fprintf(&b, "- Date: %s; the run took %s.\n", r.started.UTC().Format("2006-01-02 15:04 MST"), secs(r.took))
	fmt.Fprintf(&b, "- Command: `%s`\n", strings.TrimSpace(c.commandLine))
	fmt.Fprintf(&b, "- Flags: scenarios %s; latency L = %s per request; `-parallelism=%d`; %d collections; %d readiness clusters with CREATING %s–%s; "+
		"other transitions D = %s; a new collection loads in LD = %s; the mock's rate limits: %g collection operations/s per cluster, 20 requests/s per control-plane route "+
		"(off in the floor runs); seed %d; quick %v; extra env of measured runs: %q; of floor runs: %q.\n",
		strings.Join(c.scenarios, ","), c.latency, c.parallelism, c.collections, c.clusters, c.createMin, c.createMax,
		c.transition, c.load, c.ddlRate, c.seed, c.quick, c.env, c.floorEnv)
	b.WriteString("- Machine:\n")
	for _, m := range r.machine {
		b.WriteString("  - " + strings.ReplaceAll(m, "\n", "\n    ") + "\n")
	}
	b.WriteString("\n## Summary\n\n")
	b.WriteString("Lower bound = the API's part, computed from the fewest requests the job needs (L × the sequential ones under `-parallelism`, " +
		"plus CREATING and loading phases waited for, or the documented rate of the collection operations, whichever is longer) + " +
		"Terraform's own floor (the same scenario again with zero added latency and no rate limits). Ratio = measured / lower bound.\n\n")
	b.WriteString("| Scenario | Measurement | Measured | Lower bound | Ratio | Target | Met |\n|---|---|---|---|---|---|---|\n")
	for _, x := range r.rows {
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s |\n", x.scenario, x.metric, x.measured, x.lowerBound, x.ratio, x.target, x.meets)
	}
	for _, f := range r.failed {
		fmt.Fprintf(&b, "\n**Scenario failed**: %s\n", f)
	}
	for _, s := range r.sections {
		fmt.Fprintf(&b, "\n## %s\n\n%s", s.title, s.body)
	}
	if len(r.notes) > 0 {
		b.WriteString("\n## Observations (automatic)\n\n")
		for _, n := range r.notes {
			b.WriteString("- " + n + "\n")
		}
	}
	return b.String()
}

// findingsHeading starts the hand-written part of the results file, which a new
// run keeps.
const findingsHeading = "## Findings"

// writeResults writes text to path, keeping the "## Findings" section (and what
// follows it) of the file already there.
func writeResults(path, text string) error {
	old, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	if i := strings.Index(string(old), "\n"+findingsHeading); i >= 0 {
		text = strings.TrimRight(text, "\n") + "\n" + string(old[i:])
	}
	return os.WriteFile(path, []byte(text), 0o644)
}
