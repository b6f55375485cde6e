package provider

import (
	"fmt"
	"strings"
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
