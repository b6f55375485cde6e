package main

import (
	"context"
	"fmt"
	"time"
)

// builtinHCL uses only Terraform's built-in provider: the CLI's own floor for
// `terraform providers schema -json`.
const builtinHCL = `resource "terraform_data" "x" {}
`

func (b *bench) process(ctx context.Context) error {
	cfg := b.cfg
	withProvider, err := workdir(b.tmp, "schema", wideHCL())
	if err != nil {
		return err
	}
	builtin, err := workdir(b.tmp, "schema-builtin", builtinHCL)
	if err != nil {
		return err
	}
	timeRuns := func(dir string) (time.Duration, error) {
		var ds []time.Duration
		// One run first that is not counted: the binaries into the page cache.
		if _, err := b.tf.run(ctx, dir, nil, nil, "providers", "schema", "-json"); err != nil {
			return 0, err
		}
		for range cfg.schemaRuns {
			r, err := b.tf.run(ctx, dir, nil, nil, "providers", "schema", "-json")
			if err != nil {
				return 0, err
			}
			ds = append(ds, r.took)
		}
		return median(ds), nil
	}
	progress("process: terraform providers schema -json ×%d, with the provider and with the built-in one only", cfg.schemaRuns)
	schema, err := timeRuns(withProvider)
	if err != nil {
		return err
	}
	floor, err := timeRuns(builtin)
	if err != nil {
		return err
	}
	b.rep.add(row{scenario: "process", metric: fmt.Sprintf("`terraform providers schema -json` (median of %d)", cfg.schemaRuns),
		measured: secs(schema), lowerBound: fmt.Sprintf("0 API + %s floor (built-in provider only)", secs(floor)),
		ratio: ratio(schema, floor), target: "— (none in the issue)", meets: "—"})

	peak := b.widePeak
	if peak == nil {
		pass, err := b.runWide(ctx, "memory", cfg.latency, cfg.env, true, true)
		if err != nil {
			return err
		}
		peak = &pass.step("apply").mem
	}
	b.rep.add(row{scenario: "process", metric: fmt.Sprintf("provider peak memory (VmHWM) during the wide apply (%d collections)", cfg.collections),
		measured:   fmt.Sprintf("%s (max of %d provider processes, %d samples)", mib(peak.HWMKiB), peak.Processes, peak.Samples),
		lowerBound: "—", ratio: "—", target: "< 64 MiB", meets: yesNo(peak.HWMKiB > 0 && peak.HWMKiB < 64*1024)})
	return nil
}
