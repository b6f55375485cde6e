package provider

import (
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestValidateQuickSetupReports(t *testing.T) {
	t.Parallel()
	base := func() collectionResourceModel {
		return collectionResourceModel{
			Dimension: types.Int64Null(), MetricType: types.StringNull(), PrimaryField: types.StringNull(), VectorField: types.StringNull(),
			FieldBlocks: []fieldBlockModel{
				{Name: types.StringValue("sku"), DataType: types.StringValue("VarChar"), IsPrimary: types.BoolValue(true), Dim: types.Int64Null()},
				{Name: types.StringValue("emb"), DataType: types.StringValue("FloatVector"), IsPrimary: types.BoolValue(false), Dim: types.Int64Value(16)},
				{Name: types.StringValue("emb2"), DataType: types.StringValue("FloatVector"), IsPrimary: types.BoolValue(false), Dim: types.Int64Value(8)},
			},
			IndexBlocks: []indexBlockModel{{FieldName: types.StringValue("emb"), MetricType: types.StringValue("IP")}},
		}
	}
	cases := []struct {
		name string
		set  func(*collectionResourceModel)
		want string // "" = accepted; else the attribute named in the error
	}{
		{"none written", func(*collectionResourceModel) {}, ""},
		{"all agree, as generated config writes them", func(m *collectionResourceModel) {
			m.Dimension, m.MetricType = types.Int64Value(16), types.StringValue("IP")
			m.PrimaryField, m.VectorField = types.StringValue("sku"), types.StringValue("emb")
		}, ""},
		{"unknown is left to apply", func(m *collectionResourceModel) { m.Dimension = types.Int64Unknown() }, ""},
		{"dimension of the second vector", func(m *collectionResourceModel) { m.Dimension = types.Int64Value(8) }, "dimension"},
		{"another metric", func(m *collectionResourceModel) { m.MetricType = types.StringValue("L2") }, "metric_type"},
		{"metric without one in the index block", func(m *collectionResourceModel) {
			m.MetricType = types.StringValue("IP")
			m.IndexBlocks[0].MetricType = types.StringNull()
		}, "metric_type"},
		{"another primary", func(m *collectionResourceModel) { m.PrimaryField = types.StringValue("id") }, "primary_field"},
		{"the second vector", func(m *collectionResourceModel) { m.VectorField = types.StringValue("emb2") }, "vector_field"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m := base()
			tc.set(&m)
			var diags diag.Diagnostics
			validateQuickSetupReports(m, &diags)
			switch {
			case tc.want == "" && diags.HasError():
				t.Fatalf("want accepted, got %v", diags)
			case tc.want != "" && (diags.ErrorsCount() != 1 || !strings.HasPrefix(diags.Errors()[0].Detail(), tc.want+" belongs")):
				t.Fatalf("want one error about %s, got %v", tc.want, diags)
			}
		})
	}
}
