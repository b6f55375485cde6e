package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestValidateCUTimesReplica(t *testing.T) {
	t.Parallel()
	null, unknown := types.Int64Null(), types.Int64Unknown()
	n := types.Int64Value
	for _, tc := range []struct {
		name          string
		plan          string
		cuSize, repl  types.Int64
		wantErrorText string
	}{
		{"Enterprise at the limit", planEnterprise, n(1024), n(1), ""},
		{"Enterprise 512 x 2", planEnterprise, n(512), n(2), ""},
		{"Enterprise 256 x 5", planEnterprise, n(256), n(5), "cu_size × replica = 256 × 5 = 1280, above the 1024 that the Enterprise plan allows"},
		{"Enterprise 1024 x 2", planEnterprise, n(1024), n(2), "= 2048, above the 1024"},
		{"replica alone counts cu_size as 1", planEnterprise, null, n(10), ""},
		{"unknown cu_size is not checked", planEnterprise, unknown, n(10), ""},
		{"Standard at its limit", planStandard, n(32), null, ""},
		{"Standard with replicas is the replica rule's", planStandard, n(32), n(2), ""},
		{"Serverless is not checked", planServerless, n(2048), n(2), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var diags diag.Diagnostics
			validateCUTimesReplica(tc.plan, tc.cuSize, tc.repl, &diags)
			switch {
			case tc.wantErrorText == "" && diags.HasError():
				t.Errorf("unexpected error: %v", diags)
			case tc.wantErrorText != "" && (!diags.HasError() || !strings.Contains(diags.Errors()[0].Detail(), tc.wantErrorText)):
				t.Errorf("diagnostics %v, want an error with %q", diags, tc.wantErrorText)
			}
		})
	}
}
