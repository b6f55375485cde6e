package main

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/vectorops/terraform-provider-zilliz/internal/zillizmock"
)

func wideHCL() string {
	return hclHeader + `
variable "collections" {
  type = number
}

resource "zilliz_cluster" "wide" {
  project_id = var.project_id
  region_id  = "gcp-us-west1"
  name       = "bench-wide"
  plan       = "Serverless"
}

resource "zilliz_collection" "c" {
  count            = var.collections
  cluster_endpoint = zilliz_cluster.wide.connect_address
  name             = format("c%04d", count.index)
  dimension        = 8
  metric_type      = "L2"
}
`
}

// step is one measured terraform command.
type step struct {
	name string
	took time.Duration
	cpu  time.Duration // terraform and its provider processes
	reqs []zillizmock.Request
	mem  memPeak
	gaps map[string]*opGaps // by operation: "create", "read", "delete"
	// applyAt is Terraform's first apply_start event: requests before it come
	// from the plan's provider process, later ones from the apply's (each
	// process has its own rate limiter).
	applyAt time.Time
}

// ddlRequests counts the step's collection operations (create, drop, load,
// release) the mock carried out and refused.
func (s *step) ddlRequests() (done, refused int) {
	for _, r := range s.reqs {
		if !isCollectionOp(r) {
			continue
		}
		if r.Fault == "rate-limit" {
			refused++
		} else {
			done++
		}
	}
	return done, refused
}

// isCollectionOp tells a request counted against the collection-operation limit.
func isCollectionOp(r zillizmock.Request) bool {
	switch r.Path {
	case "/v1/vector/collections/create", "/v1/vector/collections/drop",
		"/v2/vectordb/collections/create", "/v2/vectordb/collections/drop",
		"/v2/vectordb/collections/load", "/v2/vectordb/collections/release":
		return true
	}
	return false
}

// refusals counts the step's requests the mock refused for its rate limits.
func (s *step) refusals() int {
	n := 0
	for _, r := range s.reqs {
		if r.Fault == "rate-limit" {
			n++
		}
	}
	return n
}

// widePass is the wide scenario run once at one latency.
type widePass struct {
	latency time.Duration
	// rate is the collection operations per second per cluster of this pass:
	// the documented limit, which the mock enforces, or (floor) the provider's
	// pace without a limit.
	rate  float64
	limit bool          // the mock enforced the rate limits
	load  time.Duration // the mock's loading phase of a new collection (0 in floor passes)
	steps []*step
}

func (p *widePass) step(name string) *step {
	for _, s := range p.steps {
		if s.name == name {
			return s
		}
	}
	return nil
}

// newMock starts a mock with the given latency and fast transitions. It
// enforces the service's documented rate limits unless mod turns them off.
func (b *bench) newMock(latency time.Duration, mod func(*zillizmock.Options)) (*zillizmock.Server, error) {
	d := b.cfg.transition
	opts := zillizmock.Options{
		Latency:         latency,
		CreateDuration:  d,
		ModifyDuration:  d,
		SuspendDuration: d,
		ResumeDuration:  d,
		DeleteDuration:  d,
		LoadDuration:    b.cfg.load,
		Seed:            b.cfg.seed,
		RateLimits:      zillizmock.RateLimits{CollectionOpsPerSecond: b.cfg.ddlRate},
	}
	if mod != nil {
		mod(&opts)
	}
	return zillizmock.New(opts)
}

