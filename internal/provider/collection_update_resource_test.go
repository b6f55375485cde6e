package provider

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
	"github.com/vectorops/terraform-provider-zilliz/internal/zillizmock"
)

// evolveConfig is one schema-form collection "test" on endpoint; each
// argument is HCL inside the resource block, so a step reads as its change.
type evolveConfig struct {
	name        string
	attrs       []string // top-level arguments
	titleLength int      // max_length of the title field (default 64)
	extraFields string   // more field blocks
	vecIndex    string   // the vector index block's body
	moreIndexes string   // more index blocks
}

func (c evolveConfig) hcl(acc accTarget, endpoint string) string {
	if c.name == "" {
		c.name = "catalog"
	}
	if c.titleLength == 0 {
		c.titleLength = 64
	}
	if c.vecIndex == "" {
		c.vecIndex = `index_type  = "HNSW"
    metric_type = "COSINE"
    params      = { M = "16", efConstruction = "64" }`
	}
	return acc.Provider + fmt.Sprintf(`
resource "zilliz_collection" "test" {
  cluster_endpoint = %q
  name             = %q
%s
  field {
    name       = "id"
    data_type  = "Int64"
    is_primary = true
  }
  field {
    name      = "vec"
    data_type = "FloatVector"
    dim       = 8
  }
  field {
    name       = "title"
    data_type  = "VarChar"
    max_length = %d
  }
%s
  index {
    field_name = "vec"
    %s
  }
%s
}
`, endpoint, c.name, strings.Join(c.attrs, "\n"), c.titleLength, c.extraFields, c.vecIndex, c.moreIndexes)
}

// collectionDropCalls counts drop calls of any API for collections.
func collectionDropCalls(m *zillizmock.Server) int {
	n := 0
	for _, r := range m.Requests() {
		if r.Method == http.MethodPost && (r.Path == "/v1/vector/collections/drop" || r.Path == "/v2/vectordb/collections/drop") {
			n++
		}
	}
	return n
}

// keptInPlace checks that collection name is the one first created (same
// server id), still holds its inPlaceRows entities, and that nothing was dropped.
func keptInPlace(acc accTarget, clusterID, name string, id *int64, want func(zillizmock.CollectionInfo) error) tfresource.TestCheckFunc {
	return func(*terraform.State) error {
		info, err := acc.Mock.Collection(clusterID, "default", name)
		if err != nil {
			return err
		}
		if info.ID != *id || info.Rows != inPlaceRows {
			return fmt.Errorf("collection %s is id %d with %d entities, want id %d with %d (kept in place)", name, info.ID, info.Rows, *id, inPlaceRows)
		}
		if n := collectionDropCalls(acc.Mock); n != 0 {
			return fmt.Errorf("%d collection drop calls, want none", n)
		}
		if want != nil {
			return want(info)
		}
		return nil
	}
}

// inPlaceRows is how many entities the in-place test's collection holds.
const inPlaceRows = 1000

