package provider

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// markWriteOnly sets "write_only" on the resource attributes the provider declares
// write-only. Terraform before 1.11 leaves the flag out of `providers schema -json`,
// and tfplugindocs renders write-only arguments differently: without this the docs
// would depend on which CLI generated them (make test may build 1.5.7).
func markWriteOnly(t *testing.T, schemaJSON []byte) []byte {
	t.Helper()
	ctx := context.Background()
	p := New("test")()
	var meta provider.MetadataResponse
	p.Metadata(ctx, provider.MetadataRequest{}, &meta)
	writeOnly := map[string][]string{} // resource type -> attribute names
	for _, newResource := range p.Resources(ctx) {
		r := newResource()
		var m resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: meta.TypeName}, &m)
		var sr resource.SchemaResponse
		r.Schema(ctx, resource.SchemaRequest{}, &sr)
		for name, a := range sr.Schema.Attributes {
			if a.IsWriteOnly() {
				writeOnly[m.TypeName] = append(writeOnly[m.TypeName], name)
			}
		}
	}
	var doc map[string]any
	if err := json.Unmarshal(schemaJSON, &doc); err != nil {
		t.Fatalf("providers schema -json: %v", err)
	}
	schemas, _ := doc["provider_schemas"].(map[string]any)
	for _, ps := range schemas {
		resources, _ := ps.(map[string]any)["resource_schemas"].(map[string]any)
		for typeName, names := range writeOnly {
			rs, ok := resources[typeName].(map[string]any)
			if !ok {
				continue
			}
			attrs, _ := rs["block"].(map[string]any)["attributes"].(map[string]any)
			for _, name := range names {
				if a, ok := attrs[name].(map[string]any); ok {
					a["write_only"] = true
				}
			}
		}
	}
	out, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
