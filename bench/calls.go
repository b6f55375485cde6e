package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/vectorops/terraform-provider-zilliz/internal/zillizmock"
)

func callsHCL() string {
	return hclHeader + `
variable "cluster_name" {
  type    = string
  default = "bench-calls"
}

variable "token" {
  type      = string
  default   = null
  sensitive = true
}

resource "zilliz_cluster" "c" {
  project_id = var.project_id
  region_id  = "gcp-us-west1"
  name       = var.cluster_name
  plan       = "Serverless"
  labels     = { team = "bench" }
}

resource "zilliz_collection" "c" {
  cluster_endpoint = zilliz_cluster.c.connect_address
  name             = "calls"
  dimension        = 8
  metric_type      = "L2"
  token            = var.token
}
`
}

// lifecycle step of the calls scenario and the targets of the issue.
type callStep struct {
	phase   string // create, read, update, delete
	command string
	targets map[string]string // resource type -> target, in words
	want    map[string]int    // resource type -> most requests (0 = no fixed number)
}

func (b *bench) calls(ctx context.Context) error {
	cfg := b.cfg
	// A new collection loads at once here, so that a create's requests are
	// its own (the wide scenario shows the polls while loading).
	m, err := b.newMock(cfg.latency, func(o *zillizmock.Options) { o.LoadDuration = -1 })
	if err != nil {
		return err
	}
	defer m.Close()
	dir, err := workdir(b.tmp, "calls", callsHCL())
	if err != nil {
		return err
	}
	env := append(mockEnv(m), cfg.env...)
	updateVars := []string{"-var", "cluster_name=bench-calls-renamed", "-var", "token=" + m.APIKey()}

	steps := []struct {
		callStep
		okExits []int
		args    []string
	}{
		{callStep{"create", "terraform apply",
			map[string]string{"zilliz_cluster": "1 create + waiting polls", "zilliz_collection": "≤ 3 (name check, create, describe)"},
			map[string]int{"zilliz_collection": 3}}, nil,
			[]string{"apply", "-auto-approve", "-input=false", "-no-color"}},
		{callStep{"read", "terraform plan -detailed-exitcode (no change)",
			map[string]string{"zilliz_cluster": "1", "zilliz_collection": "1"},
			map[string]int{"zilliz_cluster": 1, "zilliz_collection": 1}}, []int{0},
			[]string{"plan", "-detailed-exitcode", "-input=false", "-no-color"}},
		{callStep{"update", "terraform apply -refresh=false (rename the cluster; set the collection's token)",
			map[string]string{"zilliz_cluster": "— (issue sets none; 1 rename is the least)", "zilliz_collection": "— (1 describe checks the token)"},
			nil}, nil,
			append([]string{"apply", "-auto-approve", "-input=false", "-no-color", "-refresh=false"}, updateVars...)},
		{callStep{"delete", "terraform destroy -refresh=false",
			map[string]string{"zilliz_cluster": "1 drop + waiting polls", "zilliz_collection": "1"},
			map[string]int{"zilliz_collection": 1}}, nil,
			append([]string{"destroy", "-auto-approve", "-input=false", "-no-color", "-refresh=false"}, updateVars...)},
	}

	var d strings.Builder
	fmt.Fprintf(&d, "One `zilliz_cluster` (Serverless, with labels) and one `zilliz_collection` on its endpoint; L = %s, D = %s; the collection loads at once. "+
		"Update and destroy run with `-refresh=false` so that their requests are the resource's Update and Delete alone "+
		"(a plain `terraform destroy` adds one read per resource first). Requests are attributed by plane: the control "+
		"plane to `zilliz_cluster`, a cluster endpoint to `zilliz_collection`.\n\n", cfg.latency, cfg.transition)
	d.WriteString("| Phase | Command | Wall | Resource | Requests | By endpoint | Target |\n|---|---|---|---|---|---|---|\n")
	for _, s := range steps {
		progress("calls: %s", s.command)
		n := len(m.Requests())
		r, err := b.tf.run(ctx, dir, env, s.okExits, s.args...)
		if err != nil {
			return fmt.Errorf("%s: %w", s.phase, err)
		}
		reqs := since(m, n)
		by := map[string][]zillizmock.Request{}
		for _, q := range reqs {
			by[resourceOf(q)] = append(by[resourceOf(q)], q)
		}
		for _, res := range []string{"zilliz_cluster", "zilliz_collection"} {
			got := by[res]
			counts := countByEndpoint(got)
			fmt.Fprintf(&d, "| %s | %s | %s | `%s` | %d | %s | %s |\n", s.phase, s.command, secs(r.took), res, len(got), counts, s.targets[res])
			meets, measured := "—", fmt.Sprintf("%d: %s", len(got), counts)
			if want, ok := s.want[res]; ok {
				meets = yesNo(len(got) <= want)
			}
			if res == "zilliz_cluster" && (s.phase == "create" || s.phase == "delete") {
				meets, measured = pollVerdict(got, s.phase)
			}
			b.rep.add(row{scenario: "calls", metric: fmt.Sprintf("%s `%s`", s.phase, res), measured: measured,
				lowerBound: "—", ratio: "—", target: s.targets[res], meets: meets})
			waits := res == "zilliz_cluster" && (s.phase == "create" || s.phase == "delete")
			if rep := repeats(got, 50*time.Millisecond); rep.total() > 0 && !waits {
				b.rep.note(fmt.Sprintf("calls %s %s: a request repeated within 50 ms of the same one: %s", s.phase, res, rep))
			}
		}
	}
	b.rep.section("Calls per lifecycle", d.String())
	return nil
}

// pollVerdict judges a cluster create or delete: exactly one create or drop,
// at least one describe spent waiting (how fast the waiter notices is the
// readiness scenario's business), and on create at most one regions list per
// provider process (the plan checks region_id against it, and `terraform
// apply` plans in one provider process and applies in another), nothing
// else. A cluster list (the name check a create once made before it) is
// named, and misses the target.
func pollVerdict(reqs []zillizmock.Request, phase string) (meets, measured string) {
	const providerProcesses = 2 // of one `terraform apply`: plan, then apply
	var action, describes, regions, lists int
	for _, r := range reqs {
		ep := endpoint(r)
		switch {
		case ep == "GET /v2/clusters/{id}":
			describes++
		case strings.HasPrefix(ep, "POST /v2/clusters/create") || ep == "DELETE /v2/clusters/{id}/drop":
			action++
		case ep == "GET /v2/regions" && phase == "create":
			regions++
		case ep == "GET /v2/clusters":
			lists++
		}
	}
	other := len(reqs) - action - describes - regions - lists
	measured = fmt.Sprintf("%d: %d %s + %d describes", len(reqs), action, map[string]string{"create": "create", "delete": "drop"}[phase], describes)
	if regions > 0 {
		measured += fmt.Sprintf(" + %d regions list (region_id checked while planning, one per provider process; %d expected at most)", regions, providerProcesses)
	}
	if lists > 0 {
		measured += fmt.Sprintf(" + %d cluster list (name check)", lists)
	}
	if other > 0 {
		measured += fmt.Sprintf(" + %d other", other)
	}
	return yesNo(action == 1 && describes >= 1 && regions <= providerProcesses && lists == 0 && other == 0), measured
}
