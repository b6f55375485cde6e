package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestDefaultByForm(t *testing.T) {
	t.Parallel()
	s := types.StringValue
	tests := []struct {
		name                          string
		m                             defaultByForm
		schemaForm, formKnown, exists bool
		state                         attr.Value
		want                          attr.Value // nil: left unknown
	}{
		{"quick setup default", defaultByForm{quickSetup: fixed(s("COSINE")), schema: serverChooses}, false, true, false, nil, s("COSINE")},
		{"quick setup default over state", defaultByForm{quickSetup: fixed(s("COSINE")), schema: serverChooses}, false, true, true, s("L2"), s("COSINE")},
		{"schema form, server chooses, create", defaultByForm{quickSetup: fixed(s("COSINE")), schema: serverChooses}, true, true, false, nil, nil},
		{"schema form, server chose", defaultByForm{quickSetup: fixed(s("COSINE")), schema: serverChooses}, true, true, true, s("IP"), s("IP")},
		{"quick setup, server chooses, create", defaultByForm{quickSetup: serverChooses, schema: fixed(types.Int64Value(1))}, false, true, false, nil, nil},
		{"quick setup, server chose", defaultByForm{quickSetup: serverChooses, schema: fixed(types.Int64Value(1))}, false, true, true, types.Int64Value(1), types.Int64Value(1)},
		{"schema default", defaultByForm{quickSetup: serverChooses, schema: fixed(types.BoolValue(false))}, true, true, true, types.BoolValue(true), types.BoolValue(false)},
		{"quick setup null", defaultByForm{quickSetup: planNull, schema: fixed(s("Bounded"))}, false, true, true, s("Bounded"), types.StringNull()},
		{"form unknown (dynamic blocks)", defaultByForm{quickSetup: planNull, schema: fixed(s("Bounded"))}, false, false, false, nil, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := tc.m.planFor(tc.schemaForm, tc.formKnown, tc.exists, tc.state, types.StringNull())
			if tc.want == nil {
				if ok {
					t.Errorf("planned %v, want it left unknown", got)
				}
				return
			}
			if !ok || !got.Equal(tc.want) {
				t.Errorf("planned %v (%v), want %v", got, ok, tc.want)
			}
		})
	}
}

func indexBlock(field, name, typ, metric string, params map[string]string) indexBlockModel {
	str := func(v string) types.String {
		if v == "" {
			return types.StringNull()
		}
		if v == "?" {
			return types.StringUnknown()
		}
		return types.StringValue(v)
	}
	p := types.MapNull(types.StringType)
	if params != nil {
		p, _ = types.MapValueFrom(context.Background(), types.StringType, params)
	}
	return indexBlockModel{FieldName: str(field), IndexName: str(name), IndexType: str(typ), MetricType: str(metric), Params: p}
}