// Each in-place change, applied to a collection holding entities, keeps it:
// same server id, same entities, no drop call, loaded at the end.
func TestAccCollectionResource_inPlaceChanges(t *testing.T) {
	acc := newAccTarget(t)
	clusterID, endpoint := runningMockCluster(t, acc)
	var id int64
	addTag := `
  field {
    name          = "tag"
    data_type     = "VarChar"
    max_length    = 32
    nullable      = true
    default_value = "none"
  }`
	titleIndex := `
  index {
    field_name = "title"
    index_type = "INVERTED"
  }`
	ivf := `index_type  = "IVF_FLAT"
    metric_type = "L2"
    params      = { nlist = "128" }`
	update := tfresource.ConfigPlanChecks{
		PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction("zilliz_collection.test", plancheck.ResourceActionUpdate)},
		PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
	}
	loaded := statecheck.ExpectKnownValue("zilliz_collection.test", tfjsonpath.New("load_state"), knownvalue.StringExact(zilliz.LoadStateLoaded))
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{
			{
				Config: evolveConfig{}.hcl(acc, endpoint),
				Check: func(*terraform.State) error {
					info, err := acc.Mock.Collection(clusterID, "default", "catalog")
					if err != nil {
						return err
					}
					id = info.ID
					return acc.Mock.InsertRows(clusterID, "default", "catalog", inPlaceRows)
				},
			},
			{
				// A nullable field with a default value: added, entities kept.
				Config:           evolveConfig{extraFields: addTag}.hcl(acc, endpoint),
				ConfigPlanChecks: update,
				Check: keptInPlace(acc, clusterID, "catalog", &id, func(info zillizmock.CollectionInfo) error {
					if strings.Join(info.Fields, ",") != "id,vec,title,tag" {
						return fmt.Errorf("fields %v", info.Fields)
					}
					return nil
				}),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("zilliz_collection.test", tfjsonpath.New("field").AtSliceIndex(3).AtMapKey("default_value"), knownvalue.StringExact("none")),
				},
			},
			{
				// The vector index changes (release, drop, create, build, load)
				// and a scalar index is added; the collection ends loaded.
				PreConfig:        acc.Mock.ResetRequests,
				Config:           evolveConfig{extraFields: addTag, vecIndex: ivf, moreIndexes: titleIndex}.hcl(acc, endpoint),
				ConfigPlanChecks: update,
				ConfigStateChecks: []statecheck.StateCheck{loaded,
					statecheck.ExpectKnownValue("zilliz_collection.test", tfjsonpath.New("index").AtSliceIndex(0).AtMapKey("index_type"), knownvalue.StringExact("IVF_FLAT")),
					statecheck.ExpectKnownValue("zilliz_collection.test", tfjsonpath.New("metric_type"), knownvalue.StringExact("L2")),
				},
				Check: keptInPlace(acc, clusterID, "catalog", &id, func(info zillizmock.CollectionInfo) error {
					if info.LoadState != zilliz.LoadStateLoaded {
						return fmt.Errorf("load state %s, want loaded", info.LoadState)
					}
					if got := strings.Join(info.Indexes, " "); got != "title:title:INVERTED: vec:vec:IVF_FLAT:L2" && got != "vec:vec:IVF_FLAT:L2 title:title:INVERTED:" {
						return fmt.Errorf("indexes %s", got)
					}
					return callOrder(acc.Mock, "/v2/vectordb/collections/release", "/v2/vectordb/indexes/drop", "/v2/vectordb/indexes/create", "/v2/vectordb/collections/load")
				}),
			},
			{
				// TTL and mmap: properties, with a release and load for mmap.
				Config: evolveConfig{extraFields: addTag, vecIndex: ivf, moreIndexes: titleIndex,
					attrs: []string{`  ttl_seconds = 3600`, `  properties  = { "mmap.enabled" = "true" }`}}.hcl(acc, endpoint),
				ConfigPlanChecks: update,
				ConfigStateChecks: []statecheck.StateCheck{loaded,
					statecheck.ExpectKnownValue("zilliz_collection.test", tfjsonpath.New("ttl_seconds"), knownvalue.Int64Exact(3600)),
					statecheck.ExpectKnownValue("zilliz_collection.test", tfjsonpath.New("properties"), knownvalue.MapExact(map[string]knownvalue.Check{"mmap.enabled": knownvalue.StringExact("true")})),
				},
				Check: keptInPlace(acc, clusterID, "catalog", &id, nil),
			},
			{
				// A new name renames it; the id follows.
				Config: evolveConfig{name: "catalog_v2", extraFields: addTag, vecIndex: ivf, moreIndexes: titleIndex,
					attrs: []string{`  ttl_seconds = 3600`, `  properties  = { "mmap.enabled" = "true" }`}}.hcl(acc, endpoint),
				ConfigPlanChecks: update,
				ConfigStateChecks: []statecheck.StateCheck{loaded,
					statecheck.ExpectKnownValue("zilliz_collection.test", tfjsonpath.New("id"), knownvalue.StringRegexp(regexp.MustCompile(`/collections/catalog_v2$`))),
				},
				Check: keptInPlace(acc, clusterID, "catalog_v2", &id, nil),
			},
			{
				// Removing the TTL, the properties and the title index.
				Config:           evolveConfig{name: "catalog_v2", extraFields: addTag, vecIndex: ivf}.hcl(acc, endpoint),
				ConfigPlanChecks: update,
				ConfigStateChecks: []statecheck.StateCheck{loaded,
					statecheck.ExpectKnownValue("zilliz_collection.test", tfjsonpath.New("ttl_seconds"), knownvalue.Null()),
					statecheck.ExpectKnownValue("zilliz_collection.test", tfjsonpath.New("properties"), knownvalue.Null()),
					statecheck.ExpectKnownValue("zilliz_collection.test", tfjsonpath.New("index"), knownvalue.ListSizeExact(1)),
				},
				Check: keptInPlace(acc, clusterID, "catalog_v2", &id, nil),
			},
		},
	})
}

