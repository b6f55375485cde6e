package provider

import (
	"strings"
	"testing"

	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"
)

// schemaFields declares one field of every scalar type and four vector types
// (a collection holds at most four vector fields); schemaFields2 the other two.
const schemaFields = `
  field {
    name        = "pk"
    data_type   = "VarChar"
    is_primary  = true
    max_length  = 64
    description = "primary key"
  }
  field {
    name      = "flag"
    data_type = "Bool"
  }
  field {
    name      = "tiny"
    data_type = "Int8"
  }
  field {
    name      = "small"
    data_type = "Int16"
    nullable  = true
  }
  field {
    name      = "medium"
    data_type = "Int32"
  }
  field {
    name             = "tenant"
    data_type        = "Int64"
    is_partition_key = true
  }
  field {
    name      = "score"
    data_type = "Float"
  }
  field {
    name      = "weight"
    data_type = "Double"
  }
  field {
    name       = "title"
    data_type  = "VarChar"
    max_length = 512
  }
  field {
    name      = "meta"
    data_type = "JSON"
  }
  field {
    name              = "tags"
    data_type         = "Array"
    element_data_type = "VarChar"
    max_capacity      = 16
    max_length        = 32
  }
  field {
    name              = "counts"
    data_type         = "Array"
    element_data_type = "Int32"
    max_capacity      = 100
  }
  field {
    name      = "dense"
    data_type = "FloatVector"
    dim       = 8
  }
  field {
    name      = "bits"
    data_type = "BinaryVector"
    dim       = 16
  }
  field {
    name      = "half"
    data_type = "Float16Vector"
    dim       = 8
  }
  field {
    name      = "brain"
    data_type = "BFloat16Vector"
    dim       = 8
  }
  index {
    field_name  = "dense"
    index_type  = "HNSW"
    metric_type = "COSINE"
    params      = { M = "16", efConstruction = "200" }
  }
  index {
    field_name  = "bits"
    index_type  = "BIN_IVF_FLAT"
    metric_type = "HAMMING"
    params      = { nlist = "64" }
  }
  index {
    field_name  = "half"
    metric_type = "L2"
  }
  index {
    field_name  = "brain"
    index_type  = "AUTOINDEX"
    metric_type = "IP"
  }
`

const schemaFields2 = `
  field {
    name       = "id"
    data_type  = "Int64"
    is_primary = true
    auto_id    = true
  }
  field {
    name      = "sparse"
    data_type = "SparseFloatVector"
  }
  field {
    name      = "quant"
    data_type = "Int8Vector"
    dim       = 16
  }
  index {
    field_name  = "sparse"
    index_type  = "SPARSE_INVERTED_INDEX"
    metric_type = "IP"
  }
  index {
    field_name  = "quant"
    index_type  = "HNSW"
    metric_type = "L2"
  }
`

func testAccSchemaConfig(acc accTarget, cluster string, extra ...string) string {
	return testAccClusterConfig(acc, cluster, "Serverless") + `
resource "zilliz_collection" "test" {
  cluster_endpoint     = zilliz_cluster.test.connect_address
  name                 = "catalog"
  description          = "every scalar type"
  enable_dynamic_field = true
  consistency_level    = "Strong"
  shards_num           = 2
  ttl_seconds          = 86400
` + strings.Join(extra, "\n") + schemaFields + `
}

resource "zilliz_collection" "vectors" {
  cluster_endpoint = zilliz_cluster.test.connect_address
  name             = "more_vectors"
` + schemaFields2 + `
}
`
}

// field checks one field block of zilliz_collection.test against what the
// server's describe returned (state is written from it).
func fieldCheck(i int, want map[string]knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue("zilliz_collection.test", tfjsonpath.New("field").AtSliceIndex(i), knownvalue.ObjectPartial(want))
}

