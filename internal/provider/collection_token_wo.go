package provider

import (
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
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