// callOrder checks that the mock's log has the paths in this order (each
// first occurrence after the previous one).
func callOrder(m *zillizmock.Server, paths ...string) error {
	reqs := m.Requests()
	at := 0
	for _, p := range paths {
		found := false
		for ; at < len(reqs); at++ {
			if reqs[at].Path == p {
				found = true
				break
			}
		}
		if !found {
			var seen []string
			for _, r := range reqs {
				seen = append(seen, r.Path)
			}
			return fmt.Errorf("no %s in order %v; calls: %v", p, paths, seen)
		}
	}
	return nil
}

// Changes Milvus cannot make in place replace the collection: a new server
// id and no entities.
func TestAccCollectionResource_replaceOnlyChanges(t *testing.T) {
	acc := newAccTarget(t)
	clusterID, endpoint := runningMockCluster(t, acc)
	replace := tfresource.ConfigPlanChecks{
		PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("zilliz_collection.test", plancheck.ResourceActionDestroyBeforeCreate)},
	}
	var id int64
	fill := func(*terraform.State) error {
		info, err := acc.Mock.Collection(clusterID, "default", "catalog")
		if err != nil {
			return err
		}
		if id != 0 && (info.ID == id || info.Rows != 0) {
			return fmt.Errorf("id %d (was %d) with %d entities: want a new, empty collection", info.ID, id, info.Rows)
		}
		id = info.ID
		return acc.Mock.InsertRows(clusterID, "default", "catalog", 10)
	}
	steps := []tfresource.TestStep{{Config: evolveConfig{}.hcl(acc, endpoint), Check: fill}}
	for _, c := range []evolveConfig{
		{attrs: []string{`  description = "changed"`}},
		{attrs: []string{`  description = "changed"`, `  consistency_level = "Strong"`}},
		{attrs: []string{`  description = "changed"`, `  consistency_level = "Strong"`}, titleLength: 128},
	} {
		steps = append(steps, tfresource.TestStep{Config: c.hcl(acc, endpoint), ConfigPlanChecks: replace, Check: fill})
	}
	tfresource.ParallelTest(t, tfresource.TestCase{ProtoV6ProviderFactories: testAccProtoV6ProviderFactories, Steps: steps})
}

// deletion_protection refuses destroy and replacement at plan time: no drop
// call reaches the server until it is turned off.
func TestAccCollectionResource_deletionProtection(t *testing.T) {
	acc := newAccTarget(t)
	clusterID, endpoint := runningMockCluster(t, acc)
	protected := evolveConfig{attrs: []string{`  deletion_protection = true`}}
	noDrops := func() {
		if n := collectionDropCalls(acc.Mock); n != 0 {
			t.Fatalf("%d drop calls while protected, want 0", n)
		}
		if info, err := acc.Mock.Collection(clusterID, "default", "catalog"); err != nil || info.Rows != 5 {
			t.Fatalf("collection %+v, %v: want it with its 5 entities", info, err)
		}
	}
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{
			{
				Config: protected.hcl(acc, endpoint),
				Check:  func(*terraform.State) error { return acc.Mock.InsertRows(clusterID, "default", "catalog", 5) },
			},
			{
				Config:      evolveConfig{attrs: []string{`  deletion_protection = true`, `  description = "replaces"`}}.hcl(acc, endpoint),
				ExpectError: errorMatching(`Collection catalog is protected from deletion.*description changes.*set deletion_protection = false and apply first`),
			},
			{
				PreConfig:   noDrops,
				Config:      protected.hcl(acc, endpoint),
				Destroy:     true,
				ExpectError: errorMatching(`Collection catalog is protected from deletion.*set deletion_protection = false, run terraform apply, then destroy again`),
			},
			{
				PreConfig: noDrops,
				Config:    evolveConfig{attrs: []string{`  deletion_protection = false`}}.hcl(acc, endpoint),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("zilliz_collection.test", plancheck.ResourceActionUpdate)},
				},
			},
		},
	})
}

