package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/vectorops/terraform-provider-zilliz/internal/zillizmock"
)

// planMany is the plan1000 scenario: a no-change plan (a refresh) of 1
// cluster + M collections, timed against its latency bound and with the
// provider's peak memory (issue 19). The collections are made first without
// latency, rate limits or loading time (setup, not measured); the plan then
// runs at latency L (reads have no rate limit) and again at zero latency for
// Terraform's floor.
func (b *bench) planMany(ctx context.Context) error {
	cfg := b.cfg
	n := cfg.planCollection
	m, err := b.newMock(0, func(o *zillizmock.Options) {
		o.RateLimits.Off = true
		o.LoadDuration = -1
	})
	if err != nil {
		return err
	}
	defer m.Close()
	dir, err := workdir(b.tmp, "plan-many", wideHCL())
	if err != nil {
		return err
	}
	env := append(mockEnv(m), "TF_VAR_collections="+strconv.Itoa(n))
	progress("plan1000: terraform apply of 1 cluster + %d collections (setup: no latency, no rate limits)", n)
	setupEnv := append(append([]string(nil), env...), cfg.floorEnv...)
	if _, err := b.tf.run(ctx, dir, setupEnv, nil, "apply", "-auto-approve", "-input=false", "-json", "-parallelism=50"); err != nil {
		return err
	}
	if got := len(m.Collections(firstClusterID(m), "default")); got != n {
		return fmt.Errorf("after apply the mock holds %d collections, want %d", got, n)
	}

	par := fmt.Sprintf("-parallelism=%d", cfg.parallelism)
	var gaps []string
	plan := func(latency time.Duration) (*tfRun, memPeak, int, error) {
		m.SetLatency(latency)
		progress("plan1000: terraform plan (refresh of %d), latency %s", n+1, latency)
		before := len(m.Requests())
		sampler := startMemSampler(b.provider, 20*time.Millisecond)
		r, err := b.tf.run(ctx, dir, append(env, cfg.env...), []int{0, 2}, "plan", "-detailed-exitcode", "-input=false", "-json", par)
		mem := sampler.Stop()
		if err == nil && r.exit != 0 {
			err = fmt.Errorf("the plan after apply is not empty (exit %d): %s", r.exit, planSummary(r.stdout))
		}
		if err == nil {
			g := collectionGaps(jsonEvents(r.stdout), since(m, before), latency, "refresh_start", "refresh_complete")
			gaps = append(gaps, fmt.Sprintf("L = %s: %s", latency, g))
		}
		return r, mem, len(m.Requests()) - before, err
	}
	measured, mem, reqs, err := plan(cfg.latency)
	if err != nil {
		return err
	}
	floor, floorMem, _, err := plan(0)
	if err != nil {
		return err
	}
	// The faster of two floor runs (see wide).
	if again, _, _, err := plan(0); err != nil {
		return err
	} else if again.took < floor.took {
		floor = again
	}
	waves := (n + cfg.parallelism - 1) / cfg.parallelism
	api := cfg.latency * time.Duration(1+waves)
	lb := api + floor.took
	b.rep.add(row{scenario: "plan1000", metric: fmt.Sprintf("no-change `plan -detailed-exitcode` (refresh of %d), `-parallelism=%d`", n+1, cfg.parallelism),
		measured:   fmt.Sprintf("%s (%d requests)", secs(measured.took), reqs),
		lowerBound: fmt.Sprintf("%s API (L + ⌈N/P⌉·L) + %s floor = %s", secs(api), secs(floor.took), secs(lb)),
		ratio:      ratio(measured.took, lb), target: "≤ 1.2×", meets: yesNo(float64(measured.took) <= 1.2*float64(lb))})
	b.rep.add(row{scenario: "plan1000", metric: fmt.Sprintf("provider peak memory (VmHWM) during that plan (%d collections)", n),
		measured:   fmt.Sprintf("%s (max of %d provider processes, %d samples; %s at L = 0)", mib(mem.HWMKiB), mem.Processes, mem.Samples, mib(floorMem.HWMKiB)),
		lowerBound: "—", ratio: "—", target: "— (reported)", meets: "—"})
	b.rep.note(fmt.Sprintf("plan1000: where a collection's refresh goes (medians): %s.", strings.Join(gaps, "; ")))
	return nil
}
