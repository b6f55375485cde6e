package provider

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
)

// A collection evolves in place wherever Milvus can change it without
// dropping its entities (issue 12): a new nullable scalar field
// (collections/fields/add), an index (indexes/drop + create, released while
// the server needs it), properties and the TTL (alter_properties /
// drop_properties) and the name (collections/rename). Everything else
// replaces it; ModifyPlan says so with the entity count, and refuses when
// deletion_protection is on.

// collectionPropertyKeys are the collection properties the `properties`
// argument manages: the keys the Milvus and Zilliz alter_collection_properties
// references document besides the TTL (ttl_seconds).
var collectionPropertyKeys = []string{"mmap.enabled", "partitionkey.isolation"}

// releasedPropertyKeys are the properties Milvus changes only on a released
// collection ("can not alter mmap properties if collection loaded", proxy
// alterCollectionTask.PreExecute).
var releasedPropertyKeys = map[string]bool{"mmap.enabled": true}

// replaceReasons says why the plan replaces the collection: the arguments
// with RequiresReplace that change (unknown counts, as it does for
// RequiresReplace), and the field changes Milvus cannot make in place.
func replaceReasons(plan, state collectionResourceModel) []string {
	var out []string
	for _, a := range []struct {
		name          string
		planned, prev attr.Value
	}{
		{"cluster_endpoint", plan.ClusterEndpoint, state.ClusterEndpoint},
		{"database", plan.Database, state.Database},
		{"description", plan.Description, state.Description},
		{"dimension", plan.Dimension, state.Dimension},
		{"metric_type", plan.MetricType, state.MetricType},
		{"primary_field", plan.PrimaryField, state.PrimaryField},
		{"vector_field", plan.VectorField, state.VectorField},
		{"shards_num", plan.ShardsNum, state.ShardsNum},
		{"enable_dynamic_field", plan.EnableDynamicField, state.EnableDynamicField},
		{"consistency_level", plan.ConsistencyLevel, state.ConsistencyLevel},
	} {
		if a.planned.IsUnknown() || !a.planned.Equal(a.prev) {
			out = append(out, a.name+" changes")
		}
	}
	return append(out, fieldReplaceReasons(plan.FieldBlocks, state.FieldBlocks)...)
}

// warnReplacement adds the replacement warning, with the number of entities
// the collection holds (POST /v2/vectordb/collections/get_stats) when the
// server tells.
func (r *collectionResource) warnReplacement(ctx context.Context, diags *diag.Diagnostics, state collectionResourceModel, where string, reasons []string) {
	name := state.Name.ValueString()
	count := "The provider could not count its entities"
	summary := "Collection " + name + " will be replaced"
	if r.client != nil {
		if dp, err := r.client.DataPlane(state.ClusterEndpoint.ValueString(), state.Token.ValueString()); err == nil {
			ctx, cancel := context.WithTimeout(zilliz.WithRetryLimit(ctx, 1), 15*time.Second)
			n, err := dp.CollectionRowCount(ctx, state.Database.ValueString(), name)
			cancel()
			switch {
			case err != nil:
				count += " (" + err.Error() + ")"
				tflog.Debug(ctx, "could not count entities", map[string]any{"collection": name, "error": err.Error()})
			case n > 0:
				summary = fmt.Sprintf("Replacing collection %s drops %s entities", name, thousands(n))
				count = fmt.Sprintf("It holds %s entities", thousands(n))
			default:
				count = "It holds no entities"
			}
		}
	}
	diags.AddWarning(summary, fmt.Sprintf("This plan replaces collection %s: it drops the collection with every entity in it and creates an empty one, because %s. "+
		"%s. To keep them, undo the change (the argument docs list what changes in place); deletion_protection = true refuses any replacement.",
		where, strings.Join(reasons, "; "), count))
}

// thousands writes n with comma separators: 1204332 → 1,204,332.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// evolution makes the in-place changes of one update, in order; loaded
// tracks whether the collection is loaded (it is released where the server
// needs that, and loaded again by applyLoad at the end).
type evolution struct {
	dp       *zilliz.DataPlane
	db, name string
	loaded   bool
}

// release releases the collection once, for a change the server refuses on
// a loaded collection.
func (e *evolution) release(ctx context.Context, why string) error {
	if !e.loaded {
		return nil
	}
	tflog.Info(ctx, "releasing the collection for an in-place change", map[string]any{"collection": e.name, "why": why})
	if err := e.dp.ReleaseCollection(ctx, e.db, e.name); err != nil {
		return err
	}
	e.loaded = false
	return nil
}

// addFields adds the new fields (collections/fields/add), in plan order.
func (e *evolution) addFields(ctx context.Context, plan, state []fieldBlockModel) diag.Diagnostics {
	var diags diag.Diagnostics
	for _, f := range addedFields(plan, state) {
		fs, err := f.schema()
		if err == nil {
			err = e.dp.AddField(ctx, e.db, e.name, fs)
		}
		if err != nil {
			diags.AddError("Could not add field "+f.Name.ValueString()+" to collection "+e.name, apiErrorDetail(err))
			return diags
		}
	}
	return diags
}