// An update that fails half-way records what the server now describes: the
// field added before the index step failed is in state at once, so even an
// apply that skips the refresh (-refresh=false) does not add it again.
func TestCLI_partialUpdateRecorded(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	clusterID, endpoint := runningMockCluster(t, acc)
	note := `
  field {
    name       = "note"
    data_type  = "VarChar"
    max_length = 32
    nullable   = true
  }`
	cfg := func(c evolveConfig) string {
		return `
terraform {
  required_providers {
    zilliz = { source = "registry.terraform.io/vectorops/zilliz" }
  }
}
` + c.hcl(acc, endpoint)
	}
	addFieldCalls := func() int {
		return countRequests(acc.Mock, http.MethodPost, "/v2/vectordb/collections/fields/add")
	}
	w := newCLIWorkspace(t, cfg(evolveConfig{}))
	w.mustRun("apply", "-auto-approve")
	if err := acc.Mock.InsertRows(clusterID, "default", "catalog", 10); err != nil {
		t.Fatal(err)
	}

	// The field is added; then the server refuses the new index's metric
	// (HAMMING on a float vector) after the old index was dropped.
	w.setConfig(cfg(evolveConfig{extraFields: note, vecIndex: `index_type  = "HNSW"
    metric_type = "HAMMING"`}))
	if out, err := w.run("apply", "-auto-approve"); err == nil {
		t.Fatalf("apply with a metric the server refuses succeeded:\n%s", out)
	}
	if n := addFieldCalls(); n != 1 {
		t.Fatalf("%d add-field calls after the failed apply, want 1", n)
	}

	w.setConfig(cfg(evolveConfig{extraFields: note}))
	if out, err := w.run("apply", "-auto-approve", "-refresh=false"); err != nil {
		t.Fatalf("apply after the failed one: %v\n%s", err, out)
	}
	if n := addFieldCalls(); n != 1 {
		t.Fatalf("%d add-field calls in all, want 1: the field was added again", n)
	}
	if info, err := acc.Mock.Collection(clusterID, "default", "catalog"); err != nil || info.Rows != 10 {
		t.Fatalf("collection %+v, %v: want it with its 10 entities", info, err)
	}
	w.mustRun("destroy", "-auto-approve")
}

// A new field that is not nullable fails at plan time, saying how to add it;
// nothing is sent.
func TestAccCollectionResource_addFieldNotNullable(t *testing.T) {
	acc := newAccTarget(t)
	_, endpoint := runningMockCluster(t, acc)
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{
			{Config: evolveConfig{}.hcl(acc, endpoint)},
			{
				PreConfig: acc.Mock.ResetRequests,
				Config: evolveConfig{extraFields: `
  field {
    name      = "rank"
    data_type = "Int64"
  }`}.hcl(acc, endpoint),
				ExpectError: errorMatching(`Field rank cannot be added to collection catalog.*Set nullable = true on field "rank"`),
			},
			{
				PreConfig: func() {
					for _, r := range acc.Mock.Requests() {
						if r.Path == "/v2/vectordb/collections/fields/add" {
							t.Fatalf("an add-field call was sent: %+v", r)
						}
					}
				},
				Config:   evolveConfig{}.hcl(acc, endpoint),
				PlanOnly: true,
			},
		},
	})
}