// runWide applies, re-plans and destroys the wide configuration against a fresh
// mock; applyOnly stops after the apply (for the memory measurement alone).
//
// A floor pass (limits false) runs without the service's rate limits and
// with collections that load at once: it measures Terraform's and the
// provider's own time, not the waits the API part of a bound accounts for.
func (b *bench) runWide(ctx context.Context, label string, latency time.Duration, extraEnv []string, applyOnly, limits bool) (*widePass, error) {
	load := b.cfg.load
	if !limits {
		load = 0
	}
	m, err := b.newMock(latency, func(o *zillizmock.Options) {
		o.RateLimits.Off = !limits
		if load == 0 {
			o.LoadDuration = -1
		}
	})
	if err != nil {
		return nil, err
	}
	defer m.Close()
	dir, err := workdir(b.tmp, "wide-"+label, wideHCL())
	if err != nil {
		return nil, err
	}
	env := append(mockEnv(m), "TF_VAR_collections="+strconv.Itoa(b.cfg.collections))
	env = append(env, extraEnv...)
	par := fmt.Sprintf("-parallelism=%d", b.cfg.parallelism)
	pass := &widePass{latency: latency, rate: b.boundRate(limits, extraEnv), limit: limits, load: load}

	measure := func(name string, okExits []int, args ...string) (*tfRun, error) {
		progress("wide (%s, latency %s): terraform %s", label, latency, name)
		n := len(m.Requests())
		sampler := startMemSampler(b.provider, 20*time.Millisecond)
		r, err := b.tf.run(ctx, dir, env, okExits, args...)
		mem := sampler.Stop()
		if err != nil {
			return r, err
		}
		st := &step{name: name, took: r.took, cpu: r.cpu, reqs: since(m, n), mem: mem, gaps: map[string]*opGaps{}}
		evs := jsonEvents(r.stdout)
		for _, ev := range evs {
			if ev.Type == "apply_start" {
				st.applyAt = ev.Timestamp
				break
			}
		}
		if g := collectionGaps(evs, st.reqs, latency, "refresh_start", "refresh_complete"); g.ops > 0 {
			st.gaps["read"] = g
		}
		if g := collectionGaps(evs, st.reqs, latency, "apply_start", "apply_complete"); g.ops > 0 {
			st.gaps[map[string]string{"apply": "create", "destroy": "delete"}[name]] = g
		}
		pass.steps = append(pass.steps, st)
		return r, nil
	}

	if _, err := measure("apply", nil, "apply", "-auto-approve", "-input=false", "-json", par); err != nil {
		return nil, err
	}
	if got := len(m.Collections(firstClusterID(m), "default")); got != b.cfg.collections {
		return nil, fmt.Errorf("after apply the mock holds %d collections, want %d", got, b.cfg.collections)
	}
	if applyOnly {
		return pass, nil
	}
	r, err := measure("plan", []int{0, 2}, "plan", "-detailed-exitcode", "-input=false", "-json", par)
	if err != nil {
		return nil, err
	}
	if r.exit != 0 {
		return nil, fmt.Errorf("the plan after apply is not empty (exit %d): %s", r.exit, planSummary(r.stdout))
	}
	if _, err := measure("destroy", nil, "destroy", "-auto-approve", "-input=false", "-json", par); err != nil {
		return nil, err
	}
	for _, c := range m.Clusters() {
		if c.Status != zillizmock.StatusDeleted {
			return nil, fmt.Errorf("after destroy cluster %s is still %s", c.ClusterID, c.Status)
		}
	}
	return pass, nil
}

func firstClusterID(m *zillizmock.Server) string {
	for _, c := range m.Clusters() {
		return c.ClusterID
	}
	return ""
}

// planSummary quotes what a -json plan would change.
func planSummary(out []byte) string {
	var keep []string
	for _, ev := range jsonEvents(out) {
		if ev.Type == "planned_change" || ev.Type == "resource_drift" || ev.Type == "change_summary" {
			keep = append(keep, ev.Message)
		}
		if len(keep) > 12 {
			break
		}
	}
	return strings.Join(keep, " | ")
}

// boundRate is the collection operations per second a pass's bound assumes:
// the rate the mock enforces (the service's limit), whatever pace the
// provider was told to keep, since a run told to go slower than the limit
// must not raise its own bound. A floor pass runs without the mock's limits,
// so there the provider's own pace (its extra env) is the bound.
func (b *bench) boundRate(limits bool, extraEnv []string) float64 {
	if limits {
		return b.mockDDLRate()
	}
	return rateOf(extraEnv, b.cfg.ddlRate)
}

// mockDDLRate is the collection operations per second per cluster the mock
// enforces (newMock's RateLimits.CollectionOpsPerSecond; 0 there means the
// documented 5).
func (b *bench) mockDDLRate() float64 {
	if b.cfg.ddlRate > 0 {
		return b.cfg.ddlRate
	}
	return 5
}

// rateOf is the collection operations per second an environment gives the
// provider (ZILLIZ_COLLECTION_OPS_PER_SECOND), else def.
func rateOf(env []string, def float64) float64 {
	for _, kv := range env {
		if v, ok := strings.CutPrefix(kv, "ZILLIZ_COLLECTION_OPS_PER_SECOND="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				return f
			}
		}
	}
	return def
}

