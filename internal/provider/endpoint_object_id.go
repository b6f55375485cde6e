package provider

import (
	"fmt"
	"regexp"
	"strings"
)

// Objects on a cluster endpoint (collections, databases, aliases, roles,
// users, partitions) have ids of one shape: the endpoint, then pairs of a
// kind and a name, e.g.
// https://in01-….vectordb.zillizcloud.com:443/databases/default/collections/articles.
// The endpoint keeps its scheme, so http:// endpoints (a local mock) work too.
// Each kind's form is an endpointIDForm; its id and parse are each other's
// inverse, and a bad import id gets a message showing the form.
type endpointIDForm struct {
	what     string   // "a collection"
	kinds    []string // path segments before each name: "databases", "collections"
	names    []string // the placeholders shown in the message: "database", "name"
	example  string   // the names of an example id, joined by the kinds
	validate *regexp.Regexp
}

var (
	databaseIDForm   = newEndpointIDForm("a database", []string{"databases"}, []string{"name"}, "tenant_a")
	collectionIDForm = newEndpointIDForm("a collection", []string{"databases", "collections"}, []string{"database", "name"}, "default", "articles")
	aliasIDForm      = newEndpointIDForm("an alias", []string{"databases", "aliases"}, []string{"database", "name"}, "default", "articles")
	partitionIDForm  = newEndpointIDForm("a partition", []string{"databases", "collections", "partitions"},
		[]string{"database", "collection", "name"}, "default", "articles", "tenant_a")
	clusterRoleIDForm = newEndpointIDForm("a cluster role", []string{"roles"}, []string{"name"}, "app_reader")
	clusterUserIDForm = newEndpointIDForm("a cluster user", []string{"users"}, []string{"name"}, "app")
)

func newEndpointIDForm(what string, kinds, names []string, example ...string) endpointIDForm {
	pattern := `^(https?://[^/\s]+)`
	for _, k := range kinds {
		pattern += "/" + regexp.QuoteMeta(k) + `/([^/\s]+)`
	}
	return endpointIDForm{what: what, kinds: kinds, names: names, example: strings.Join(example, "\x00"), validate: regexp.MustCompile(pattern + "$")}
}

// id is the id of the object with these names (one per kind) on endpoint.
func (f endpointIDForm) id(endpoint string, names ...string) string {
	id := strings.TrimRight(endpoint, "/")
	for i, k := range f.kinds {
		id += "/" + k + "/" + names[i]
	}
	return id
}

// parse splits an id made by id into the endpoint and the names.
func (f endpointIDForm) parse(id string) (endpoint string, names []string, err error) {
	m := f.validate.FindStringSubmatch(id)
	if m == nil {
		form := make([]string, len(f.kinds))
		for i, name := range f.names {
			form[i] = "<" + name + ">"
		}
		return "", nil, fmt.Errorf("%q is not %s id. Use %s, for example %s", id, f.what,
			f.id("<cluster endpoint>", form...),
			f.id("https://in01-6183d6bac30f801.gcp-us-west1.vectordb.zillizcloud.com:443", strings.Split(f.example, "\x00")...))
	}
	return m[1], m[2:], nil
}

func collectionID(endpoint, database, name string) string {
	return collectionIDForm.id(endpoint, database, name)
}

// parseCollectionID splits an id made by collectionID.
func parseCollectionID(id string) (endpoint, database, name string, err error) {
	endpoint, n, err := collectionIDForm.parse(id)
	if err != nil {
		return "", "", "", err
	}
	return endpoint, n[0], n[1], nil
}