// The replacement warning counts the entities the plan drops (ModifyPlan,
// called directly: Terraform's test harness does not show warnings).
func TestCollectionResource_replacementWarning(t *testing.T) {
	acc := newAccTarget(t)
	clusterID, endpoint := runningMockCluster(t, acc)
	ctx := context.Background()
	client, err := zilliz.NewClient(zilliz.Config{BaseURL: acc.Mock.URL(), APIKey: acc.Mock.APIKey()})
	if err != nil {
		t.Fatal(err)
	}
	dp, err := client.DataPlane(endpoint, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := dp.CreateCollection(ctx, zilliz.CreateCollectionRequest{CollectionName: "articles", Dimension: 8}); err != nil {
		t.Fatal(err)
	}
	if err := acc.Mock.InsertRows(clusterID, "default", "articles", 1204332); err != nil {
		t.Fatal(err)
	}
	r := &collectionResource{client: client}
	var schemaResp resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &schemaResp)
	str := types.StringValue
	field := func(name, typ string, primary bool, dim int64) fieldBlockModel {
		d := types.Int64Null()
		if dim > 0 {
			d = types.Int64Value(dim)
		}
		return fieldBlockModel{Name: str(name), DataType: str(typ), IsPrimary: types.BoolValue(primary), AutoID: types.BoolValue(false),
			IsPartitionKey: types.BoolValue(false), Nullable: types.BoolValue(false), MaxLength: types.Int64Null(), Dim: d,
			ElementDataType: types.StringNull(), MaxCapacity: types.Int64Null(), Description: types.StringNull(), DefaultValue: types.StringNull()}
	}
	base := collectionResourceModel{
		ID: str(collectionID(endpoint, "default", "articles")), ClusterEndpoint: str(endpoint), Database: str("default"), Name: str("articles"),
		Dimension: types.Int64Value(8), MetricType: str("COSINE"), PrimaryField: str("id"), VectorField: str("vector"), Description: str(""),
		Token: types.StringNull(), Fields: types.ListNull(collectionFieldType), Indexes: types.ListNull(collectionIndexType),
		LoadState: str(zilliz.LoadStateLoaded), ShardsNum: types.Int64Value(1), EnableDynamicField: types.BoolValue(false),
		ConsistencyLevel: str("Bounded"), TTLSeconds: types.Int64Null(), Properties: types.MapNull(types.StringType),
		DeletionProtection: types.BoolValue(false), Load: types.BoolValue(true),
		FieldBlocks: []fieldBlockModel{field("id", "Int64", true, 0), field("vector", "FloatVector", false, 8)},
		IndexBlocks: []indexBlockModel{},
		Timeouts: timeouts.Value{Object: types.ObjectNull(map[string]attr.Type{
			"create": types.StringType, "update": types.StringType, "delete": types.StringType})},
	}
	modifyPlan := func(state, plan collectionResourceModel) resource.ModifyPlanResponse {
		t.Helper()
		st := tfsdk.State{Schema: schemaResp.Schema, Raw: tftypes.NewValue(schemaResp.Schema.Type().TerraformType(ctx), nil)}
		pl := tfsdk.Plan{Schema: schemaResp.Schema, Raw: tftypes.NewValue(schemaResp.Schema.Type().TerraformType(ctx), nil)}
		if d := st.Set(ctx, &state); d.HasError() {
			t.Fatal(d)
		}
		if d := pl.Set(ctx, &plan); d.HasError() {
			t.Fatal(d)
		}
		resp := resource.ModifyPlanResponse{Plan: pl}
		r.ModifyPlan(ctx, resource.ModifyPlanRequest{State: st, Plan: pl, Config: tfsdk.Config{Schema: schemaResp.Schema, Raw: pl.Raw}}, &resp)
		return resp
	}
	tests := []struct {
		name   string
		change func(*collectionResourceModel)
		reason string
	}{
		{"description", func(m *collectionResourceModel) { m.Description = str("new") }, "description changes"},
		{"shards", func(m *collectionResourceModel) { m.ShardsNum = types.Int64Value(2) }, "shards_num changes"},
		{"consistency", func(m *collectionResourceModel) { m.ConsistencyLevel = str("Strong") }, "consistency_level changes"},
		{"database", func(m *collectionResourceModel) { m.Database = str("other") }, "database changes"},
		{"vector dimension", func(m *collectionResourceModel) {
			m.FieldBlocks = []fieldBlockModel{field("id", "Int64", true, 0), field("vector", "FloatVector", false, 16)}
		}, `field "vector" changes`},
		{"primary key type", func(m *collectionResourceModel) {
			m.FieldBlocks = []fieldBlockModel{field("id", "VarChar", true, 0), field("vector", "FloatVector", false, 8)}
		}, `field "id" changes`},
		{"field removed", func(m *collectionResourceModel) {
			m.FieldBlocks = []fieldBlockModel{field("id", "Int64", true, 0), field("vector", "FloatVector", false, 8)}
		}, `field "extra" is removed`},
		{"partition key added", func(m *collectionResourceModel) {
			pk := field("tenant", "Int64", false, 0)
			pk.IsPartitionKey, pk.Nullable = types.BoolValue(true), types.BoolValue(true)
			m.FieldBlocks = append(m.FieldBlocks, pk)
		}, `field "tenant" is new`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			state := base
			if tc.name == "field removed" {
				state.FieldBlocks = append(append([]fieldBlockModel{}, base.FieldBlocks...), field("extra", "JSON", false, 0))
			}
			plan := state
			plan.FieldBlocks = append([]fieldBlockModel{}, state.FieldBlocks...)
			tc.change(&plan)
			resp := modifyPlan(state, plan)
			if resp.Diagnostics.HasError() || resp.Diagnostics.WarningsCount() != 1 {
				t.Fatalf("diagnostics %v, want one warning", resp.Diagnostics)
			}
			w := resp.Diagnostics.Warnings()[0]
			if w.Summary() != "Replacing collection articles drops 1,204,332 entities" || !strings.Contains(w.Detail(), tc.reason) {
				t.Errorf("warning %q: %q, want the count and %q", w.Summary(), w.Detail(), tc.reason)
			}
			// With deletion_protection the same plan is refused.
			state.DeletionProtection = types.BoolValue(true)
			plan.DeletionProtection = types.BoolValue(true)
			if resp := modifyPlan(state, plan); !resp.Diagnostics.HasError() || !strings.Contains(resp.Diagnostics.Errors()[0].Summary(), "protected from deletion") {
				t.Errorf("protected: diagnostics %v, want the refusal", resp.Diagnostics)
			}
		})
	}
	t.Run("in place: no warning", func(t *testing.T) {
		plan := base
		plan.Name = str("articles_v2")
		plan.TTLSeconds = types.Int64Value(60)
		if resp := modifyPlan(base, plan); len(resp.Diagnostics) != 0 {
			t.Errorf("diagnostics %v, want none", resp.Diagnostics)
		}
	})
	if n := collectionDropCalls(acc.Mock); n != 0 {
		t.Errorf("%d drop calls from planning, want 0", n)
	}
	// A replacement Terraform decides alone (a tainted resource, -replace,
	// replace_triggered_by) is no replacement in ModifyPlan's eyes: Delete
	// refuses it, and sends nothing.
	t.Run("delete refuses when protected", func(t *testing.T) {
		state := base
		state.DeletionProtection = types.BoolValue(true)
		st := tfsdk.State{Schema: schemaResp.Schema, Raw: tftypes.NewValue(schemaResp.Schema.Type().TerraformType(ctx), nil)}
		if d := st.Set(ctx, &state); d.HasError() {
			t.Fatal(d)
		}
		resp := resource.DeleteResponse{State: st}
		r.Delete(ctx, resource.DeleteRequest{State: st}, &resp)
		if !resp.Diagnostics.HasError() || !strings.Contains(fmt.Sprint(resp.Diagnostics), "protected from deletion") {
			t.Fatalf("Delete of a protected collection: %v, want the protection error", resp.Diagnostics)
		}
		if n := collectionDropCalls(acc.Mock); n != 0 {
			t.Fatalf("%d drop calls, want 0", n)
		}
		if info, err := acc.Mock.Collection(clusterID, "default", "articles"); err != nil || info.Rows != 1204332 {
			t.Fatalf("collection %+v, %v: want it with its entities", info, err)
		}
	})
}