// Lower bounds of the wide scenario's API part, from the fewest requests the
// job needs (never from the requests the provider happened to make), with P
// operations at a time, latency L per request, the CREATING phase D, a new
// collection's loading phase LD, and at most R collection operations per
// second on the cluster (the documented limit, which the mock enforces):
//
//	apply   = L + max(D, L)               cluster create, then the describe that sees RUNNING
//	          + max(N/R, ⌈N/P⌉·(3·L + LD)) collection creates: a name check, the create, and one describe
//	                                       that sees it loaded, each; N creates at R per second at best
//	plan    = L + ⌈N/P⌉·L                  cluster describe, collection describes (reads have no rate limit)
//	destroy = L + ⌈N/P⌉·L                  the refresh, as plan
//	          + max(N/R, ⌈N/P⌉·L)          collection drops, N at R per second at best
//	          + 2·L                        cluster drop + the describe that sees it gone
func (b *bench) wideAPI(step string, L time.Duration, p *widePass) time.Duration {
	n := b.cfg.collections
	waves := (n + b.cfg.parallelism - 1) / b.cfg.parallelism
	ddl := time.Duration(float64(n) / p.rate * float64(time.Second))
	times := func(k int, d time.Duration) time.Duration { return time.Duration(k) * d }
	D, LD := b.cfg.transition, p.load
	switch step {
	case "apply":
		return L + max(D, L) + max(ddl, times(waves, 3*L+LD))
	case "plan":
		return L + times(waves, L)
	case "destroy":
		return L + times(waves, L) + max(ddl, times(waves, L)) + 2*L
	}
	return 0
}

func (b *bench) wideFormula(step string, rate float64) string {
	n := b.cfg.collections
	waves := (n + b.cfg.parallelism - 1) / b.cfg.parallelism
	switch step {
	case "apply":
		return fmt.Sprintf("L + max(D, L) + max(N/R, ⌈N/P⌉·(3·L + LD)) = L + max(D, L) + max(%d/%g s, %d·(3·L + LD))", n, rate, waves)
	case "plan":
		return fmt.Sprintf("L + ⌈N/P⌉·L = L·(1 + %d)", waves)
	case "destroy":
		return fmt.Sprintf("(L + ⌈N/P⌉·L) + max(N/R, ⌈N/P⌉·L) + 2·L = L·(3 + %d) + max(%d/%g s, %d·L)", waves, n, rate, waves)
	}
	return ""
}

