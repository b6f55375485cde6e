package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/hashicorp/go-version"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"
)

// A stand-in for the official provider (registry.terraform.io/zilliztech/zillizcloud),
// for tests of `moved` blocks where no registry is reachable. Its resource schemas
// are the official ones (testdata/zillizcloud/schemas.json, from `terraform
// providers schema -json` of its latest release); it has no behaviour: create
// writes the planned values and fills what the plan leaves unknown from a seed
// (the shape of a state the official provider wrote, pointed at objects the test
// made in the mock), read keeps the state, delete forgets it.

// officialSchemas loads the official resource schemas, by resource type.
// Every testdata/zillizcloud/schemas*.json file adds its resource types.
var officialSchemas = sync.OnceValues(func() (map[string]json.RawMessage, error) {
	files, err := filepath.Glob(filepath.Join("testdata", "zillizcloud", "schemas*.json"))
	if err != nil {
		return nil, err
	}
	out := map[string]json.RawMessage{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		var doc struct {
			ResourceSchemas map[string]struct {
				Block json.RawMessage `json:"block"`
			} `json:"resource_schemas"`
		}
		if err := json.Unmarshal(b, &doc); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		for k, v := range doc.ResourceSchemas {
			out[k] = v.Block
		}
	}
	return out, nil
})

type jsonBlock struct {
	Attributes map[string]jsonAttribute `json:"attributes"`
	BlockTypes map[string]struct {
		NestingMode string    `json:"nesting_mode"`
		Block       jsonBlock `json:"block"`
	} `json:"block_types"`
}

type jsonAttribute struct {
	Type       json.RawMessage `json:"type"`
	NestedType *struct {
		Attributes  map[string]jsonAttribute `json:"attributes"`
		NestingMode string                   `json:"nesting_mode"`
	} `json:"nested_type"`
	Required  bool `json:"required"`
	Optional  bool `json:"optional"`
	Computed  bool `json:"computed"`
	Sensitive bool `json:"sensitive"`
}

// schemaAttribute builds one framework attribute from its JSON description.
func schemaAttribute(a jsonAttribute) (schema.Attribute, error) {
	req, opt, comp, sens := a.Required, a.Optional, a.Computed, a.Sensitive
	if a.NestedType != nil {
		attrs, err := schemaAttributes(a.NestedType.Attributes)
		if err != nil {
			return nil, err
		}
		switch a.NestedType.NestingMode {
		case "single":
			return schema.SingleNestedAttribute{Attributes: attrs, Required: req, Optional: opt, Computed: comp, Sensitive: sens}, nil
		case "list":
			return schema.ListNestedAttribute{NestedObject: schema.NestedAttributeObject{Attributes: attrs}, Required: req, Optional: opt, Computed: comp, Sensitive: sens}, nil
		}
		return nil, fmt.Errorf("nesting mode %q", a.NestedType.NestingMode)
	}
	var simple string
	if json.Unmarshal(a.Type, &simple) == nil {
		switch simple {
		case "string":
			return schema.StringAttribute{Required: req, Optional: opt, Computed: comp, Sensitive: sens}, nil
		case "number":
			return schema.NumberAttribute{Required: req, Optional: opt, Computed: comp, Sensitive: sens}, nil
		case "bool":
			return schema.BoolAttribute{Required: req, Optional: opt, Computed: comp, Sensitive: sens}, nil
		}
		return nil, fmt.Errorf("type %q", simple)
	}
	var collection []string
	if err := json.Unmarshal(a.Type, &collection); err != nil || len(collection) != 2 || collection[1] != "string" {
		return nil, fmt.Errorf("type %s", a.Type)
	}
	switch collection[0] {
	case "map":
		return schema.MapAttribute{ElementType: types.StringType, Required: req, Optional: opt, Computed: comp, Sensitive: sens}, nil
	case "set":
		return schema.SetAttribute{ElementType: types.StringType, Required: req, Optional: opt, Computed: comp, Sensitive: sens}, nil
	case "list":
		return schema.ListAttribute{ElementType: types.StringType, Required: req, Optional: opt, Computed: comp, Sensitive: sens}, nil
	}
	return nil, fmt.Errorf("type %s", a.Type)
}

func schemaAttributes(in map[string]jsonAttribute) (map[string]schema.Attribute, error) {
	out := map[string]schema.Attribute{}
	for name, a := range in {
		sa, err := schemaAttribute(a)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		out[name] = sa
	}
	return out, nil
}

// officialResourceSchema is the framework form of an official resource's schema.
func officialResourceSchema(typeName string) (schema.Schema, error) {
	blocks, err := officialSchemas()
	if err != nil {
		return schema.Schema{}, err
	}
	raw, ok := blocks[typeName]
	if !ok {
		return schema.Schema{}, fmt.Errorf("no schema for %s in testdata", typeName)
	}
	var b jsonBlock
	if err := json.Unmarshal(raw, &b); err != nil {
		return schema.Schema{}, err
	}
	attrs, err := schemaAttributes(b.Attributes)
	if err != nil {
		return schema.Schema{}, err
	}
	s := schema.Schema{Attributes: attrs, Blocks: map[string]schema.Block{}}
	for name, bt := range b.BlockTypes {
		if bt.NestingMode != "single" {
			return schema.Schema{}, fmt.Errorf("block %s: nesting mode %q", name, bt.NestingMode)
		}
		inner, err := schemaAttributes(bt.Block.Attributes)
		if err != nil {
			return schema.Schema{}, err
		}
		s.Blocks[name] = schema.SingleNestedBlock{Attributes: inner}
	}
	return s, nil
}

