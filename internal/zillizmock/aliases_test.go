package zillizmock

import (
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestAliases(t *testing.T) {
	s := newTestServer(t, nil)
	c := newV2Client(t, s, "aliases")
	id := clusterOf(t, s, c)
	for _, name := range []string{"articles_v1", "articles_v2"} {
		wantCode(t, c.post("create", map[string]any{"collectionName": name, "dimension": 4}), http.StatusOK, codeV2OK)
	}

	wantCode(t, c.vdb("aliases/create", map[string]any{"collectionName": "articles_v1", "aliasName": "articles"}), http.StatusOK, codeV2OK)
	// The same alias of the same collection again is no error.
	wantCode(t, c.vdb("aliases/create", map[string]any{"collectionName": "articles_v1", "aliasName": "articles"}), http.StatusOK, codeV2OK)

	describeAlias := func() aliasDescribe {
		t.Helper()
		r := c.vdb("aliases/describe", map[string]any{"aliasName": "articles"})
		wantCode(t, r, http.StatusOK, codeV2OK)
		return decodeData[aliasDescribe](t, r)
	}
	if got := describeAlias(); got != (aliasDescribe{DBName: "default", CollectionName: "articles_v1", AliasName: "articles"}) {
		t.Fatalf("describe = %+v", got)
	}
	if got := c.describe("articles_v1").Aliases; !slices.Equal(got, []string{"articles"}) {
		t.Fatalf("collection describe aliases = %v", got)
	}

	// A collection that still has aliases cannot be dropped, by v1 or v2.
	r := c.post("drop", map[string]any{"collectionName": "articles_v1"})
	wantCode(t, r, http.StatusOK, codeUnexpected)
	if !strings.Contains(r.Message, "unable to drop the collection [articles_v1] because it has associated aliases [articles]") {
		t.Fatalf("drop message = %q", r.Message)
	}
	r = call(t, http.MethodPost, c.ep+"/v1/vector/collections/drop", c.key, map[string]any{"collectionName": "articles_v1"})
	wantCode(t, r, http.StatusOK, codeUnexpected)
	if err := s.DropCollectionNow(id, "default", "articles_v1"); err == nil {
		t.Fatal("DropCollectionNow of an aliased collection gave no error")
	}

	// alter retargets in place.
	wantCode(t, c.vdb("aliases/alter", map[string]any{"collectionName": "articles_v2", "aliasName": "articles"}), http.StatusOK, codeV2OK)
	if got := describeAlias(); got.CollectionName != "articles_v2" {
		t.Fatalf("after alter: %+v", got)
	}
	if got := c.describe("articles_v1").Aliases; len(got) != 0 {
		t.Fatalf("old collection still lists %v", got)
	}
	wantCode(t, c.post("drop", map[string]any{"collectionName": "articles_v1"}), http.StatusOK, codeV2OK)

	// list: all of a database, or one collection's.
	wantCode(t, c.vdb("aliases/create", map[string]any{"collectionName": "articles_v2", "aliasName": "latest"}), http.StatusOK, codeV2OK)
	r = c.vdb("aliases/list", map[string]any{})
	wantCode(t, r, http.StatusOK, codeV2OK)
	if got := decodeData[[]string](t, r); !slices.Equal(got, []string{"articles", "latest"}) {
		t.Fatalf("list = %v", got)
	}
	r = c.vdb("aliases/list", map[string]any{"collectionName": "articles_v2"})
	if got := decodeData[[]string](t, r); !slices.Equal(got, []string{"articles", "latest"}) {
		t.Fatalf("list of articles_v2 = %v", got)
	}
	wantCode(t, c.vdb("aliases/list", map[string]any{"collectionName": "nope"}), http.StatusOK, codeCollectionNotFound)

	// drop; then describe and drop say 1600.
	wantCode(t, c.vdb("aliases/drop", map[string]any{"aliasName": "latest"}), http.StatusOK, codeV2OK)
	wantCode(t, c.vdb("aliases/drop", map[string]any{"aliasName": "latest"}), http.StatusOK, codeAliasNotFound)
	wantCode(t, c.vdb("aliases/describe", map[string]any{"aliasName": "latest"}), http.StatusOK, codeAliasNotFound)
	if got := s.Aliases(id, "default"); !reflect.DeepEqual(got, map[string]string{"articles": "articles_v2"}) {
		t.Fatalf("Aliases = %v", got)
	}
}

func TestAliasErrors(t *testing.T) {
	s := newTestServer(t, nil)
	c := newV2Client(t, s, "aliaserr")
	for _, name := range []string{"a", "b"} {
		wantCode(t, c.post("create", map[string]any{"collectionName": name, "dimension": 4}), http.StatusOK, codeV2OK)
	}
	wantCode(t, c.vdb("aliases/create", map[string]any{"collectionName": "a", "aliasName": "x"}), http.StatusOK, codeV2OK)
	for _, tc := range []struct {
		name, route string
		body        map[string]any
		code        int
		msg         string
	}{
		{"missing alias name", "aliases/create", map[string]any{"collectionName": "a"}, codeMissingParameters, "AliasName"},
		{"missing collection name", "aliases/alter", map[string]any{"aliasName": "x"}, codeMissingParameters, "CollectionName"},
		{"collection name clash", "aliases/create", map[string]any{"collectionName": "a", "aliasName": "b"}, codeAliasCollectionClash, "alias and collection name conflict"},
		{"missing collection", "aliases/create", map[string]any{"collectionName": "nope", "aliasName": "y"}, codeCollectionNotFound, "collection not found[database=default][collection=nope]"},
		{"alias of another collection", "aliases/create", map[string]any{"collectionName": "b", "aliasName": "x"}, codeAliasAlreadyExists, "x is alias to another collection: a"},
		{"bad first character", "aliases/create", map[string]any{"collectionName": "a", "aliasName": "9x"}, codeInvalidParameter, "the first character of a collection alias must be an underscore or letter"},
		{"bad character", "aliases/create", map[string]any{"collectionName": "a", "aliasName": "x-y"}, codeInvalidParameter, "collection alias can only contain numbers, letters and underscores"},
		{"too long", "aliases/create", map[string]any{"collectionName": "a", "aliasName": strings.Repeat("x", 256)}, codeInvalidParameter, "must be less than 255 characters"},
		{"alter missing alias", "aliases/alter", map[string]any{"collectionName": "b", "aliasName": "nope"}, codeAliasNotFound, "alias not found[database=default][alias=nope]"},
		{"alter to missing collection", "aliases/alter", map[string]any{"collectionName": "nope", "aliasName": "x"}, codeCollectionNotFound, "collection not found"},
		{"unknown database", "aliases/create", map[string]any{"dbName": "nodb", "collectionName": "a", "aliasName": "z"}, codeDatabaseNotFound, "database not found[database=nodb]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := c.vdb(tc.route, tc.body)
			wantCode(t, r, http.StatusOK, tc.code)
			if !strings.Contains(r.Message, tc.msg) {
				t.Errorf("message %q does not contain %q", r.Message, tc.msg)
			}
		})
	}
}

// Aliases belong to a database: the same alias name may exist in two.
func TestAliasesPerDatabase(t *testing.T) {
	s := newTestServer(t, nil)
	c := newV2Client(t, s, "aliasdb")
	id := clusterOf(t, s, c)
	wantCode(t, c.vdb("databases/create", map[string]any{"dbName": "t"}), http.StatusOK, codeV2OK)
	for _, db := range []string{"default", "t"} {
		wantCode(t, c.post("create", map[string]any{"dbName": db, "collectionName": "c_" + db, "dimension": 4}), http.StatusOK, codeV2OK)
		wantCode(t, c.vdb("aliases/create", map[string]any{"dbName": db, "collectionName": "c_" + db, "aliasName": "live"}), http.StatusOK, codeV2OK)
	}
	if got := s.Aliases(id, "t"); !reflect.DeepEqual(got, map[string]string{"live": "c_t"}) {
		t.Fatalf("Aliases(t) = %v", got)
	}
	if err := s.SetAliasNow(id, "t", "live", ""); err != nil {
		t.Fatal(err)
	}
	if got := s.Aliases(id, "default"); !reflect.DeepEqual(got, map[string]string{"live": "c_default"}) {
		t.Fatalf("Aliases(default) = %v", got)
	}
}
