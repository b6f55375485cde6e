package provider

import "testing"

func TestParseCollectionID(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		id                 string
		endpoint, db, name string
		wantErr            bool
	}{
		{id: "https://in01-6183d6bac30f801.gcp-us-west1.vectordb.zillizcloud.com:443/databases/default/collections/articles",
			endpoint: "https://in01-6183d6bac30f801.gcp-us-west1.vectordb.zillizcloud.com:443", db: "default", name: "articles"},
		{id: "https://in05-bfee098389ca970.serverless.gcp-us-west1.cloud.zilliz.com/databases/db1/collections/_x1",
			endpoint: "https://in05-bfee098389ca970.serverless.gcp-us-west1.cloud.zilliz.com", db: "db1", name: "_x1"},
		{id: "http://127.0.0.1:41234/databases/default/collections/medium_articles",
			endpoint: "http://127.0.0.1:41234", db: "default", name: "medium_articles"},
		{id: "in01-6183d6bac30f801/default/articles", wantErr: true},
		{id: "https://host/databases/default/collections/", wantErr: true},
		{id: "https://host/databases/default/collections/a/b", wantErr: true},
		{id: "ftp://host/databases/default/collections/a", wantErr: true},
		{id: "", wantErr: true},
	} {
		t.Run(tc.id, func(t *testing.T) {
			t.Parallel()
			endpoint, db, name, err := parseCollectionID(tc.id)
			if tc.wantErr {
				if err == nil {
					t.Fatalf("want an error, got %q %q %q", endpoint, db, name)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if endpoint != tc.endpoint || db != tc.db || name != tc.name {
				t.Fatalf("got %q %q %q", endpoint, db, name)
			}
			if back := collectionID(endpoint, db, name); back != tc.id {
				t.Fatalf("round trip: %q", back)
			}
		})
	}
}
