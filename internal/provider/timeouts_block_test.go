package provider

import (
	"context"
	"os"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// Every resource page states the default timeouts, and they are the ones the
// code uses: read from docs/resources/<name>.md (what users see), compared with
// the constants Create, Update and Delete pass to the timeouts block.
func TestTimeoutDefaultsDocumented(t *testing.T) {
	t.Parallel()
	want := map[string]map[string]time.Duration{
		"cluster":    {"create": defaultClusterCreateTimeout, "update": defaultClusterUpdateTimeout, "delete": defaultClusterDeleteTimeout},
		"backup":     {"create": defaultBackupCreateTimeout, "delete": defaultBackupDeleteTimeout},
		"collection": {"create": defaultCollectionCreateTimeout, "update": defaultCollectionUpdateTimeout, "delete": defaultCollectionDeleteTimeout},
	}
	ctx := context.Background()
	p := New("test")()
	for _, newResource := range p.Resources(ctx) {
		r := newResource()
		var meta resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "zilliz"}, &meta)
		name := meta.TypeName[len("zilliz_"):]
		var sr resource.SchemaResponse
		r.Schema(ctx, resource.SchemaRequest{}, &sr)
		page, err := os.ReadFile("../../docs/resources/" + name + ".md")
		if err != nil {
			t.Fatal(err)
		}
		_, hasBlock := sr.Schema.Blocks["timeouts"]
		defaults, listed := want[name]
		switch {
		case hasBlock && !listed:
			t.Errorf("%s has a timeouts block: add its defaults to this test", meta.TypeName)
			continue
		case !hasBlock:
			if !regexp.MustCompile("No `timeouts` block").Match(page) {
				t.Errorf("docs/resources/%s.md does not say that %s has no timeouts block", name, meta.TypeName)
			}
			continue
		}
		for op, d := range defaults {
			m := regexp.MustCompile("(?m)^- `" + op + "` \\(String\\) .*Default `([^`]+)`").FindSubmatch(page)
			if m == nil {
				t.Errorf("docs/resources/%s.md: the timeouts block's %s has no default", name, op)
				continue
			}
			if got, err := time.ParseDuration(string(m[1])); err != nil || got != d {
				t.Errorf("docs/resources/%s.md: %s default %q, the code uses %s", name, op, m[1], d)
			}
		}
	}
}

func TestDurationText(t *testing.T) {
	t.Parallel()
	for d, want := range map[time.Duration]string{45 * time.Minute: "45m", time.Hour: "1h", 90 * time.Minute: "1h30m", 30 * time.Second: "30s"} {
		if got := durationText(d); got != want {
			t.Errorf("durationText(%s) = %q, want %q", d, got, want)
		}
	}
}
