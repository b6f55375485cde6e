package provider

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
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
