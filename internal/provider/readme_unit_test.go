package provider

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/provider"
)

// The README's provider table lists every provider attribute with its
// environment variable and default, so it cannot fall behind the schema.
func TestReadmeProviderTable(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	var resp provider.SchemaResponse
	(&zillizProvider{}).Schema(context.Background(), provider.SchemaRequest{}, &resp)
	want := map[string]struct{ env, def string }{
		"api_key":                 {envAPIKey, "none"},
		"base_url":                {envBaseURL, "https://api.cloud.zilliz.com"},
		"max_requests_per_second": {envRequestsPerSec, "none"},
		"max_retries":             {envMaxRetries, fmt.Sprint(defaultMaxRetries)},
		"request_timeout":         {envRequestTimeout, defaultRequestTimeout.String()},
	}
	for _, s := range pacingSettings {
		want[s.attr] = struct{ env, def string }{s.env, fmt.Sprint(s.def)}
	}
	for name := range resp.Schema.Attributes {
		w, ok := want[name]
		if !ok {
			t.Errorf("provider attribute %s: add it to the README's provider table and to this test", name)
			continue
		}
		row := regexp.MustCompile("(?m)^\\| `" + name + "`.*$").FindString(readme)
		if row == "" {
			t.Errorf("README's provider table has no row for %s", name)
			continue
		}
		if !strings.Contains(row, "`"+w.env+"`") || !strings.Contains(row, w.def) {
			t.Errorf("README row %q: want env %s and default %s", row, w.env, w.def)
		}
	}
	if len(resp.Schema.Attributes) != len(want) {
		t.Errorf("provider has %d attributes, the table test knows %d", len(resp.Schema.Attributes), len(want))
	}
}
