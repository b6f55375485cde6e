package provider

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
)

// int64OrEnv returns the configured number, else the environment variable's, else
// def. A variable that is not a whole number in [lo, hi] is an error that names it:
// the attribute validators cannot see the environment.
func int64OrEnv(v types.Int64, p path.Path, env string, def, lo, hi int64) (int64, diag.Diagnostics) {
	var diags diag.Diagnostics
	if !v.IsNull() {
		return v.ValueInt64(), diags
	}
	raw, ok := os.LookupEnv(env)
	if !ok || strings.TrimSpace(raw) == "" {
		return def, diags
	}
	n, err := strconv.ParseInt(strings.TrimSpace(raw), 10, 64)
	if err != nil || n < lo || n > hi {
		diags.AddAttributeError(p, "Invalid environment variable "+env,
			fmt.Sprintf("%s must be a whole number from %d to %d, got %q. Fix or unset it, or set %s in the provider block.",
				env, lo, hi, raw, p))
		return 0, diags
	}
	return n, diags
}

// durationOrEnv is int64OrEnv for durations such as "30s" (at least one second).
func durationOrEnv(v types.String, p path.Path, env string, def time.Duration) (time.Duration, diag.Diagnostics) {
	var diags diag.Diagnostics
	raw, source := v.ValueString(), p.String()
	if v.IsNull() {
		var ok bool
		if raw, ok = os.LookupEnv(env); !ok || strings.TrimSpace(raw) == "" {
			return def, diags
		}
		source = env
	}
	d, err := parseMinDuration(raw, time.Second)
	if err != nil {
		diags.AddAttributeError(p, "Invalid duration in "+source, err.Error())
		return 0, diags
	}
	return d, diags
}

func parseMinDuration(raw string, minimum time.Duration) (time.Duration, error) {
	d, err := time.ParseDuration(strings.TrimSpace(raw))
	if err != nil {
		return 0, fmt.Errorf("%q is not a duration: write a number with a unit, such as 30s, 90s or 2m", raw)
	}
	if d < minimum {
		return 0, fmt.Errorf("%q is too short: use at least %s", raw, minimum)
	}
	return d, nil
}

// durationValidator checks a duration attribute at plan time.
type durationValidator struct{ min time.Duration }

var _ validator.String = durationValidator{}

func (v durationValidator) Description(context.Context) string {
	return fmt.Sprintf("must be a duration such as 30s or 2m, at least %s", v.min)
}

func (v durationValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v durationValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := parseMinDuration(req.ConfigValue.ValueString(), v.min); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid duration", err.Error())
	}
}

// Pacing settings: the service's documented limits per kind of request, which
// the client paces to (internal/zilliz/pacing.go). A user whose limits were
// raised (Zilliz Cloud support, or the BYOC OPS settings) sets them higher.
type pacingSetting struct {
	attr, env   string
	def, lo, hi int64
	what        string // what the limit counts, for the description
	source      string
	set         func(c *zilliz.Config, v float64)
}

// refusalPatienceText is zilliz.DefaultRefusalPatience in words, for the
// descriptions: how long a write outside any timeout waits out refusals.
var refusalPatienceText = fmt.Sprintf("%d minutes", int(zilliz.DefaultRefusalPatience/time.Minute))

// Attribute names of the pacing settings.
const (
	attrCollectionOps   = "collection_ops_per_second"
	attrPartitionOps    = "partition_ops_per_second"
	attrControlRequests = "control_plane_requests_per_second"
)

var (
	pacingCollectionOps = pacingSetting{
		attr: attrCollectionOps, env: "ZILLIZ_COLLECTION_OPS_PER_SECOND", def: int64(zilliz.DefaultCollectionOpsPerSecond), lo: 1, hi: 1000,
		what:   "collection operations (create, drop, load, release) per second this provider sends to one cluster",
		source: "Zilliz Cloud allows 5 per second per cluster, Serverless and Dedicated alike (docs.zilliz.com/docs/limits)",
		set:    func(c *zilliz.Config, v float64) { c.CollectionOpsPerSecond = v },
	}
	pacingPartitionOps = pacingSetting{
		attr: attrPartitionOps, env: "ZILLIZ_PARTITION_OPS_PER_SECOND", def: int64(zilliz.DefaultPartitionOpsPerSecond), lo: 1, hi: 1000,
		what:   "partition operations (create, drop, load, release) per second this provider sends to one cluster",
		source: "Zilliz Cloud allows 1 partition create per second per cluster (docs.zilliz.com/docs/limits), and Milvus counts the four against one limit",
		set:    func(c *zilliz.Config, v float64) { c.PartitionOpsPerSecond = v },
	}
	pacingControlPlane = pacingSetting{
		attr: attrControlRequests, env: "ZILLIZ_CONTROL_PLANE_REQUESTS_PER_SECOND", def: int64(zilliz.DefaultControlPlanePerSecond), lo: 1, hi: 1000,
		what:   "control-plane requests per second this provider sends to one API route (such as describing clusters) with one API key",
		source: "Zilliz Cloud allows 20 per second per user and endpoint (its RESTful API reference)",
		set:    func(c *zilliz.Config, v float64) { c.ControlPlanePerSecond = v },
	}
	pacingSettings = []pacingSetting{pacingCollectionOps, pacingPartitionOps, pacingControlPlane}
)

// pacingAttribute is the provider schema attribute of a setting.
func pacingAttribute(s pacingSetting) schema.Int64Attribute {
	return schema.Int64Attribute{
		MarkdownDescription: fmt.Sprintf("The most %s, %d to %d. %s; raise it only if your limit was raised. "+
			"A refusal from the server (HTTP 429, or code 1807 or 8) slows the provider down further and the request is sent again "+
			"without counting against `max_retries`: until the operation's timeout, or, for a create, update or delete outside any timeout, "+
			"for up to %s of refusals (a read outside any timeout, such as a refresh during `plan`, counts it against `max_retries`). "+
			"Falls back to `%s`, then to %d.", s.what, s.lo, s.hi, s.source, refusalPatienceText, s.env, s.def),
		Optional:   true,
		Validators: []validator.Int64{int64validator.Between(s.lo, s.hi)},
	}
}

// pacingModel holds the pacing settings of the provider block.
type pacingModel struct {
	CollectionOpsPerSecond        types.Int64 `tfsdk:"collection_ops_per_second"`
	PartitionOpsPerSecond         types.Int64 `tfsdk:"partition_ops_per_second"`
	ControlPlaneRequestsPerSecond types.Int64 `tfsdk:"control_plane_requests_per_second"`
}

func (m pacingModel) values() map[string]types.Int64 {
	return map[string]types.Int64{
		attrCollectionOps: m.CollectionOpsPerSecond, attrPartitionOps: m.PartitionOpsPerSecond, attrControlRequests: m.ControlPlaneRequestsPerSecond,
	}
}

func (m pacingModel) unknown() bool {
	for _, v := range m.values() {
		if v.IsUnknown() {
			return true
		}
	}
	return false
}

// apply writes the settings (configured, else from the environment, else the
// documented default) into the client's configuration.
func (m pacingModel) apply(c *zilliz.Config) diag.Diagnostics {
	var diags diag.Diagnostics
	values := m.values()
	for _, s := range pacingSettings {
		v, d := int64OrEnv(values[s.attr], path.Root(s.attr), s.env, s.def, s.lo, s.hi)
		diags.Append(d...)
		s.set(c, float64(v))
	}
	return diags
}
