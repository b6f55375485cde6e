// Package provider implements the zilliz Terraform provider on terraform-plugin-framework.
package provider

import (
	"context"
	"os"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
)

// Environment variables read when the provider block leaves an attribute out.
const (
	envAPIKey  = "ZILLIZ_API_KEY"
	envBaseURL = "ZILLIZ_BASE_URL"
)

var _ provider.Provider = &zillizProvider{}

// New returns a constructor of the provider at the given version, as providerserver wants.
func New(version string) func() provider.Provider {
	return func() provider.Provider {
		return &zillizProvider{version: version}
	}
}

type zillizProvider struct {
	version string
}

type zillizProviderModel struct {
	APIKey  types.String `tfsdk:"api_key"`
	BaseURL types.String `tfsdk:"base_url"`
}

func (p *zillizProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "zilliz"
	resp.Version = p.version
}

func (p *zillizProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages Zilliz Cloud (managed Milvus): clusters on the control plane and " +
			"collections on each cluster's endpoint.",
		Attributes: map[string]schema.Attribute{
			"api_key": schema.StringAttribute{
				MarkdownDescription: "Zilliz Cloud API key, sent as a Bearer token to the control plane and, " +
					"unless a collection sets its own `token`, to cluster endpoints. Falls back to the `" +
					envAPIKey + "` environment variable. Keep it out of your configuration files: use the " +
					"environment variable or a sensitive variable.",
				Optional:  true,
				Sensitive: true,
			},
			"base_url": schema.StringAttribute{
				MarkdownDescription: "Base URL of the Zilliz Cloud control plane. Falls back to the `" + envBaseURL +
					"` environment variable, then to `" + zilliz.DefaultBaseURL + "`. Must be `https://`; plain " +
					"`http://` is accepted only for a loopback host such as a local `zilliz-mock`.",
				Optional:   true,
				Validators: []validator.String{baseURLValidator{}},
			},
		},
	}
}

// Configure builds the one API client that every resource and data source shares.
func (p *zillizProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg zillizProviderModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}

	// A value that another resource computes is unknown during plan. Leave the
	// provider unconfigured then: resources that need the API say so when called.
	if cfg.APIKey.IsUnknown() || cfg.BaseURL.IsUnknown() {
		tflog.Debug(ctx, "provider configuration has unknown values; the client is built at apply time")
		return
	}

	apiKey := stringOrEnv(cfg.APIKey, envAPIKey)
	baseURL := stringOrEnv(cfg.BaseURL, envBaseURL)
	if baseURL == "" {
		baseURL = zilliz.DefaultBaseURL
	}
	if err := zilliz.ValidateBaseURL(baseURL); err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("base_url"), "Invalid Zilliz base URL",
			"The control-plane URL "+baseURL+" (from the provider block or "+envBaseURL+") cannot be used: "+err.Error())
		return
	}

	client, err := zilliz.NewClient(zilliz.Config{
		BaseURL:   baseURL,
		APIKey:    apiKey,
		UserAgent: "terraform-provider-zilliz/" + p.version,
		Logger:    logRequest,
	})
	if err != nil {
		resp.Diagnostics.AddError("Could not create the Zilliz API client", err.Error())
		return
	}
	tflog.Debug(ctx, "zilliz client configured", map[string]any{"base_url": baseURL, "api_key_set": apiKey != ""})

	resp.ResourceData = client
	resp.DataSourceData = client
}

func (p *zillizProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewClusterResource,
		NewCollectionResource,
	}
}

func (p *zillizProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewClusterDataSource,
		NewClustersDataSource,
		NewCollectionDataSource,
		NewCollectionsDataSource,
		NewProjectsDataSource,
		NewRegionsDataSource,
	}
}

// stringOrEnv returns the configured value, or the environment variable when the
// attribute is not set.
func stringOrEnv(v types.String, env string) string {
	if !v.IsNull() {
		return v.ValueString()
	}
	return os.Getenv(env)
}

// logRequest forwards the client's per-request log lines to tflog. The client
// never passes headers or bodies, so nothing secret reaches the log.
func logRequest(ctx context.Context, msg string, fields map[string]any) {
	tflog.Debug(ctx, msg, fields)
}