func TestPlanIndexBlocks(t *testing.T) {
	t.Parallel()
	hnsw := map[string]string{"M": "16"}
	vec := indexBlock("vec", "vec", "HNSW", "L2", hnsw)
	title := indexBlock("title", "title", "INVERTED", "COSINE", nil)
	tests := []struct {
		name         string
		cfg, state   []indexBlockModel
		wantRebuild  bool   // the index of the first changed field is dropped and created
		wantPlanType string // index_type planned for the first block
	}{
		{"same blocks, other order", []indexBlockModel{vec, title}, []indexBlockModel{title, vec}, false, "HNSW"},
		{"type left to the server", []indexBlockModel{indexBlock("vec", "", "", "", nil), title}, []indexBlockModel{title, vec}, false, "HNSW"},
		{"type changed", []indexBlockModel{indexBlock("vec", "vec", "IVF_FLAT", "L2", hnsw), title}, []indexBlockModel{vec, title}, true, "IVF_FLAT"},
		{"params changed", []indexBlockModel{indexBlock("vec", "vec", "HNSW", "L2", map[string]string{"M": "32"}), title}, []indexBlockModel{vec, title}, true, "HNSW"},
		{"type unread (import of an older server)", []indexBlockModel{vec, title}, []indexBlockModel{indexBlock("vec", "vec", "", "L2", nil), title}, false, "HNSW"},
		{"metric changed", []indexBlockModel{indexBlock("vec", "vec", "HNSW", "IP", hnsw), title}, []indexBlockModel{vec, title}, true, "HNSW"},
		{"index added", []indexBlockModel{vec, title}, []indexBlockModel{vec}, true, "HNSW"},
		{"index on another field", []indexBlockModel{vec, indexBlock("body", "", "", "", nil)}, []indexBlockModel{vec, title}, true, "HNSW"},
		{"left out, proposed from the block at the same position", []indexBlockModel{indexBlock("vec", "", "", "", nil), title},
			[]indexBlockModel{title, vec}, false, "HNSW"},
		{"value unknown until apply", []indexBlockModel{indexBlock("vec", "vec", "?", "L2", hnsw), title}, []indexBlockModel{vec, title}, true, ""},
		{"params left to the state", []indexBlockModel{indexBlock("vec", "vec", "HNSW", "L2", nil), title}, []indexBlockModel{vec, title}, false, "HNSW"},
		{"params the server did not tell (older server, import)", []indexBlockModel{vec, title}, []indexBlockModel{indexBlock("vec", "vec", "HNSW", "L2", nil), title}, false, "HNSW"},
		{"type neither configured nor told: read at apply, no rebuild", []indexBlockModel{indexBlock("vec", "vec", "", "L2", hnsw), title},
			[]indexBlockModel{indexBlock("vec", "vec", "", "L2", hnsw), title}, false, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// Terraform proposes a left-out computed value from the state block
			// at the same position.
			plan := make([]indexBlockModel, len(tc.cfg))
			for i, c := range tc.cfg {
				plan[i] = c
				if i < len(tc.state) && c.IndexType.IsNull() {
					plan[i].IndexType = tc.state[i].IndexType
				}
			}
			planned := planIndexBlocks(tc.cfg, plan, tc.state)
			drops, creates := indexChanges(planned, tc.state)
			if rebuild := len(drops)+len(creates) > 0; rebuild != tc.wantRebuild {
				t.Errorf("drops %d, creates %d: rebuild = %v, want %v", len(drops), len(creates), rebuild, tc.wantRebuild)
			}
			if len(planned) != len(tc.cfg) || planned[0].FieldName != tc.cfg[0].FieldName {
				t.Fatalf("planned %v: want the configuration's order", planned)
			}
			if tc.wantPlanType != "" && planned[0].IndexType.ValueString() != tc.wantPlanType {
				t.Errorf("index_type planned %v, want %s", planned[0].IndexType, tc.wantPlanType)
			}
		})
	}
}

func TestIndexChangedUnknownParams(t *testing.T) {
	t.Parallel()
	state := indexBlock("vec", "vec", "HNSW", "L2", map[string]string{"M": "16"})
	plan := state
	plan.Params = types.MapUnknown(types.StringType)
	if !indexChanged(plan, state) {
		t.Error("params known only at apply may differ from the index's: want a rebuild")
	}
	state.Params = types.MapNull(types.StringType)
	if indexChanged(plan, state) {
		t.Error("params the server did not tell cannot be compared: want no rebuild")
	}
}

