package provider

import (
	"fmt"
	"regexp"
	"strings"
)

// A collection's id (and import id) is its endpoint, database and name in one URL:
// https://in01-….vectordb.zillizcloud.com:443/databases/default/collections/articles.
// The endpoint keeps its scheme, so http:// endpoints (a local mock) work too.
var collectionIDRegexp = regexp.MustCompile(`^(https?://[^/\s]+)/databases/([^/\s]+)/collections/([^/\s]+)$`)

func collectionID(endpoint, database, name string) string {
	return strings.TrimRight(endpoint, "/") + "/databases/" + database + "/collections/" + name
}

// parseCollectionID splits an id made by collectionID.
func parseCollectionID(id string) (endpoint, database, name string, err error) {
	m := collectionIDRegexp.FindStringSubmatch(id)
	if m == nil {
		return "", "", "", fmt.Errorf("%q is not a collection id. Use <cluster endpoint>/databases/<database>/collections/<name>, "+
			"for example https://in01-6183d6bac30f801.gcp-us-west1.vectordb.zillizcloud.com:443/databases/default/collections/articles", id)
	}
	return m[1], m[2], m[3], nil
}
