package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// token_wo (Terraform >= 1.11) is a write-only form of `token`: Terraform hands
// it to Create and Update in the configuration only and never stores it in the
// plan or the state. Bumping token_wo_version is the change that makes
// Terraform call Update, which checks the new credentials with a describe.
// Read, Delete and import see no configuration, so they use `token` when set
// and otherwise the provider's api_key.

func tokenWOAttribute() schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: "Terraform 1.11 and later: `token`, write-only. The credentials (`username:password` of the cluster or an API key) " +
			"are used to create the collection and to check them on a change of `token_wo_version`, and are never stored in the plan or the state. " +
			"Refreshing and destroying the collection cannot see them and use the provider's `api_key` instead, so that key must be able to reach the cluster. " +
			"Conflicts with `token`; needs `token_wo_version`.",
		Optional:  true,
		Sensitive: true,
		WriteOnly: true,
	}
}

func tokenWOVersionAttribute() schema.Int64Attribute {
	return schema.Int64Attribute{
		MarkdownDescription: "The version of `token_wo`. Terraform cannot see a change of a write-only value: change this number " +
			"(for example, increment it) when `token_wo` changes, and the apply checks the new credentials against the cluster. Does not touch the collection.",
		Optional: true,
	}
}

// withWriteOnlyToken returns m with Token taken from token_wo in the
// configuration when that is set, for the data-plane calls of Create and Update
// only: the result must never be written to the plan or the state.
func withWriteOnlyToken(ctx context.Context, cfg tfsdk.Config, m collectionResourceModel, diags *diag.Diagnostics) collectionResourceModel {
	var wo types.String
	diags.Append(cfg.GetAttribute(ctx, path.Root("token_wo"), &wo)...)
	if !wo.IsNull() && !wo.IsUnknown() {
		m.Token = wo
	}
	return m
}
