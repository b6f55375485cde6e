// Package provider implements the zilliz Terraform provider on terraform-plugin-framework.
package provider

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
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
	envAPIKey         = "ZILLIZ_API_KEY"
	envBaseURL        = "ZILLIZ_BASE_URL"
	envRequestsPerSec = "ZILLIZ_MAX_REQUESTS_PER_SECOND"
	envMaxRetries     = "ZILLIZ_MAX_RETRIES"
	envRequestTimeout = "ZILLIZ_REQUEST_TIMEOUT"

	maxRequestsPerSec     = 1000
	defaultMaxRetries     = zilliz.DefaultMaxRetries
	maxMaxRetries         = 50
	defaultRequestTimeout = 60 * time.Second
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
	// clientHook, when set (by tests), adjusts the client configuration last.
	clientHook func(*zilliz.Config)
}

type zillizProviderModel struct {
	APIKey               types.String `tfsdk:"api_key"`
	BaseURL              types.String `tfsdk:"base_url"`
	MaxRequestsPerSecond types.Int64  `tfsdk:"max_requests_per_second"`
	MaxRetries           types.Int64  `tfsdk:"max_retries"`
	RequestTimeout       types.String `tfsdk:"request_timeout"`
	pacingModel
}

func (p *zillizProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "zilliz"
	resp.Version = p.version
}

func (p *zillizProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages Zilliz Cloud (managed Milvus): clusters on the control plane and " +
			"collections on each cluster's endpoint. Requests are paced to the service's documented rate limits " +
			"(see the attributes ending in `_per_second`).",
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
			"max_requests_per_second": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("An optional cap, 1 to %d, on the requests per second this provider sends to one endpoint "+
					"(the control plane, and each cluster endpoint on its own) whatever their kind, on top of the limits per kind of request "+
					"(`collection_ops_per_second`, `partition_ops_per_second`, `control_plane_requests_per_second`). Unset (the default), there is no such cap: the provider keeps to the service's documented limits and sends reads "+
					"as fast as the endpoint answers them. (Before those limits it was the only one, 20 by default; set it to 20 for that "+
					"behaviour.) Falls back to `%s`.", maxRequestsPerSec, envRequestsPerSec),
				Optional:   true,
				Validators: []validator.Int64{int64validator.Between(1, maxRequestsPerSec)},
			},
			attrCollectionOps:   pacingAttribute(pacingCollectionOps),
			attrPartitionOps:    pacingAttribute(pacingPartitionOps),
			attrControlRequests: pacingAttribute(pacingControlPlane),
			"max_retries": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("How often one request is retried after a connection error or HTTP 5xx "+
					"(with exponential backoff, honouring `Retry-After`), 0 to %d. Requests that could create something twice are "+
					"retried only where that cannot happen. A refusal for the service's rate (HTTP 429, or code 1807 or 8) is sent again "+
					"at a slower pace and is not counted here when it comes within an operation that has a timeout (sent again until the "+
					"timeout) or answers a request that changes something (a create, update or delete; sent again for up to %s of "+
					"refusals). It is counted here only when it answers a read made outside any timeout, such as a refresh during "+
					"`plan`, so that a service refusing every request fails the plan instead of stalling it. Falls back to `%s`, then to %d.",
					maxMaxRetries, refusalPatienceText, envMaxRetries, defaultMaxRetries),
				Optional:   true,
				Validators: []validator.Int64{int64validator.Between(0, maxMaxRetries)},
			},
			"request_timeout": schema.StringAttribute{
				MarkdownDescription: fmt.Sprintf("How long one attempt of a request may take, as a duration such as `30s` or `2m` "+
					"(at least 1s). Falls back to `%s`, then to `%s`.", envRequestTimeout, defaultRequestTimeout),
				Optional:   true,
				Validators: []validator.String{durationValidator{min: time.Second}},
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
	if cfg.APIKey.IsUnknown() || cfg.BaseURL.IsUnknown() || cfg.MaxRequestsPerSecond.IsUnknown() ||
		cfg.MaxRetries.IsUnknown() || cfg.RequestTimeout.IsUnknown() || cfg.unknown() {
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

	clientCfg := zilliz.Config{
		BaseURL:      baseURL,
		APIKey:       apiKey,
		APIKeySource: apiKeySource(!cfg.APIKey.IsNull()),
		UserAgent:    "terraform-provider-zilliz/" + p.version,
		Logger:       logRequest,
	}
	rps, d := int64OrEnv(cfg.MaxRequestsPerSecond, path.Root("max_requests_per_second"), envRequestsPerSec, 0, 1, maxRequestsPerSec)
	resp.Diagnostics.Append(d...)
	resp.Diagnostics.Append(cfg.apply(&clientCfg)...)
	retries, d := int64OrEnv(cfg.MaxRetries, path.Root("max_retries"), envMaxRetries, defaultMaxRetries, 0, maxMaxRetries)
	resp.Diagnostics.Append(d...)
	timeout, d := durationOrEnv(cfg.RequestTimeout, path.Root("request_timeout"), envRequestTimeout, defaultRequestTimeout)
	resp.Diagnostics.Append(d...)
	if resp.Diagnostics.HasError() {
		return
	}
	clientCfg.RequestsPerSecond = float64(rps) // 0: no cap
	clientCfg.MaxRetries = int(retries)
	if retries == 0 {
		clientCfg.MaxRetries = -1 // the client reads 0 as "default"; -1 turns retries off
	}
	clientCfg.RequestTimeout = timeout
	if p.clientHook != nil {
		p.clientHook(&clientCfg)
	}
	client, err := zilliz.NewClient(clientCfg)
	if err != nil {
		resp.Diagnostics.AddError("Could not create the Zilliz API client", err.Error())
		return
	}
	tflog.Debug(ctx, "zilliz client configured", map[string]any{"base_url": baseURL, "api_key_set": apiKey != ""})

	// One walk per Configure: Terraform configures each provider process
	// once, and tests that share one provider value across commands get a
	// fresh walk with each command's server.
	data := &providerData{client: client, walk: newPlanWalk()}
	resp.ResourceData = data
	resp.DataSourceData = data
}

func (p *zillizProvider) Resources(_ context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewClusterResource,
		NewCollectionResource,
		NewDatabaseResource,
		NewCollectionAliasResource,
		NewProjectResource,
		NewAPIKeyResource,
		NewPrivateEndpointResource,
		NewBackupResource,
		NewBackupPolicyResource,
		NewClusterRoleResource,
		NewClusterUserResource,
		NewPartitionResource,
	}
}

func (p *zillizProvider) DataSources(_ context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewClusterDataSource,
		NewClustersDataSource,
		NewCollectionDataSource,
		NewCollectionsDataSource,
		NewDatabasesDataSource,
		NewCollectionAliasesDataSource,
		NewProjectsDataSource,
		NewRegionsDataSource,
		NewProjectDataSource,
		NewAPIKeysDataSource,
		NewBackupsDataSource,
		NewClusterUsersDataSource,
		NewClusterRolesDataSource,
		NewPartitionsDataSource,
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