func TestAccCollectionResource_schemaEveryType(t *testing.T) {
	acc := newAccTarget(t)
	cluster := testAccName("tf-acc-schema")
	str, num, yes, no, null := knownvalue.StringExact, knownvalue.Int64Exact, knownvalue.Bool(true), knownvalue.Bool(false), knownvalue.Null()
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{
			{
				Config: testAccSchemaConfig(acc, cluster),
				ConfigStateChecks: []statecheck.StateCheck{
					fieldCheck(0, map[string]knownvalue.Check{"name": str("pk"), "data_type": str("VarChar"), "is_primary": yes, "auto_id": no, "max_length": num(64), "description": str("primary key")}),
					fieldCheck(1, map[string]knownvalue.Check{"name": str("flag"), "data_type": str("Bool"), "is_primary": no, "nullable": no}),
					fieldCheck(2, map[string]knownvalue.Check{"name": str("tiny"), "data_type": str("Int8")}),
					fieldCheck(3, map[string]knownvalue.Check{"name": str("small"), "data_type": str("Int16"), "nullable": yes}),
					fieldCheck(4, map[string]knownvalue.Check{"name": str("medium"), "data_type": str("Int32")}),
					fieldCheck(5, map[string]knownvalue.Check{"name": str("tenant"), "data_type": str("Int64"), "is_partition_key": yes}),
					fieldCheck(6, map[string]knownvalue.Check{"name": str("score"), "data_type": str("Float")}),
					fieldCheck(7, map[string]knownvalue.Check{"name": str("weight"), "data_type": str("Double")}),
					fieldCheck(8, map[string]knownvalue.Check{"name": str("title"), "data_type": str("VarChar"), "max_length": num(512), "dim": null}),
					fieldCheck(9, map[string]knownvalue.Check{"name": str("meta"), "data_type": str("JSON")}),
					fieldCheck(10, map[string]knownvalue.Check{"name": str("tags"), "data_type": str("Array"), "element_data_type": str("VarChar"), "max_capacity": num(16), "max_length": num(32)}),
					fieldCheck(11, map[string]knownvalue.Check{"name": str("counts"), "data_type": str("Array"), "element_data_type": str("Int32"), "max_capacity": num(100), "max_length": null}),
					fieldCheck(12, map[string]knownvalue.Check{"name": str("dense"), "data_type": str("FloatVector"), "dim": num(8)}),
					fieldCheck(13, map[string]knownvalue.Check{"name": str("bits"), "data_type": str("BinaryVector"), "dim": num(16)}),
					fieldCheck(14, map[string]knownvalue.Check{"name": str("half"), "data_type": str("Float16Vector"), "dim": num(8)}),
					fieldCheck(15, map[string]knownvalue.Check{"name": str("brain"), "data_type": str("BFloat16Vector"), "dim": num(8)}),
					statecheck.ExpectKnownValue("zilliz_collection.test", tfjsonpath.New("index"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"field_name": str("dense"), "index_name": str("dense"), "metric_type": str("COSINE"), "index_type": str("HNSW")}),
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"field_name": str("bits"), "metric_type": str("HAMMING")}),
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"field_name": str("half"), "metric_type": str("L2")}),
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"field_name": str("brain"), "metric_type": str("IP")}),
					})),
					statecheck.ExpectKnownValue("zilliz_collection.test", tfjsonpath.New("consistency_level"), str("Strong")),
					statecheck.ExpectKnownValue("zilliz_collection.test", tfjsonpath.New("shards_num"), num(2)),
					statecheck.ExpectKnownValue("zilliz_collection.test", tfjsonpath.New("ttl_seconds"), num(86400)),
					statecheck.ExpectKnownValue("zilliz_collection.test", tfjsonpath.New("enable_dynamic_field"), yes),
					statecheck.ExpectKnownValue("zilliz_collection.test", tfjsonpath.New("load_state"), str("LoadStateLoaded")),
					statecheck.ExpectKnownValue("zilliz_collection.test", tfjsonpath.New("primary_field"), str("pk")),
					statecheck.ExpectKnownValue("zilliz_collection.test", tfjsonpath.New("vector_field"), str("dense")),
					statecheck.ExpectKnownValue("zilliz_collection.test", tfjsonpath.New("dimension"), num(8)),
					statecheck.ExpectKnownValue("zilliz_collection.vectors", tfjsonpath.New("field"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": str("id"), "data_type": str("Int64"), "auto_id": yes}),
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": str("sparse"), "data_type": str("SparseFloatVector"), "dim": null}),
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"name": str("quant"), "data_type": str("Int8Vector"), "dim": num(16)}),
					})),
					statecheck.ExpectKnownValue("zilliz_collection.vectors", tfjsonpath.New("consistency_level"), str("Bounded")),
					statecheck.ExpectKnownValue("zilliz_collection.vectors", tfjsonpath.New("enable_dynamic_field"), no),
				},
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				ResourceName:      "zilliz_collection.test",
				ImportState:       true,
				ImportStateVerify: true,
				ImportStateVerifyIgnore: []string{"token", "timeouts",
					// The v2 create stores no field description; index types and
					// params are read back with /v2/vectordb/indexes/describe.
					"field.0.description"},
			},
			{
				// Released in place.
				Config: testAccSchemaConfig(acc, cluster, "  load = false"),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("zilliz_collection.test", plancheck.ResourceActionUpdate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("zilliz_collection.test", tfjsonpath.New("load_state"), str("LoadStateNotLoad")),
				},
			},
			{
				// A schema change replaces the collection.
				Config: strings.Replace(testAccSchemaConfig(acc, cluster, "  load = false"), "max_length = 512", "max_length = 1024", 1),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("zilliz_collection.test", plancheck.ResourceActionDestroyBeforeCreate)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					fieldCheck(8, map[string]knownvalue.Check{"name": str("title"), "max_length": num(1024)}),
				},
			},
		},
	})
}