func TestFieldReplaceReasons(t *testing.T) {
	t.Parallel()
	field := func(name, typ, desc string) fieldBlockModel {
		d := types.StringNull()
		if desc != "" {
			d = types.StringValue(desc)
		}
		return fieldBlockModel{Name: types.StringValue(name), DataType: types.StringValue(typ), IsPrimary: types.BoolValue(typ == "Int64"),
			AutoID: types.BoolValue(false), IsPartitionKey: types.BoolValue(false), Nullable: types.BoolValue(false),
			MaxLength: types.Int64Null(), Dim: types.Int64Null(), ElementDataType: types.StringNull(), MaxCapacity: types.Int64Null(), Description: d,
			DefaultValue: types.StringNull()}
	}
	nullable := func(f fieldBlockModel) fieldBlockModel { f.Nullable = types.BoolValue(true); return f }
	withDefault := func(f fieldBlockModel, v types.String) fieldBlockModel { f.DefaultValue = v; return f }
	partitionKey := func(f fieldBlockModel) fieldBlockModel { f.IsPartitionKey = types.BoolValue(true); return f }
	id, vec := field("id", "Int64", ""), field("vec", "FloatVector", "")
	tag := nullable(field("tag", "JSON", ""))
	tests := []struct {
		name        string
		plan, state []fieldBlockModel
		want        string // a word of the reason, "" for none
	}{
		{"same", []fieldBlockModel{id, vec}, []fieldBlockModel{id, vec}, ""},
		{"description only (never stored)", []fieldBlockModel{field("id", "Int64", "the key"), vec}, []fieldBlockModel{id, vec}, ""},
		{"other order", []fieldBlockModel{vec, id}, []fieldBlockModel{id, vec}, ""},
		{"nullable scalar added: in place", []fieldBlockModel{id, vec, tag}, []fieldBlockModel{id, vec}, ""},
		{"scalar added, not nullable: refused by ModifyPlan, not replaced", []fieldBlockModel{id, vec, field("n", "JSON", "")}, []fieldBlockModel{id, vec}, ""},
		{"default value unread (import)", []fieldBlockModel{id, vec, withDefault(tag, types.StringValue("{}"))}, []fieldBlockModel{id, vec, tag}, ""},
		{"default value changed", []fieldBlockModel{id, vec, withDefault(tag, types.StringValue("1"))}, []fieldBlockModel{id, vec, withDefault(tag, types.StringValue("2"))}, "changes"},
		{"vector added", []fieldBlockModel{id, vec, nullable(field("v2", "FloatVector", ""))}, []fieldBlockModel{id, vec}, "is new"},
		{"partition key added", []fieldBlockModel{id, vec, partitionKey(nullable(field("p", "VarChar", "")))}, []fieldBlockModel{id, vec}, "is new"},
		{"type changed", []fieldBlockModel{id, field("vec", "Float16Vector", "")}, []fieldBlockModel{id, vec}, "changes"},
		{"nullable changed", []fieldBlockModel{id, vec, field("tag", "JSON", "")}, []fieldBlockModel{id, vec, tag}, "changes"},
		{"field removed", []fieldBlockModel{id, vec}, []fieldBlockModel{id, vec, tag}, "removed"},
		{"field renamed", []fieldBlockModel{id, field("v", "FloatVector", "")}, []fieldBlockModel{id, vec}, "removed"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := strings.Join(fieldReplaceReasons(tc.plan, tc.state), "; ")
			if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
				t.Errorf("reasons %q, want one with %q", got, tc.want)
			}
		})
	}
}

func TestSortByPrior(t *testing.T) {
	t.Parallel()
	got := []string{"a", "b", "c", "d"}
	sortByPrior(got, map[string]int{"c": 0, "a": 1}, func(s string) string { return s })
	if want := []string{"c", "a", "b", "d"}; !equalStrings(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestKeptIfDropped(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		server string
		prior  types.String
		want   types.String
	}{
		{"", types.StringValue("mine"), types.StringValue("mine")}, // an older server dropped it
		{"", types.StringNull(), types.StringValue("")},            // import: the server's answer
		{"theirs", types.StringValue("mine"), types.StringValue("theirs")},
		{"", types.StringUnknown(), types.StringValue("")},
	} {
		if got := keptIfDropped(tc.server, tc.prior); !got.Equal(tc.want) {
			t.Errorf("keptIfDropped(%q, %v) = %v, want %v", tc.server, tc.prior, got, tc.want)
		}
	}
}

func TestEndpointIdentity(t *testing.T) {
	t.Parallel()
	const endpoint = "https://in01-6183d6bac30f801.gcp-us-west1.vectordb.zillizcloud.com"
	for _, tc := range []struct {
		a, b string
		same bool
	}{
		{endpoint, endpoint + ":443", true},
		{endpoint, strings.ToUpper(endpoint) + "/", true},
		{endpoint, "HTTPS://IN01-6183D6BAC30F801.GCP-US-WEST1.VECTORDB.ZILLIZCLOUD.COM:443/", true},
		{endpoint, endpoint + ":19530", false},
		{"http://127.0.0.1:8080", "HTTP://127.0.0.1:8080/", true},
		{"http://localhost", "http://localhost:80", true},
		{"http://localhost", "https://localhost", false},
	} {
		if got := sameEndpoint(tc.a, tc.b); got != tc.same {
			t.Errorf("sameEndpoint(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.same)
		}
	}
	for _, tc := range []struct{ endpoint, id string }{
		{endpoint + ":443", "in01-6183d6bac30f801"},
		{"HTTPS://IN05-ABC123.aws-us-east-1.vectordb.zillizcloud.com/", "in05-abc123"},
		{"http://127.0.0.1:8080", ""},
		{"https://example.com", ""},
	} {
		if got, _ := clusterIDFromEndpoint(tc.endpoint); got != tc.id {
			t.Errorf("clusterIDFromEndpoint(%q) = %q, want %q", tc.endpoint, got, tc.id)
		}
	}
}
