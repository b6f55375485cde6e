package zillizmock

import (
	"net/http"
	"slices"
	"testing"
)

// TestAliasTargets: every change of an alias's target is recorded in order
// (create, alter, rename of its collection, drop, out-of-band changes); an
// identical create or a refused change records nothing.
func TestAliasTargets(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	c := newV2Client(t, s, "alias-history")
	id := clusterOf(t, s, c)
	for _, name := range []string{"v1", "v2"} {
		wantCode(t, c.post("create", map[string]any{"collectionName": name, "dimension": 4}), http.StatusOK, codeV2OK)
	}
	want := func(step string, targets ...string) {
		t.Helper()
		if got := s.AliasTargets(id, "", "a"); !slices.Equal(got, targets) {
			t.Fatalf("after %s: targets %q, want %q", step, got, targets)
		}
	}
	want("nothing")
	wantCode(t, c.vdb("aliases/create", map[string]any{"collectionName": "v1", "aliasName": "a"}), http.StatusOK, codeV2OK)
	wantCode(t, c.vdb("aliases/create", map[string]any{"collectionName": "v1", "aliasName": "a"}), http.StatusOK, codeV2OK)
	want("create, twice", "v1")
	wantCode(t, c.vdb("aliases/alter", map[string]any{"collectionName": "nope", "aliasName": "a"}), http.StatusOK, codeCollectionNotFound)
	wantCode(t, c.vdb("aliases/alter", map[string]any{"collectionName": "v2", "aliasName": "a"}), http.StatusOK, codeV2OK)
	want("a refused alter, then an alter", "v1", "v2")
	wantCode(t, c.post("rename", map[string]any{"collectionName": "v2", "newCollectionName": "v3"}), http.StatusOK, codeV2OK)
	want("a rename of its collection", "v1", "v2", "v3")
	wantCode(t, c.vdb("aliases/drop", map[string]any{"aliasName": "a"}), http.StatusOK, codeV2OK)
	want("drop", "v1", "v2", "v3", "")
	if err := s.SetAliasNow(id, "default", "a", "v1"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetAliasNow(id, "default", "a", ""); err != nil {
		t.Fatal(err)
	}
	want("out-of-band set and drop", "v1", "v2", "v3", "", "v1", "")
	if got := s.AliasTargets(id, "default", "other"); len(got) != 0 {
		t.Errorf("an alias never made has targets %q", got)
	}
}