func (b *bench) wide(ctx context.Context) error {
	cfg := b.cfg
	measured, err := b.runWide(ctx, "measured", cfg.latency, cfg.env, false, true)
	if err != nil {
		return err
	}
	if s := measured.step("apply"); s != nil {
		b.widePeak = &s.mem
	}
	// Two floor passes, the faster one of each command counting: on a shared
	// machine the floor is what Terraform needs when it is not kept waiting.
	floor, err := b.runWide(ctx, "floor", 0, cfg.floorEnv, false, false)
	if err != nil {
		return err
	}
	again, err := b.runWide(ctx, "floor-2", 0, cfg.floorEnv, false, false)
	if err != nil {
		return err
	}
	for i, s := range floor.steps {
		if t := again.step(s.name); t != nil && t.took < s.took {
			floor.steps[i] = t
		}
	}
	ref, err := b.runReference(ctx)
	if err != nil {
		return err
	}

	what := map[string]string{
		"apply":   fmt.Sprintf("apply: 1 cluster + %d collections", cfg.collections),
		"plan":    fmt.Sprintf("no-change `plan -detailed-exitcode` (refresh of %d)", cfg.collections+1),
		"destroy": "destroy",
	}
	bound := map[string]string{
		"apply":   fmt.Sprintf("DDL bound (%d creates at %g/s)", cfg.collections, measured.rate),
		"plan":    "latency bound (reads unthrottled)",
		"destroy": fmt.Sprintf("DDL bound (%d drops at %g/s)", cfg.collections, measured.rate),
	}
	target := map[string]float64{"apply": 1.1, "plan": 1.1, "destroy": 1.1}
	var detail strings.Builder
	fmt.Fprintf(&detail, "N = %d collections, P = %d (`-parallelism`), L = %s added latency, D = %s CREATING phase (and every other transition), "+
		"LD = %s loading phase of a new collection, R = %g collection operations per second per cluster (the documented limit; the mock refuses more).\n"+
		"Floor = the same command with L = 0, no rate limits in the mock, collections that load at once and the provider's pace raised (%s), "+
		"the faster of two runs, minus its API part at L = 0 (by the same formulas, with R = %g and LD = 0).\n\n",
		cfg.collections, cfg.parallelism, cfg.latency, cfg.transition, cfg.load, measured.rate, strings.Join(cfg.floorEnv, " "), floor.rate)
	detail.WriteString("| Command | Pass | Wall | CPU: terraform + provider (provider) | Requests | By endpoint | Req/s | Max in flight | " +
		"Collection operations (refused) | Refused in all | Provider peak VmHWM |\n|---|---|---|---|---|---|---|---|---|---|---|\n")
	var gaps strings.Builder
	for _, name := range []string{"apply", "plan", "destroy"} {
		meas, flr := measured.step(name), floor.step(name)
		if meas == nil || flr == nil {
			continue
		}
		api := b.wideAPI(name, cfg.latency, measured)
		fl := flr.took - b.wideAPI(name, 0, floor)
		lb := api + fl
		b.rep.add(row{
			scenario:   "wide",
			metric:     what[name] + fmt.Sprintf(", `-parallelism=%d`", cfg.parallelism),
			measured:   secs(meas.took),
			lowerBound: fmt.Sprintf("%s API (%s) + %s floor = %s", secs(api), bound[name], secs(fl), secs(lb)),
			ratio:      ratio(meas.took, lb),
			target:     fmt.Sprintf("≤ %.1f×", target[name]),
			meets:      yesNo(float64(meas.took) <= target[name]*float64(lb)),
		})
		for _, p := range []struct {
			label string
			pass  *widePass
			s     *step
		}{{"measured", measured, meas}, {"floor", floor, flr}} {
			inFlight := "—"
			if p.pass.latency > 0 {
				inFlight = strconv.Itoa(maxConcurrent(p.s.reqs, p.pass.latency))
			}
			done, refused := p.s.ddlRequests()
			fmt.Fprintf(&detail, "| %s | %s (L=%s) | %s | %s (%s) | %d | %s | %.0f | %s | %d (%d) | %d | %s |\n",
				name, p.label, p.pass.latency, secs(p.s.took), secs(p.s.cpu), secs(p.s.mem.CPU), len(p.s.reqs), countByEndpoint(p.s.reqs), rate(p.s.reqs),
				inFlight, done, refused, p.s.refusals(), mib(p.s.mem.HWMKiB))
			for _, op := range []string{"read", "create", "delete"} {
				if g := p.s.gaps[op]; g != nil {
					fmt.Fprintf(&gaps, "| %s | %s (L=%s) | %s | %s |\n", name, p.label, p.pass.latency, op, g)
				}
			}
			if n := p.s.refusals(); p.label == "measured" && n > 0 {
				b.rep.note(fmt.Sprintf("wide %s: the mock refused %d requests for the service's rate limits (%d of them collection operations).", name, n, refused))
			}
			if g := p.s.gaps["create"]; p.label == "floor" && g != nil && median(g.before) >= 100*time.Millisecond {
				b.rep.note(fmt.Sprintf("wide %s at zero latency: a collection create's first request reaches the mock a median %s after Terraform "+
					"starts the create: the provider waits before sending it (%d waves of %d → about %s of the apply).",
					name, ms(median(g.before)), (cfg.collections+cfg.parallelism-1)/cfg.parallelism, cfg.parallelism,
					secs(median(g.before)*time.Duration((cfg.collections+cfg.parallelism-1)/cfg.parallelism))))
			}
			if n := faults(p.s.reqs) - p.s.refusals(); n > 0 {
				b.rep.note(fmt.Sprintf("wide %s (%s): %d requests failed or were faulted: %v", name, p.label, n, errorCodes(p.s.reqs)))
			}
		}
	}
	fmt.Fprintf(&detail, "\nReference, Terraform alone: the same graph of built-in `terraform_data` resources (1 + %d, no provider process, no API) "+
		"takes %s to apply, %s to plan and %s to destroy with `-parallelism=%d`.\n",
		cfg.collections, secs(ref["apply"]), secs(ref["plan"]), secs(ref["destroy"]), cfg.parallelism)
	detail.WriteString("\nWhere the time of one collection operation goes (medians over the collections; from Terraform's `-json` " +
		"`*_start`/`*_complete` event timestamps and the mock's log: *start→1st request* = Terraform starts the operation → its first " +
		"request reaches the mock; *answer→next request* = the mock answers → the same operation's next request arrives; " +
		"*last answer→complete* = the last answer → Terraform logs the operation complete):\n\n" +
		"| Command | Pass | Operation | Gaps |\n|---|---|---|---|\n")
	detail.WriteString(gaps.String())
	detail.WriteString("\nAPI part formulas (from the fewest requests the job needs, never from the requests the provider made): ")
	for _, name := range []string{"apply", "plan", "destroy"} {
		fmt.Fprintf(&detail, "%s = %s; ", name, b.wideFormula(name, measured.rate))
	}
	detail.WriteString("\"Collection operations\" are the creates and drops the mock carried out, and (in brackets) refused for the rate limit. " +
		"\"Max in flight\" counts requests inside the mock's latency window at once (P would be the most Terraform allows).\n")
	b.rep.section("Wide apply", detail.String())

	// Requests per collection in the measured pass, against the targets.
	if s := measured.step("apply"); s != nil {
		b.checkPerObject("wide apply", s.reqs, "POST /v1/vector/collections/create", 1)
		b.perCreate(s, measured.load)
	}
	return nil
}