// changeIndexes drops the changed and removed indexes (releasing a loaded
// collection first: the server refuses otherwise), creates the new and
// changed ones and waits until they are built.
func (e *evolution) changeIndexes(ctx context.Context, plan, state []indexBlockModel) diag.Diagnostics {
	var diags diag.Diagnostics
	drops, creates := indexChanges(plan, state)
	if len(drops) > 0 {
		if err := e.release(ctx, "an index of a loaded collection cannot be dropped"); err != nil {
			diags.AddError("Could not release collection "+e.name, "It must be released before an index is dropped. "+apiErrorDetail(err))
			return diags
		}
	}
	for _, ix := range drops {
		if err := e.dp.DropIndex(ctx, e.db, e.name, ix.IndexName.ValueString()); err != nil {
			diags.AddError("Could not drop index "+ix.IndexName.ValueString()+" of collection "+e.name, apiErrorDetail(err))
			return diags
		}
	}
	if len(creates) == 0 {
		return diags
	}
	for _, ix := range creates {
		params := stringMap(ix.Params)
		if len(params) == 0 {
			params = nil
		}
		err := e.dp.CreateIndex(ctx, e.db, e.name, zilliz.IndexParam{
			FieldName: ix.FieldName.ValueString(), IndexName: knownOrNull(ix.IndexName).ValueString(),
			IndexType: knownOrNull(ix.IndexType).ValueString(), MetricType: knownOrNull(ix.MetricType).ValueString(), Params: params,
		})
		if err != nil {
			diags.AddError("Could not create the index on field "+ix.FieldName.ValueString()+" of collection "+e.name, apiErrorDetail(err))
			return diags
		}
	}
	// The server names an index left unnamed: ask it, then wait for each.
	c, err := e.dp.DescribeCollectionV2(ctx, e.db, e.name)
	if err != nil {
		diags.AddError("Could not read collection "+e.name, apiErrorDetail(err))
		return diags
	}
	for _, ix := range creates {
		for _, have := range c.Indexes {
			if have.FieldName != ix.FieldName.ValueString() {
				continue
			}
			if err := e.dp.WaitIndexBuilt(ctx, e.db, e.name, have.IndexName); err != nil {
				diags.AddError("Could not build index "+have.IndexName+" of collection "+e.name, apiErrorDetail(err))
				return diags
			}
		}
	}
	return diags
}

// changeProperties applies ttl_seconds and `properties` (alter_properties
// for new and changed values, drop_properties for removed ones), releasing
// the collection first when a key needs that.
func (e *evolution) changeProperties(ctx context.Context, plan, state collectionResourceModel) diag.Diagnostics {
	var diags diag.Diagnostics
	set, drop := propertyChanges(stringMap(state.Properties), stringMap(plan.Properties))
	if !plan.TTLSeconds.Equal(state.TTLSeconds) {
		if plan.TTLSeconds.IsNull() {
			drop = append(drop, "collection.ttl.seconds")
		} else {
			set["collection.ttl.seconds"] = strconv.FormatInt(plan.TTLSeconds.ValueInt64(), 10)
		}
	}
	if len(set)+len(drop) == 0 {
		return diags
	}
	sort.Strings(drop)
	for _, k := range append(drop, sortedMapKeys(set)...) {
		if releasedPropertyKeys[k] {
			if err := e.release(ctx, k+" cannot change while the collection is loaded"); err != nil {
				diags.AddError("Could not release collection "+e.name, "It must be released before "+k+" changes. "+apiErrorDetail(err))
				return diags
			}
		}
	}
	if len(set) > 0 {
		if err := e.dp.AlterCollectionProperties(ctx, e.db, e.name, set); err != nil {
			diags.AddError("Could not alter the properties of collection "+e.name, apiErrorDetail(err))
			return diags
		}
	}
	if len(drop) > 0 {
		if err := e.dp.DropCollectionProperties(ctx, e.db, e.name, drop); err != nil {
			diags.AddError("Could not drop properties of collection "+e.name, apiErrorDetail(err))
		}
	}
	return diags
}

// collectionPropertiesValidator accepts the documented property keys
// (collectionPropertyKeys) with the values "true" or "false", and points
// the TTL to ttl_seconds.
type collectionPropertiesValidator struct{}

func (collectionPropertiesValidator) Description(context.Context) string {
	return "keys " + strings.Join(collectionPropertyKeys, ", ") + " with \"true\" or \"false\""
}

func (v collectionPropertiesValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (collectionPropertiesValidator) ValidateMap(_ context.Context, req validator.MapRequest, resp *validator.MapResponse) {
	if !known(req.ConfigValue) {
		return
	}
	for k, v := range req.ConfigValue.Elements() {
		switch {
		case k == "collection.ttl.seconds":
			resp.Diagnostics.AddAttributeError(req.Path.AtMapKey(k), "Use ttl_seconds",
				"Set the collection TTL with the ttl_seconds argument, not in properties.")
		case !slices.Contains(collectionPropertyKeys, k):
			resp.Diagnostics.AddAttributeError(req.Path.AtMapKey(k), "Unknown collection property",
				fmt.Sprintf("%q is not a collection property this provider manages; use one of %s.", k, strings.Join(collectionPropertyKeys, ", ")))
		default:
			if s, ok := v.(types.String); ok && known(s) && s.ValueString() != "true" && s.ValueString() != "false" {
				resp.Diagnostics.AddAttributeError(req.Path.AtMapKey(k), "Invalid collection property",
					fmt.Sprintf("%s must be \"true\" or \"false\", not %q.", k, s.ValueString()))
			}
		}
	}
}
