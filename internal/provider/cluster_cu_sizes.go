package provider

import (
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The CU sizes each dedicated plan offers, from the create-dedicated-cluster-v2
// reference (docs.zilliz.com.cn/reference/restful/create-dedicated-cluster-v2,
// cuSize; zilliz-api.md A.2/A.5): Standard 1 to 32, one of 1, 2, 4, 8, 12, ..., 32;
// Enterprise 1 to 1024, one of 1, 2, 4, then steps of 4 up to 64, of 8 up to
// 256 and of 16 up to 1024. The service refuses other sizes at apply time
// (the mock answers 96023, "no class for that cuType/cuSize/plan"), so the
// provider refuses them at plan time.
const maxCUSize = 1024

// cuSizeAllowed reports whether plan (Standard or Enterprise) offers n CUs.
func cuSizeAllowed(plan string, n int64) bool {
	switch {
	case n == 1 || n == 2 || n == 4:
		return true
	case n < 8:
		return false
	case n <= 32:
		return n%4 == 0
	case plan != planEnterprise:
		return false
	case n <= 64:
		return n%4 == 0
	case n <= 256:
		return n%8 == 0
	case n <= maxCUSize:
		return n%16 == 0
	}
	return false
}

// cuSizesText lists a plan's CU sizes for messages and docs.
func cuSizesText(plan string) string {
	if plan == planEnterprise {
		return "1, 2, 4, 8 to 64 in steps of 4, 72 to 256 in steps of 8, and 272 to 1024 in steps of 16"
	}
	var sizes []string
	for n := int64(1); n <= 32; n++ {
		if cuSizeAllowed(planStandard, n) {
			sizes = append(sizes, fmt.Sprint(n))
		}
	}
	return strings.Join(sizes, ", ")
}

// maxCUTimesReplica is the most cu_size × replica a plan allows. Sources: the
// Modify Cluster (V2) reference (docs.zilliz.com/ja-JP/reference/restful/
// modify-cluster-v2: "the product of this parameter and replica should not
// exceed 1024"), and the CLI reference for cluster modify (docs.zilliz.com/
// reference/cli/cli/Cluster-modify: "less than or equal to 32" in a Standard
// project, "1,024" in an Enterprise project). The console's Scale Replica
// guide names 256 as the limit without a request to sales; such an
// account's own limit is the service's to enforce when applying.
func maxCUTimesReplica(plan string) int64 {
	if plan == planEnterprise {
		return 1024
	}
	return 32
}

// validateCUTimesReplica refuses, at plan time, a cu_size × replica above the
// plan's limit. An argument left out counts as its default, 1.
func validateCUTimesReplica(plan string, cuSize, replica types.Int64, diags *diag.Diagnostics) {
	if !isDedicatedPlan(plan) || cuSize.IsUnknown() || replica.IsUnknown() || (cuSize.IsNull() && replica.IsNull()) {
		return
	}
	cu, r := int64(1), int64(1)
	if !cuSize.IsNull() {
		cu = cuSize.ValueInt64()
	}
	if !replica.IsNull() {
		r = replica.ValueInt64()
	}
	if plan != planEnterprise && r > 1 {
		return // ValidateConfig says that replicas need the Enterprise plan
	}
	if limit := maxCUTimesReplica(plan); cu*r > limit {
		diags.AddAttributeError(path.Root("replica"), "Cluster too large for this plan",
			fmt.Sprintf("cu_size × replica = %d × %d = %d, above the %d that the %s plan allows. "+
				"Lower cu_size or replica.", cu, r, cu*r, limit, plan))
	}
}