// standinProvider serves the official resource types under the provider name
// zillizcloud. seeds holds, by cluster_name, collection_name, project_name or name, the state
// attributes (JSON, as in a state file) that fill what a plan leaves unknown.
type standinProvider struct {
	seeds map[string]map[string]any
}

func (p *standinProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "zillizcloud"
}
func (p *standinProvider) Schema(context.Context, provider.SchemaRequest, *provider.SchemaResponse) {}
func (p *standinProvider) Configure(context.Context, provider.ConfigureRequest, *provider.ConfigureResponse) {
}
func (p *standinProvider) DataSources(context.Context) []func() datasource.DataSource { return nil }
func (p *standinProvider) Resources(context.Context) []func() resource.Resource {
	var out []func() resource.Resource
	for _, typeName := range []string{"zillizcloud_cluster", "zillizcloud_collection", "zillizcloud_project", "zillizcloud_api_key"} {
		out = append(out, func() resource.Resource { return &standinResource{typeName: typeName, seeds: p.seeds} })
	}
	return out
}

type standinResource struct {
	typeName string
	seeds    map[string]map[string]any
}

func (r *standinResource) Metadata(_ context.Context, _ resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = r.typeName
}

func (r *standinResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	s, err := officialResourceSchema(r.typeName)
	if err != nil {
		resp.Diagnostics.AddError("stand-in schema", err.Error())
		return
	}
	resp.Schema = s
}

// Create writes the plan, with every unknown value taken from the seed (or null).
func (r *standinResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	typ := req.Plan.Raw.Type()
	var name types.String
	for _, attr := range []string{"cluster_name", "collection_name", "project_name", "name"} {
		if n := (types.String{}); !req.Plan.GetAttribute(ctx, path.Root(attr), &n).HasError() && !n.IsNull() {
			name = n
		}
	}
	b, err := json.Marshal(r.seeds[name.ValueString()])
	if err != nil {
		resp.Diagnostics.AddError("stand-in seed", err.Error())
		return
	}
	seed, err := (&tfprotov6.RawState{JSON: b}).UnmarshalWithOpts(typ, tfprotov6.UnmarshalOpts{})
	if err != nil {
		resp.Diagnostics.AddError("stand-in seed", err.Error())
		return
	}
	state, err := tftypes.Transform(req.Plan.Raw, func(p *tftypes.AttributePath, v tftypes.Value) (tftypes.Value, error) {
		if v.IsKnown() {
			return v, nil
		}
		if found, _, err := tftypes.WalkAttributePath(seed, p); err == nil {
			if sv, ok := found.(tftypes.Value); ok && sv.Type().Equal(v.Type()) {
				return sv, nil
			}
		}
		return tftypes.NewValue(v.Type(), nil), nil
	})
	if err != nil {
		resp.Diagnostics.AddError("stand-in create", err.Error())
		return
	}
	resp.State.Raw = state
}

func (r *standinResource) Read(context.Context, resource.ReadRequest, *resource.ReadResponse) {}

func (r *standinResource) Update(_ context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	resp.State.Raw = req.Plan.Raw
}

func (r *standinResource) Delete(context.Context, resource.DeleteRequest, *resource.DeleteResponse) {}

// officialStateShape returns the attributes of one instance in a state file the
// official provider wrote (testdata/zillizcloud/<file>), by resource name.
func officialStateShape(t *testing.T, file, name string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "zillizcloud", file))
	if err != nil {
		t.Fatal(err)
	}
	var st struct {
		Resources []struct {
			Name      string `json:"name"`
			Instances []struct {
				Attributes map[string]any `json:"attributes"`
			} `json:"instances"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(b, &st); err != nil {
		t.Fatal(err)
	}
	for _, r := range st.Resources {
		if r.Name == name && len(r.Instances) == 1 {
			return r.Instances[0].Attributes
		}
	}
	t.Fatalf("%s has no resource %q", file, name)
	return nil
}

// standinFactories serves our provider and the stand-in side by side. Both get
// the namespace zilliztech (TF_ACC_PROVIDER_NAMESPACE), so the stand-in's full
// address is registry.terraform.io/zilliztech/zillizcloud, the official one.
func standinFactories(t *testing.T, seeds map[string]map[string]any) map[string]func() (tfprotov6.ProviderServer, error) {
	t.Helper()
	// plugin-testing names a factory provider <host>/<namespace>/<key>, one
	// namespace for all (helper/resource/plugin.go getProviderAddr).
	t.Setenv("TF_ACC_PROVIDER_NAMESPACE", "zilliztech")
	return map[string]func() (tfprotov6.ProviderServer, error){
		"zilliz":      providerserver.NewProtocol6WithError(New("test")()),
		"zillizcloud": providerserver.NewProtocol6WithError(&standinProvider{seeds: seeds}),
	}
}

// standinRequiredProviders is the terraform block for configurations that use both.
const standinRequiredProviders = `
terraform {
  required_providers {
    zilliz      = { source = "zilliztech/zilliz" }
    zillizcloud = { source = "zilliztech/zillizcloud" }
  }
}
`

// skipBelowBecause is tfversion.SkipBelow with the reason in the skip message.
type skipBelowBecause struct {
	min    *version.Version
	reason string
}

func (s skipBelowBecause) CheckTerraformVersion(ctx context.Context, req tfversion.CheckTerraformVersionRequest, resp *tfversion.CheckTerraformVersionResponse) {
	tfversion.SkipBelow(s.min).CheckTerraformVersion(ctx, req, resp)
	if resp.Skip != "" {
		resp.Skip += " (" + s.reason + ")"
	}
}
