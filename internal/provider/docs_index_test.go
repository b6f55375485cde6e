package provider

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// The provider's page (docs/index.md) names every resource and data source
// and links every guide, so that a new user finds them from the first page.
func TestDocsIndexListsEverything(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("../../docs/index.md")
	if err != nil {
		t.Fatal(err)
	}
	index := string(b)
	guides, err := filepath.Glob("../../docs/guides/*.md")
	if err != nil || len(guides) == 0 {
		t.Fatalf("no guides under docs/guides (%v)", err)
	}
	for _, g := range guides {
		if link := "(guides/" + filepath.Base(g) + ")"; !strings.Contains(index, link) {
			t.Errorf("docs/index.md does not link guides/%s", filepath.Base(g))
		}
	}
	ctx := context.Background()
	p := New("test")()
	for _, newResource := range p.Resources(ctx) {
		var m resource.MetadataResponse
		newResource().Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "zilliz"}, &m)
		if !strings.Contains(index, "`"+m.TypeName+"`") {
			t.Errorf("docs/index.md does not name the resource %s", m.TypeName)
		}
	}
	for _, newDataSource := range p.DataSources(ctx) {
		var m datasource.MetadataResponse
		newDataSource().Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: "zilliz"}, &m)
		if !strings.Contains(index, "`"+m.TypeName+"`") {
			t.Errorf("docs/index.md does not name the data source %s", m.TypeName)
		}
	}
}
