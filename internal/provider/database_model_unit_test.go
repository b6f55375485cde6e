package provider

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
)

func TestDatabasePropertyError(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		key, value string
		want       string // substring of the error; "" = valid
	}{
		{"database.replica.number", "1", ""},
		{"database.replica.number", "0", "at least 1"},
		{"database.replica.number", "2.5", "whole number"},
		{"database.max.collections", "0", ""},
		{"database.max.collections", "-1", "at least 0"},
		{"database.diskQuota.mb", "1024.5", ""},
		{"database.diskQuota.mb", "lots", "a number of at least 0"},
		{"database.force.deny.writing", "true", ""},
		{"database.force.deny.reading", "True", "true or false"},
		{"database.resource_groups", "rg1,rg2", ""},
		{"database.resource_groups", " ", "comma-separated"},
		{"database.replicas", "1", `"database.replicas" is not a database property`},
	} {
		got := databasePropertyError(tc.key, tc.value)
		if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
			t.Errorf("%s=%q: %q, want %q", tc.key, tc.value, got, tc.want)
		}
	}
}

func TestPropertyChanges(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name      string
		old, want map[string]string
		set       map[string]string
		drop      []string
	}{
		{"nothing", map[string]string{"a": "1"}, map[string]string{"a": "1"}, map[string]string{}, nil},
		{"add", map[string]string{}, map[string]string{"a": "1"}, map[string]string{"a": "1"}, nil},
		{"change", map[string]string{"a": "1"}, map[string]string{"a": "2"}, map[string]string{"a": "2"}, nil},
		{"remove", map[string]string{"b": "1", "a": "1"}, map[string]string{}, map[string]string{}, []string{"a", "b"}},
		{"mixed", map[string]string{"a": "1", "b": "1"}, map[string]string{"a": "3", "c": "1"}, map[string]string{"a": "3", "c": "1"}, []string{"b"}},
	} {
		set, drop := propertyChanges(tc.old, tc.want)
		if !reflect.DeepEqual(set, tc.set) || !reflect.DeepEqual(drop, tc.drop) {
			t.Errorf("%s: set %v drop %v, want %v %v", tc.name, set, drop, tc.set, tc.drop)
		}
	}
}

// databaseFromAPI tracks documented properties only, and keeps a null map
// null when nothing is set (so a configuration without properties never
// shows a diff).
func TestDatabaseFromAPI(t *testing.T) {
	t.Parallel()
	db := func(props map[string]string) *zilliz.Database {
		return &zilliz.Database{Name: "t", ID: 7, Properties: props}
	}
	empty, _ := types.MapValueFrom(context.Background(), types.StringType, map[string]string{})
	for _, tc := range []struct {
		name  string
		prior types.Map
		props map[string]string
		want  map[string]string // nil = null
	}{
		{"none, null stays null", types.MapNull(types.StringType), map[string]string{}, nil},
		{"none, empty stays empty", empty, map[string]string{}, map[string]string{}},
		{"server-only keys are not tracked", types.MapNull(types.StringType), map[string]string{"cipher.key": "x"}, nil},
		{"documented keys are", types.MapNull(types.StringType), map[string]string{"database.replica.number": "2", "cipher.key": "x"}, map[string]string{"database.replica.number": "2"}},
	} {
		m := databaseResourceModel{Properties: tc.prior}
		if d := databaseFromAPI(db(tc.props), "https://e:443", &m); d.HasError() {
			t.Fatal(d)
		}
		if m.ID.ValueString() != "https://e:443/databases/t" {
			t.Errorf("%s: id %s", tc.name, m.ID)
		}
		if tc.want == nil {
			if !m.Properties.IsNull() {
				t.Errorf("%s: properties %s, want null", tc.name, m.Properties)
			}
			continue
		}
		got := map[string]string{}
		m.Properties.ElementsAs(context.Background(), &got, false)
		if m.Properties.IsNull() || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: properties %s, want %v", tc.name, m.Properties, tc.want)
		}
	}
}

func TestDatabaseAndAliasIDs(t *testing.T) {
	t.Parallel()
	const ep = "https://in01-x.vectordb.zillizcloud.com:443"
	if e, n, err := parseDatabaseID(databaseID(ep+"/", "tenant_a")); err != nil || e != ep || n != "tenant_a" {
		t.Errorf("database id round trip: %s %s %v", e, n, err)
	}
	if e, d, n, err := parseAliasID(aliasID(ep, "tenant_a", "articles")); err != nil || e != ep || d != "tenant_a" || n != "articles" {
		t.Errorf("alias id round trip: %s %s %s %v", e, d, n, err)
	}
	for _, bad := range []string{"tenant_a", ep + "/databases/a/collections/c", ep + "/databases/", "in01-x/databases/a"} {
		if _, _, err := parseDatabaseID(bad); err == nil {
			t.Errorf("database id %q accepted", bad)
		}
	}
	for _, bad := range []string{"articles", ep + "/databases/a/collections/c", ep + "/databases/a/aliases/"} {
		if _, _, _, err := parseAliasID(bad); err == nil {
			t.Errorf("alias id %q accepted", bad)
		}
	}
}
