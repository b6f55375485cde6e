package provider

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// Users of the official provider (zilliztech/zillizcloud) move to ours with a
// `moved` block (Terraform >= 1.8):
//
//	moved {
//	  from = zillizcloud_cluster.main
//	  to   = zilliz_cluster.main
//	}
//
// Terraform then hands the old state to the target resource's MoveState. Every
// mover starts with officialSource, which checks the source and decodes it;
// the shapes decoded are the official provider's schema version 0, as in
// /work/shared/official-zillizcloud/schemas.json and the state files it wrote.
// Whatever has no counterpart in our schema is an error that names it: a move
// must never turn into a silent replacement.

// officialProviderAddress is the official provider's registry address.
const officialProviderAddress = "registry.terraform.io/zilliztech/zillizcloud"

// fromOfficialProvider tells whether a move request comes from the official
// provider's resource of the given type. The hostname is ignored, as the
// framework recommends (a mirror may serve the provider under another host).
//
// OpenTofu 1.10 sends no address at all, only the provider's type
// ("zillizcloud": seen in TestAccClusterMove_fromOfficialProvider under
// OpenTofu), so that form is taken too; the source type still has to match.
func fromOfficialProvider(req resource.MoveStateRequest, typeName string) bool {
	if req.SourceTypeName != typeName {
		return false
	}
	if strings.EqualFold(req.SourceProviderAddress, "zillizcloud") {
		return true
	}
	_, rest, ok := strings.Cut(req.SourceProviderAddress, "/")
	return ok && strings.EqualFold(rest, "zilliztech/zillizcloud")
}

// officialSource checks that a move comes from the official provider's
// typeName at schema version 0 and decodes its state into dst. It reports
// why not in resp, and returns false when there is nothing to move (another
// source type: the framework then tries the next mover). importHint is the
// body of the `import` block that adopts the object instead, for example
// `zilliz_cluster.<name> id = "<cluster id>"`.
func officialSource(req resource.MoveStateRequest, resp *resource.MoveStateResponse, typeName, importHint string, dst any) bool {
	if !fromOfficialProvider(req, typeName) {
		return false
	}
	if req.SourceSchemaVersion != 0 {
		resp.Diagnostics.AddError("Cannot move "+typeName+" from this schema version",
			fmt.Sprintf("The state was written with schema version %d of %s; this provider reads version 0. "+
				"Import the object instead: remove the old resource with a `removed` block and add `import { to = %s }`.",
				req.SourceSchemaVersion, typeName, importHint))
		return false
	}
	if req.SourceRawState == nil || json.Unmarshal(req.SourceRawState.JSON, dst) != nil {
		resp.Diagnostics.AddError("Cannot read the "+typeName+" state", "The source state is not the JSON object "+typeName+" writes (schema version 0).")
		return false
	}
	return true
}

// deref reads an optional string of an official state ("" when absent).
func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// derefNumber reads an optional number of an official state, fallback when
// absent or zero.
func derefNumber(n *float64, fallback float64) float64 {
	if n == nil || *n == 0 {
		return fallback
	}
	return *n
}
