package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// With `field` blocks, dimension, metric_type, primary_field and vector_field
// are reports (of the primary field, the first vector field and its index), not
// arguments. `terraform plan -generate-config-out` writes every such attribute
// back into the configuration, so a report that agrees with the blocks is
// accepted; one that disagrees would plan a replacement and is an error.

// validateQuickSetupReports checks the quick-setup attributes written beside field blocks.
func validateQuickSetupReports(cfg collectionResourceModel, diags *diag.Diagnostics) {
	var primary, vector *fieldBlockModel
	for i := range cfg.FieldBlocks {
		f := &cfg.FieldBlocks[i]
		if f.IsPrimary.ValueBool() && primary == nil {
			primary = f
		}
		if isVectorType(f.DataType.ValueString()) && vector == nil {
			vector = f
		}
	}
	metric := types.StringNull()
	if vector != nil {
		for _, ix := range cfg.IndexBlocks {
			if ix.FieldName.Equal(vector.Name) {
				metric = ix.MetricType
			}
		}
	}
	primaryName, vectorName := types.StringNull(), types.StringNull()
	dim := types.Int64Null()
	if primary != nil {
		primaryName = primary.Name
	}
	if vector != nil {
		vectorName, dim = vector.Name, vector.Dim
	}
	for _, c := range []struct {
		name      string
		written   attr.Value
		reported  attr.Value
		reportsOn string
	}{
		{"dimension", cfg.Dimension, dim, "the dim of the first vector field"},
		{"metric_type", cfg.MetricType, metric, "the metric_type of the first vector field's index block"},
		{"primary_field", cfg.PrimaryField, primaryName, "the name of the field with is_primary = true"},
		{"vector_field", cfg.VectorField, vectorName, "the name of the first vector field"},
	} {
		if c.written.IsNull() || c.written.IsUnknown() || c.reported.IsUnknown() {
			continue
		}
		if c.written.Equal(c.reported) {
			continue
		}
		diags.AddAttributeError(path.Root(c.name), "Quick-setup attribute beside field blocks",
			fmt.Sprintf("%s belongs to the quick-setup form. With field blocks it only reports %s (here %s), so it may be left out or must agree: "+
				"write the vector size as dim and the primary key as is_primary in the field blocks, and metrics in index blocks; then remove %s.",
				c.name, c.reportsOn, reportedText(c.reported), c.name))
	}
}

func reportedText(v attr.Value) string {
	if v.IsNull() {
		return "not set"
	}
	return v.String()
}