// perCreate reports how many requests each collection create made at most,
// and how many of them were describes while the collection was loading.
func (b *bench) perCreate(s *step, load time.Duration) {
	most, polls, creates := createPolls(s.reqs, load)
	b.rep.add(row{scenario: "wide", metric: fmt.Sprintf("requests per collection create (%d creates), apart from polls while loading", creates),
		measured:   fmt.Sprintf("at most %d, plus %d polls in all (%.2f per create; LD = %s)", most, polls, float64(polls)/float64(max(creates, 1)), load),
		lowerBound: "—", ratio: "—", target: "≤ 3 (name check, create, describe)", meets: yesNo(most <= 3)})
}

// createPolls counts, over the collections of a step's requests, the most
// requests one collection's create made apart from its polls, the polls in
// all, and the collections. A describe is a poll when the describe before it
// (of the same collection, after the create the mock carried out) was
// answered "still loading". The mock's log does not hold the answer's load
// state, so it is derived from the times: a collection loads for LD from its
// create, and every request is handled the mock's latency after it arrives,
// so the earlier describe said "loading" when it arrived less than LD after
// the create did (to within the mock's scheduling jitter).
func createPolls(reqs []zillizmock.Request, load time.Duration) (most, polls, collections int) {
	by := map[string][]zillizmock.Request{}
	for _, r := range reqs {
		if r.ClusterID != "" && r.Collection != "" {
			by[r.Collection] = append(by[r.Collection], r)
		}
	}
	for _, rs := range by {
		sort.SliceStable(rs, func(i, j int) bool { return rs[i].Time.Before(rs[j].Time) })
		var created, prev time.Time
		n := 0
		for _, r := range rs {
			switch {
			// Carried out: v2 answers code 0, v1 code 200 (handler_v1.go).
			case strings.HasSuffix(r.Path, "/collections/create") && r.Fault == "" && (r.Code == 0 || r.Code == 200):
				created = r.Time
			case strings.HasSuffix(r.Path, "/collections/describe") && !created.IsZero():
				if !prev.IsZero() && prev.Before(created.Add(load)) {
					polls++
					n--
				}
				prev = r.Time
			}
			n++
		}
		most = max(most, n)
	}
	return most, polls, len(by)
}

// checkPerObject notes when an endpoint was called more than want times per
// collection in a step.
func (b *bench) checkPerObject(label string, reqs []zillizmock.Request, ep string, want int) {
	per := map[string]int{}
	for _, r := range reqs {
		if endpoint(r) == ep {
			per[r.Collection]++
		}
	}
	extra := 0
	for _, n := range per {
		if n > want {
			extra += n - want
		}
	}
	if extra > 0 {
		b.rep.note(fmt.Sprintf("%s: %d extra `%s` beyond %d per collection", label, extra, ep, want))
	}
}

