package provider

import (
	"context"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	dsschema "github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
)

// Every object on a cluster endpoint (collection, database, alias, partition,
// role, user) reaches it the same way: the endpoint and a `token`, which
// defaults to the provider's api_key. The data sources that list them take the
// same two arguments.

// clusterEndpointAttribute is the `cluster_endpoint` argument of an object
// (such as "collection") on a cluster endpoint: changing it makes a new one.
func clusterEndpointAttribute(object string) schema.StringAttribute {
	return endpointAttribute("The cluster's endpoint", object)
}

// dedicatedEndpointAttribute is clusterEndpointAttribute for an object only a
// Dedicated cluster holds (custom roles, users).
func dedicatedEndpointAttribute(object string) schema.StringAttribute {
	return endpointAttribute("The endpoint of a Dedicated cluster", object)
}

func endpointAttribute(what, object string) schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: what + ", usually `zilliz_cluster.<name>.connect_address`. Must be `https://` (or `http://` to a loopback host). Changing this forces a new " + object + ".",
		Required:            true,
		PlanModifiers:       replaced(),
		Validators:          []validator.String{baseURLValidator{}},
	}
}

// endpointTokenAttribute is the `token` argument of an object on a cluster
// endpoint: Sensitive, never read back. holder is whose `username:password`
// it takes, such as "the cluster" or "a cluster user allowed to manage roles".
func endpointTokenAttribute(object, holder string) schema.StringAttribute {
	return schema.StringAttribute{
		MarkdownDescription: "Credentials for the cluster endpoint: `username:password` of " + holder + " (for example `db_admin:<password>`) or an API key. " +
			"Defaults to the provider's `api_key`. Changing it does not touch the " + object + "; it is not read back, so an import leaves it unset.",
		Optional:  true,
		Sensitive: true,
	}
}

// listEndpointAttribute and listTokenAttribute are the `cluster_endpoint` and
// `token` arguments of a data source that reads from a cluster endpoint.
func listEndpointAttribute() dsschema.StringAttribute {
	return dsschema.StringAttribute{
		Required:            true,
		MarkdownDescription: "The cluster's endpoint, such as `zilliz_cluster.main.connect_address`.",
		Validators:          []validator.String{baseURLValidator{}},
	}
}

// holder is whose `username:password` the token is, as in endpointTokenAttribute.
func listTokenAttribute(holder string) dsschema.StringAttribute {
	return dsschema.StringAttribute{
		Optional:            true,
		Sensitive:           true,
		MarkdownDescription: "`username:password` of " + holder + ", or an API key. Defaults to the provider's `api_key`.",
	}
}

// replaced marks an argument the API cannot change on an existing object.
func replaced() []planmodifier.String {
	return []planmodifier.String{stringplanmodifier.RequiresReplace()}
}

// endpointDataPlane is the client for a cluster endpoint and token. source
// says where the token came from (tokenArgument, or the collection's token or
// token_wo), so that an endpoint refusing it is reported with its origin.
func endpointDataPlane(client *zilliz.Client, endpoint, token types.String, source string, diags *diag.Diagnostics) *zilliz.DataPlane {
	if !requireClient(client, diags) {
		return nil
	}
	dp, err := client.DataPlane(endpoint.ValueString(), token.ValueString())
	if err != nil {
		diags.AddAttributeError(path.Root("cluster_endpoint"), "Invalid cluster endpoint", err.Error())
		return nil
	}
	return dp.WithTokenSource(source)
}

// tokenArgument is where the token of a database, alias or data source comes from.
const tokenArgument = "its token argument"

// validateTokenNotEmpty refuses `token = ""`, which would otherwise fall back
// to the provider's key without saying so.
func validateTokenNotEmpty(token types.String, diags *diag.Diagnostics) {
	if known(token) && strings.TrimSpace(token.ValueString()) == "" {
		diags.AddAttributeError(path.Root("token"), "Empty token",
			"token is empty. Set it to username:password of the cluster or an API key, or leave it out to use the provider's api_key.")
	}
}

// tokenOrWriteOnly is token_wo from the configuration when that is set, else
// token, with where it came from: the credentials of a collection's Create and
// Update, which Terraform hands the configuration. The token must never be
// written to the plan or the state.
func tokenOrWriteOnly(ctx context.Context, cfg tfsdk.Config, token types.String, diags *diag.Diagnostics) (types.String, string) {
	var wo types.String
	diags.Append(cfg.GetAttribute(ctx, path.Root("token_wo"), &wo)...)
	if known(wo) {
		return wo, "the collection's token_wo"
	}
	return token, collectionToken
}

// collectionToken is where a collection's token comes from outside Create and
// Update (Read, Delete, import see no configuration, so never token_wo).
const collectionToken = "the collection's token"

// endpointArguments are the arguments of the data sources that read a
// database on a cluster endpoint (zilliz_collection, zilliz_collections,
// zilliz_collection_aliases): the endpoint, the database and the token.
func endpointArguments() map[string]dsschema.Attribute {
	return map[string]dsschema.Attribute{
		"cluster_endpoint": listEndpointAttribute(),
		"database": dsschema.StringAttribute{
			Optional:            true,
			MarkdownDescription: "The database. Default `default`.",
			Validators:          []validator.String{stringvalidator.RegexMatches(collectionNameRegexp, collectionNameRule)},
		},
		"token": listTokenAttribute("the cluster"),
	}
}

// databaseOrDefault is the database a data source reads: default when unset.
func databaseOrDefault(v types.String) string {
	if v.IsNull() || v.ValueString() == "" {
		return "default"
	}
	return v.ValueString()
}
