package provider

import (
	"sort"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Helpers for framework values and string maps that several resources use.

// known tells whether a value is neither null nor unknown.
func known(v attr.Value) bool { return !v.IsNull() && !v.IsUnknown() }

// knownOrNull turns an unknown string into null, as state written before the
// server was read must hold it.
func knownOrNull(v types.String) types.String {
	if v.IsUnknown() {
		return types.StringNull()
	}
	return v
}

// knownOrNullInt64 turns an unknown number into null.
func knownOrNullInt64(v types.Int64) types.Int64 {
	if v.IsUnknown() {
		return types.Int64Null()
	}
	return v
}

// stringMap reads a map of strings: empty when it is null or unknown, and
// without the elements that are not known yet.
func stringMap(m types.Map) map[string]string {
	out := map[string]string{}
	if !known(m) {
		return out
	}
	for k, v := range m.Elements() {
		if s, ok := v.(types.String); ok && known(s) {
			out[k] = s.ValueString()
		}
	}
	return out
}

// mapsEqual compares two string maps by content.
func mapsEqual(a, b types.Map) bool {
	if a.IsNull() || b.IsNull() || a.IsUnknown() || b.IsUnknown() {
		return a.Equal(b)
	}
	ea, eb := a.Elements(), b.Elements()
	if len(ea) != len(eb) {
		return false
	}
	for k, v := range ea {
		if w, ok := eb[k]; !ok || !v.Equal(w) {
			return false
		}
	}
	return true
}

// sortedMapKeys is the keys of m in order.
func sortedMapKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// propertyChanges compares stored and planned properties (or any managed
// string map): what to set (new or changed values) and which keys to drop.
func propertyChanges(old, want map[string]string) (set map[string]string, drop []string) {
	set = map[string]string{}
	for k, v := range want {
		if ov, ok := old[k]; !ok || ov != v {
			set[k] = v
		}
	}
	for k := range old {
		if _, ok := want[k]; !ok {
			drop = append(drop, k)
		}
	}
	sort.Strings(drop)
	return set, drop
}