// opGaps is where the time of one resource operation goes, from Terraform's
// -json events and the mock's log: before = the operation's start event → its
// first request arrives at the mock; between = an answer → the next request of
// the same operation; after = the last answer → the operation's complete event.
// With no API latency these are the provider's (and the plugin protocol's) own time.
type opGaps struct {
	ops                    int
	requests               int
	before, between, after []time.Duration
}

func (g *opGaps) String() string {
	if g.ops == 0 {
		return "—"
	}
	s := fmt.Sprintf("%d ops, %.1f req/op; start→1st request %s", g.ops, float64(g.requests)/float64(g.ops), ms(median(g.before)))
	if len(g.between) > 0 {
		s += fmt.Sprintf(", answer→next request %s", ms(median(g.between)))
	}
	return s + fmt.Sprintf(", last answer→complete %s", ms(median(g.after)))
}

func ms(d time.Duration) string { return fmt.Sprintf("%.0f ms", float64(d)/float64(time.Millisecond)) }

// collectionGaps measures the collection operations of one wide command. start and
// complete name the event types (apply_start/apply_complete, refresh_start/refresh_complete).
func collectionGaps(events []tfEvent, reqs []zillizmock.Request, latency time.Duration, startType, completeType string) *opGaps {
	type window struct{ start, end time.Time }
	wins := map[string]*window{}
	for _, ev := range events {
		var idx int
		if _, err := fmt.Sscanf(ev.Hook.Resource.Addr, "zilliz_collection.c[%d]", &idx); err != nil {
			continue
		}
		name := fmt.Sprintf("c%04d", idx)
		switch ev.Type {
		case startType:
			wins[name] = &window{start: ev.Timestamp}
		case completeType:
			if w := wins[name]; w != nil {
				w.end = ev.Timestamp
			}
		}
	}
	g := &opGaps{}
	for name, w := range wins {
		if w.end.IsZero() {
			continue
		}
		var mine []zillizmock.Request
		for _, r := range reqs {
			if r.Collection == name && !r.Time.Before(w.start) && !r.Time.After(w.end) {
				mine = append(mine, r)
			}
		}
		if len(mine) == 0 {
			continue
		}
		g.ops++
		g.requests += len(mine)
		g.before = append(g.before, mine[0].Time.Sub(w.start))
		for i := 1; i < len(mine); i++ {
			g.between = append(g.between, mine[i].Time.Sub(mine[i-1].Time.Add(latency)))
		}
		g.after = append(g.after, w.end.Sub(mine[len(mine)-1].Time.Add(latency)))
	}
	return g
}

func referenceHCL() string {
	return `variable "collections" {
  type = number
}

resource "terraform_data" "wide" {
  input = "bench-wide"
}

resource "terraform_data" "c" {
  count = var.collections
  input = "${terraform_data.wide.id}/c${count.index}"
}
`
}

// runReference times the wide graph built from terraform_data: Terraform's cost
// without any provider plugin or API.
func (b *bench) runReference(ctx context.Context) (map[string]time.Duration, error) {
	dir, err := workdir(b.tmp, "wide-reference", referenceHCL())
	if err != nil {
		return nil, err
	}
	env := []string{"TF_VAR_collections=" + strconv.Itoa(b.cfg.collections)}
	par := fmt.Sprintf("-parallelism=%d", b.cfg.parallelism)
	out := map[string]time.Duration{}
	for _, c := range []struct {
		name    string
		okExits []int
		args    []string
	}{
		{"apply", nil, []string{"apply", "-auto-approve", "-input=false", "-json", par}},
		{"plan", []int{0}, []string{"plan", "-detailed-exitcode", "-input=false", "-json", par}},
		{"destroy", nil, []string{"destroy", "-auto-approve", "-input=false", "-json", par}},
	} {
		progress("wide (reference, terraform_data): terraform %s", c.name)
		r, err := b.tf.run(ctx, dir, env, c.okExits, c.args...)
		if err != nil {
			return nil, err
		}
		out[c.name] = r.took
	}
	return out, nil
}