// Plan-time validation of field and index blocks: runs under plain go test.
func TestCollectionResource_schemaValidation(t *testing.T) {
	collection := func(body string) string {
		return planOnlyProvider + `
resource "zilliz_collection" "test" {
  cluster_endpoint = "https://in01-6183d6bac30f801.gcp-us-west1.vectordb.zillizcloud.com:443"
  name             = "c"
` + body + `
}`
	}
	pk := `
  field {
    name       = "id"
    data_type  = "Int64"
    is_primary = true
  }`
	vec := func(extra string) string {
		return `
  field {
    name      = "v"
    data_type = "FloatVector"
    ` + extra + `
  }`
	}
	index := `
  index {
    field_name = "v"
  }`
	for _, tc := range []struct{ name, body, want string }{
		{"lower-case data type", `
  field {
    name       = "id"
    data_type  = "int64"
    is_primary = true
  }`, `value must be one of.*"Int64"`},
		{"no primary key", vec("dim = 4") + index, `Exactly one primary key.*0 fields`},
		{"two primary keys", pk + strings.Replace(pk, `"id"`, `"id2"`, 1) + vec("dim = 4") + index, `2 fields with is_primary`},
		{"float primary key", strings.Replace(pk, "Int64", "Float", 1) + vec("dim = 4") + index, `primary key must be Int64 or VarChar, not Float`},
		{"vector without dim", pk + vec("") + index, `FloatVector fields need dim`},
		{"dim on a scalar", strings.Replace(pk, "is_primary = true", "is_primary = true\n    dim = 4", 1) + vec("dim = 4") + index, `dim applies to vector fields`},
		{"binary dim not a multiple of 8", pk + strings.Replace(vec("dim = 12"), "FloatVector", "BinaryVector", 1) + index, `multiple of 8`},
		{"varchar without max_length", strings.Replace(pk, "Int64", "VarChar", 1) + vec("dim = 4") + index, `need max_length`},
		{"array without element type", pk + vec("dim = 4") + index + `
  field {
    name         = "a"
    data_type    = "Array"
    max_capacity = 4
  }`, `Array fields need element_data_type`},
		{"auto_id on a non-primary field", pk + vec("dim = 4\n    auto_id = true") + index, `auto_id applies to the primary key only`},
		{"index on an unknown field", pk + vec("dim = 4") + index + `
  index {
    field_name = "nope"
  }`, `No field block is named "nope"`},
		{"vector without index while loaded", pk + vec("dim = 4"), `Vector field "v" has no index block`},
		{"dimension disagreeing with the fields", "  dimension = 8\n" + pk + vec("dim = 4") + index, `dimension belongs to the quick-setup form`},
		{"quick setup without dimension", "", `Set dimension`},
		{"consistency_level in quick setup", "  dimension = 4\n  consistency_level = \"Strong\"", `consistency_level applies to a collection with field blocks`},
		{"bad consistency level", "  consistency_level = \"Weak\"\n" + pk + vec("dim = 4") + index, `value must be one of.*"Strong"`},
		{"bad metric", pk + vec("dim = 4") + `
  index {
    field_name  = "v"
    metric_type = "cosine"
  }`, `value must be one of.*"COSINE"`},
		{"index_type in params", pk + vec("dim = 4") + `
  index {
    field_name = "v"
    params     = { index_type = "HNSW", M = "16" }
  }`, `Set index_type with the index_type argument`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tfresource.UnitTest(t, tfresource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps:                    []tfresource.TestStep{{Config: collection(tc.body), PlanOnly: true, ExpectError: errorMatching(tc.want)}},
			})
		})
	}
}
