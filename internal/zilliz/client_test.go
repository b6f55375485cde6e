package zilliz

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
)

// TestCalls checks every call's method, path, query, headers and body, and the
// typed value it returns.
func TestCalls(t *testing.T) {
	t.Parallel()
	const dpToken = "db_admin:Secret-pw-1"
	cluster := map[string]any{"clusterId": "in01-abc", "clusterName": "c1", "status": "RUNNING", "cuSize": 2, "labels": map[string]string{"env": "dev"}}
	wantCluster := &Cluster{ClusterID: "in01-abc", ClusterName: "c1", Status: "RUNNING", CUSize: 2, Labels: map[string]string{"env": "dev"}}
	action := map[string]any{"clusterId": "in01-abc", "prompt": "ok"}

	tests := []struct {
		name      string
		call      func(ctx context.Context, c *Client, dp *DataPlane) (any, error)
		data      any // the answer's data
		code      int // the answer's code (0 by default; v1 data plane uses 200)
		method    string
		path      string
		query     url.Values
		body      any // nil: the request must have no body
		token     string
		want      any
		wantNoErr bool
	}{
		{
			name: "create dedicated",
			call: func(ctx context.Context, c *Client, _ *DataPlane) (any, error) {
				return c.CreateCluster(ctx, CreateClusterRequest{Plan: "Standard", ClusterName: "c1", ProjectID: "proj-1", RegionID: "aws-us-west-2",
					CUType: "Performance-optimized", CUSize: 2, Replica: 1, Labels: map[string]string{"team": "a"}})
			},
			data:   map[string]any{"clusterId": "in01-abc", "username": "db_admin", "password": "pw", "prompt": "p"},
			method: "POST", path: "/v2/clusters/createDedicated",
			body: map[string]any{"clusterName": "c1", "projectId": "proj-1", "regionId": "aws-us-west-2", "plan": "Standard",
				"cuType": "Performance-optimized", "cuSize": 2, "replica": 1, "labels": map[string]string{"team": "a"}},
			want: &CreateClusterResponse{ClusterID: "in01-abc", Username: "db_admin", Password: "pw", Prompt: "p"},
		},
		{
			name: "create enterprise omits zero cu, replica and labels",
			call: func(ctx context.Context, c *Client, _ *DataPlane) (any, error) {
				return c.CreateCluster(ctx, CreateClusterRequest{Plan: "Enterprise", ClusterName: "c1", ProjectID: "proj-1", RegionID: "r", CUType: "Capacity-optimized"})
			},
			data:   map[string]any{"clusterId": "in01-abc"},
			method: "POST", path: "/v2/clusters/createDedicated",
			body: map[string]any{"clusterName": "c1", "projectId": "proj-1", "regionId": "r", "plan": "Enterprise", "cuType": "Capacity-optimized"},
			want: &CreateClusterResponse{ClusterID: "in01-abc"},
		},
		{
			name: "create serverless",
			call: func(ctx context.Context, c *Client, _ *DataPlane) (any, error) {
				return c.CreateCluster(ctx, CreateClusterRequest{Plan: "Serverless", ClusterName: "s1", ProjectID: "proj-1", RegionID: "gcp-us-west1",
					CUSize: 4, Labels: map[string]string{"k": "v"}})
			},
			data:   map[string]any{"clusterId": "in05-abc", "username": "db_abc", "password": "pw"},
			method: "POST", path: "/v2/clusters/createServerless",
			body: map[string]any{"clusterName": "s1", "projectId": "proj-1", "regionId": "gcp-us-west1", "labels": map[string]string{"k": "v"}},
			want: &CreateClusterResponse{ClusterID: "in05-abc", Username: "db_abc", Password: "pw"},
		},
		{
			name: "create free sends no labels",
			call: func(ctx context.Context, c *Client, _ *DataPlane) (any, error) {
				return c.CreateCluster(ctx, CreateClusterRequest{Plan: "Free", ClusterName: "f1", ProjectID: "proj-1", RegionID: "gcp-us-west1", Labels: map[string]string{"k": "v"}})
			},
			data:   map[string]any{"clusterId": "in03-abc"},
			method: "POST", path: "/v2/clusters/createFree",
			body: map[string]any{"clusterName": "f1", "projectId": "proj-1", "regionId": "gcp-us-west1"},
			want: &CreateClusterResponse{ClusterID: "in03-abc"},
		},
		{
			name: "describe",
			call: func(ctx context.Context, c *Client, _ *DataPlane) (any, error) {
				return c.DescribeCluster(ctx, "in01-abc")
			},
			data:   cluster,
			method: "GET", path: "/v2/clusters/in01-abc",
			want: wantCluster,
		},
		{
			name:   "list page",
			call:   func(ctx context.Context, c *Client, _ *DataPlane) (any, error) { return c.ListClusters(ctx, 10, 2) },
			data:   map[string]any{"count": 11, "currentPage": 2, "pageSize": 10, "clusters": []any{cluster}},
			method: "GET", path: "/v2/clusters", query: url.Values{"pageSize": {"10"}, "currentPage": {"2"}},
			want: &ClusterPage{Count: 11, CurrentPage: 2, PageSize: 10, Clusters: []Cluster{*wantCluster}},
		},
		{
			name: "modify cu",
			call: func(ctx context.Context, c *Client, _ *DataPlane) (any, error) {
				return nil, c.ModifyClusterCU(ctx, "in01-abc", 4)
			},
			data:   action,
			method: "POST", path: "/v2/clusters/in01-abc/modify", body: map[string]any{"cuSize": 4},
		},
		{
			name: "modify replica",
			call: func(ctx context.Context, c *Client, _ *DataPlane) (any, error) {
				return nil, c.ModifyClusterReplica(ctx, "in01-abc", 3)
			},
			data:   action,
			method: "POST", path: "/v2/clusters/in01-abc/modify", body: map[string]any{"replica": 3},
		},
		{
			name: "rename",
			call: func(ctx context.Context, c *Client, _ *DataPlane) (any, error) {
				return nil, c.RenameCluster(ctx, "in01-abc", "new-name")
			},
			data:   action,
			method: "POST", path: "/v2/clusters/in01-abc/modifyProperties", body: map[string]any{"clusterName": "new-name"},
		},
		{
			name: "get labels",
			call: func(ctx context.Context, c *Client, _ *DataPlane) (any, error) {
				return c.GetClusterLabels(ctx, "in01-abc")
			},
			data:   map[string]any{"labels": map[string]string{"a": "1", "b": "2"}},
			method: "GET", path: "/v2/clusters/in01-abc/labels",
			want: map[string]string{"a": "1", "b": "2"},
		},
		{
			name: "get labels when none",
			call: func(ctx context.Context, c *Client, _ *DataPlane) (any, error) {
				return c.GetClusterLabels(ctx, "in01-abc")
			},
			data:   map[string]any{},
			method: "GET", path: "/v2/clusters/in01-abc/labels",
			want: map[string]string{},
		},
		{
			name: "set labels",
			call: func(ctx context.Context, c *Client, _ *DataPlane) (any, error) {
				return nil, c.SetClusterLabels(ctx, "in01-abc", map[string]string{"a": "1"})
			},
			data:   action,
			method: "PUT", path: "/v2/clusters/in01-abc/labels", body: map[string]any{"labels": map[string]string{"a": "1"}},
		},
		{
			name: "set no labels sends an empty object",
			call: func(ctx context.Context, c *Client, _ *DataPlane) (any, error) {
				return nil, c.SetClusterLabels(ctx, "in01-abc", nil)
			},
			data:   action,
			method: "PUT", path: "/v2/clusters/in01-abc/labels", body: map[string]any{"labels": map[string]string{}},
		},
		{
			name: "suspend",
			call: func(ctx context.Context, c *Client, _ *DataPlane) (any, error) {
				return nil, c.SuspendCluster(ctx, "in01-abc")
			},
			data:   action,
			method: "POST", path: "/v2/clusters/in01-abc/suspend",
		},
		{
			name: "resume",
			call: func(ctx context.Context, c *Client, _ *DataPlane) (any, error) {
				return nil, c.ResumeCluster(ctx, "in01-abc")
			},
			data:   action,
			method: "POST", path: "/v2/clusters/in01-abc/resume",
		},
		{
			name: "drop",
			call: func(ctx context.Context, c *Client, _ *DataPlane) (any, error) {
				return nil, c.DropCluster(ctx, "in01-abc")
			},
			data:   action,
			method: "DELETE", path: "/v2/clusters/in01-abc/drop",
		},
		{
			name:   "list projects",
			call:   func(ctx context.Context, c *Client, _ *DataPlane) (any, error) { return c.ListProjects(ctx) },
			data:   []any{map[string]any{"projectId": "proj-1", "projectName": "p", "plan": "Enterprise", "instanceCount": 2, "createTime": "t"}},
			method: "GET", path: "/v2/projects",
			want: []Project{{ProjectID: "proj-1", ProjectName: "p", Plan: "Enterprise", InstanceCount: 2, CreateTime: "t"}},
		},
		{
			name:   "get project",
			call:   func(ctx context.Context, c *Client, _ *DataPlane) (any, error) { return c.GetProject(ctx, "proj-1") },
			data:   map[string]any{"projectId": "proj-1", "projectName": "p"},
			method: "GET", path: "/v2/projects/proj-1",
			want: &Project{ProjectID: "proj-1", ProjectName: "p"},
		},
		{
			name:   "list regions of a cloud",
			call:   func(ctx context.Context, c *Client, _ *DataPlane) (any, error) { return c.ListRegions(ctx, "gcp") },
			data:   []any{map[string]any{"cloudId": "gcp", "regionId": "gcp-us-west1", "domain": "d"}},
			method: "GET", path: "/v2/regions", query: url.Values{"cloudId": {"gcp"}},
			want: []Region{{CloudID: "gcp", RegionID: "gcp-us-west1", Domain: "d"}},
		},
		{
			name:   "list all regions",
			call:   func(ctx context.Context, c *Client, _ *DataPlane) (any, error) { return c.ListRegions(ctx, "") },
			data:   []any{},
			method: "GET", path: "/v2/regions",
			want: []Region{},
		},
		{
			name:   "list clouds",
			call:   func(ctx context.Context, c *Client, _ *DataPlane) (any, error) { return c.ListClouds(ctx) },
			data:   []any{map[string]any{"cloudId": "aws", "description": "Amazon Web Services"}},
			method: "GET", path: "/v2/clouds",
			want: []Cloud{{CloudID: "aws", Description: "Amazon Web Services"}},
		},
		{
			name: "create collection",
			call: func(ctx context.Context, _ *Client, dp *DataPlane) (any, error) {
				return nil, dp.CreateCollection(ctx, CreateCollectionRequest{CollectionName: "docs", Dimension: 768, MetricType: "COSINE",
					PrimaryField: "pk", VectorField: "emb", Description: "d"})
			},
			code: 200, data: map[string]any{},
			method: "POST", path: "/v1/vector/collections/create", token: dpToken,
			body: map[string]any{"dbName": "default", "collectionName": "docs", "dimension": 768, "metricType": "COSINE",
				"primaryField": "pk", "vectorField": "emb", "description": "d"},
		},
		{
			name: "create collection with defaults left to the server",
			call: func(ctx context.Context, _ *Client, dp *DataPlane) (any, error) {
				return nil, dp.CreateCollection(ctx, CreateCollectionRequest{Database: "db1", CollectionName: "docs", Dimension: 8})
			},
			code: 200, data: map[string]any{},
			method: "POST", path: "/v1/vector/collections/create", token: dpToken,
			body: map[string]any{"dbName": "db1", "collectionName": "docs", "dimension": 8},
		},
		{
			name: "describe collection",
			call: func(ctx context.Context, _ *Client, dp *DataPlane) (any, error) {
				return dp.DescribeCollection(ctx, "", "docs")
			},
			code: 200,
			data: map[string]any{"collectionName": "docs", "description": "", "enableDynamicField": true, "load": "LoadStateLoaded", "shardsNum": 1,
				"fields":  []any{map[string]any{"name": "id", "type": "Int64", "primaryKey": true, "autoId": true}},
				"indexes": []any{map[string]any{"fieldName": "vector", "indexName": "vector_idx", "metricType": "L2"}}},
			method: "GET", path: "/v1/vector/collections/describe", query: url.Values{"collectionName": {"docs"}, "dbName": {"default"}}, token: dpToken,
			want: &Collection{Name: "docs", Load: "LoadStateLoaded", EnableDynamicField: true, ShardsNum: 1,
				Fields:  []CollectionField{{Name: "id", Type: "Int64", PrimaryKey: true, AutoID: true}},
				Indexes: []CollectionIndex{{FieldName: "vector", IndexName: "vector_idx", MetricType: "L2"}}},
		},
		{
			name: "list collections",
			call: func(ctx context.Context, _ *Client, dp *DataPlane) (any, error) {
				return dp.ListCollections(ctx, "db1")
			},
			code:   200,
			data:   []string{"a", "b"},
			method: "GET", path: "/v1/vector/collections", query: url.Values{"dbName": {"db1"}}, token: dpToken,
			want: []string{"a", "b"},
		},
		{
			name: "drop collection",
			call: func(ctx context.Context, _ *Client, dp *DataPlane) (any, error) {
				return nil, dp.DropCollection(ctx, "", "docs")
			},
			code:   200,
			data:   map[string]any{},
			method: "POST", path: "/v1/vector/collections/drop", token: dpToken,
			body: map[string]any{"collectionName": "docs", "dbName": "default"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request, _ int) {
				if strings.HasSuffix(tc.path, "/create") && answerHas(w, r, false) {
					return // a collection create checks the name first
				}
				reply(w, 200, map[string]any{"code": tc.code, "data": tc.data})
			})
			c := newTestClient(t, fastConfig(rec.srv.URL+"/"))
			dp, err := c.DataPlane(rec.srv.URL+"/", dpToken)
			if err != nil {
				t.Fatal(err)
			}
			got, err := tc.call(t.Context(), c, dp)
			if err != nil {
				t.Fatalf("call: %v", err)
			}
			reqs := rec.requests()
			if strings.HasSuffix(tc.path, "/collections/create") {
				reqs = withoutHas(reqs)
			}
			if len(reqs) != 1 {
				t.Fatalf("got %d requests, want 1", len(reqs))
			}
			req := reqs[0]
			if req.Method != tc.method || req.Path != tc.path {
				t.Errorf("request = %s %s, want %s %s", req.Method, req.Path, tc.method, tc.path)
			}
			gotQuery, _ := url.ParseQuery(req.RawQuery)
			if len(gotQuery) != 0 || len(tc.query) != 0 {
				if !reflect.DeepEqual(gotQuery, tc.query) {
					t.Errorf("query = %v, want %v", gotQuery, tc.query)
				}
			}
			token := testKey
			if tc.token != "" {
				token = tc.token
			}
			if got := req.Header.Get("Authorization"); got != "Bearer "+token {
				t.Errorf("Authorization = %q, want Bearer %s", got, token)
			}
			if got := req.Header.Get("User-Agent"); got != "zilliz-test/1.0" {
				t.Errorf("User-Agent = %q", got)
			}
			if got := req.Header.Get("Accept"); got != "application/json" {
				t.Errorf("Accept = %q", got)
			}
			ct := req.Header.Get("Content-Type")
			if tc.body == nil {
				if len(req.Body) != 0 || ct != "" {
					t.Errorf("want no body and no Content-Type, got body %q, Content-Type %q", req.Body, ct)
				}
			} else {
				if ct != "application/json" {
					t.Errorf("Content-Type = %q, want application/json", ct)
				}
				jsonEqual(t, req.Body, tc.body)
			}
			if tc.want != nil && !reflect.DeepEqual(got, tc.want) {
				t.Errorf("result = %#v\nwant     %#v", got, tc.want)
			}
		})
	}
}

func TestDefaultUserAgentAndBaseURL(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, _ int) { ok(w, []any{}) })
	cfg := fastConfig(rec.srv.URL)
	cfg.UserAgent = ""
	c := newTestClient(t, cfg)
	if _, err := c.ListClouds(t.Context()); err != nil {
		t.Fatal(err)
	}
	if ua := rec.requests()[0].Header.Get("User-Agent"); ua != "terraform-provider-zilliz/dev" {
		t.Errorf("User-Agent = %q", ua)
	}

	d, err := NewClient(Config{})
	if err != nil {
		t.Fatal(err)
	}
	if d.baseURL != DefaultBaseURL {
		t.Errorf("base URL = %q, want %q", d.baseURL, DefaultBaseURL)
	}
	if _, err := NewClient(Config{BaseURL: "http://example.com"}); err == nil {
		t.Error("NewClient accepted plain http to a remote host")
	}
}

func TestNoAPIKey(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, _ int) { ok(w, nil) })
	cfg := fastConfig(rec.srv.URL)
	cfg.APIKey = ""
	c, err := NewClient(cfg)
	if err != nil {
		t.Fatalf("NewClient without a key must succeed: %v", err)
	}
	if _, err := c.ListProjects(t.Context()); !errors.Is(err, ErrNoAPIKey) {
		t.Errorf("ListProjects error = %v, want ErrNoAPIKey", err)
	}
	if !strings.Contains(ErrNoAPIKey.Error(), "api_key") || !strings.Contains(ErrNoAPIKey.Error(), "ZILLIZ_API_KEY") {
		t.Errorf("ErrNoAPIKey does not say what to set: %q", ErrNoAPIKey)
	}
	dp, err := c.DataPlane(rec.srv.URL, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := dp.ListCollections(t.Context(), ""); !errors.Is(err, ErrNoAPIKey) {
		t.Errorf("ListCollections error = %v, want ErrNoAPIKey", err)
	}
	// With a token the data plane works without an API key.
	dp, _ = c.DataPlane(rec.srv.URL, "user:pw")
	if _, err := dp.ListCollections(t.Context(), ""); err != nil {
		t.Errorf("ListCollections with a token: %v", err)
	}
	if n := rec.count(); n != 1 {
		t.Errorf("server saw %d requests, want 1 (the keyless calls must not be sent)", n)
	}
}

func TestDataPlaneEndpoint(t *testing.T) {
	t.Parallel()
	c := newTestClient(t, fastConfig("http://127.0.0.1:1"))
	tests := []struct {
		endpoint string
		want     string
		wantErr  string
	}{
		{"https://in01-x.gcp-us-west1.vectordb.zillizcloud.com:443/", "https://in01-x.gcp-us-west1.vectordb.zillizcloud.com:443", ""},
		{"https://in05-x.serverless.gcp-us-west1.cloud.zilliz.com", "https://in05-x.serverless.gcp-us-west1.cloud.zilliz.com", ""},
		{"http://127.0.0.1:4567//", "http://127.0.0.1:4567", ""},
		{"http://in01-x.example.com", "", "plain http:// is allowed only for loopback hosts"},
		{"in01-x.example.com", "", "https://"},
	}
	for _, tc := range tests {
		t.Run(tc.endpoint, func(t *testing.T) {
			t.Parallel()
			dp, err := c.DataPlane(tc.endpoint, "")
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("error = %v, want it to contain %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if dp.Endpoint() != tc.want {
				t.Errorf("Endpoint() = %q, want %q", dp.Endpoint(), tc.want)
			}
		})
	}
}

// TestEnvelope covers answers that are not the plain success envelope.
func TestEnvelope(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", 500)
	tests := []struct {
		name     string
		status   int
		body     string
		headers  []string
		wantErr  bool
		wantHTTP int
		wantCode int
		wantMsg  string
		wantRID  string
	}{
		{name: "code 0", status: 200, body: `{"code":0,"data":[]}`},
		{name: "code 200 (v1)", status: 200, body: `{"code":200,"data":[]}`},
		{name: "code as string", status: 200, body: `{"code":"0","data":[]}`},
		{name: "business error with HTTP 200", status: 200, body: `{"code":40013,"message":"The specified cluster name already exists."}`,
			headers: []string{"requestid", "rid-1"}, wantErr: true, wantHTTP: 200, wantCode: 40013, wantMsg: "The specified cluster name already exists.", wantRID: "rid-1"},
		{name: "401 JSON", status: 401, body: `{"code":21119,"message":"The apikey is illegal"}`, headers: []string{"X-Request-Id", "rid-2"},
			wantErr: true, wantHTTP: 401, wantCode: 21119, wantMsg: "The apikey is illegal", wantRID: "rid-2"},
		{name: "404 non-envelope JSON", status: 404, body: `{"error":"cluster not found"}`, wantErr: true, wantHTTP: 404, wantMsg: "cluster not found"},
		{name: "502 HTML", status: 502, body: "<html>Bad Gateway</html>", wantErr: true, wantHTTP: 502, wantMsg: "<html>Bad Gateway</html>"},
		{name: "long non-JSON body is cut at 200 bytes", status: 400, body: long, wantErr: true, wantHTTP: 400, wantMsg: long[:200]},
		{name: "200 without code", status: 200, body: `{"data":[]}`, wantErr: true, wantHTTP: 200, wantMsg: `response has no code field: {"data":[]}`},
		{name: "200 non-JSON", status: 200, body: `hello`, wantErr: true, wantHTTP: 200, wantMsg: "unexpected non-JSON response: hello"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
				for i := 0; i+1 < len(tc.headers); i += 2 {
					w.Header().Set(tc.headers[i], tc.headers[i+1])
				}
				w.WriteHeader(tc.status)
				_, _ = w.Write([]byte(tc.body))
			})
			cfg := fastConfig(rec.srv.URL)
			cfg.MaxRetries = -1 // the 502 would otherwise be retried
			c := newTestClient(t, cfg)
			_, err := c.ListProjects(t.Context())
			if !tc.wantErr {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			var ae *APIError
			if !errors.As(err, &ae) {
				t.Fatalf("error %v (%T) is not an *APIError", err, err)
			}
			want := APIError{HTTPStatus: tc.wantHTTP, Code: tc.wantCode, Message: tc.wantMsg, RequestID: tc.wantRID, Method: "GET", Path: "/v2/projects",
				Endpoint: rec.srv.URL, ControlPlane: true}
			if *ae != want {
				t.Errorf("APIError = %+v\nwant       %+v", *ae, want)
			}
		})
	}
}

func TestDecodeErrorOfMalformedData(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		reply(w, 200, `{"code":0,"data":{"clusterId":42}}`)
	})
	c := newTestClient(t, fastConfig(rec.srv.URL))
	_, err := c.DescribeCluster(t.Context(), "in01-x")
	var de *decodeError
	if !errors.As(err, &de) || !strings.Contains(err.Error(), "GET /v2/clusters/in01-x: decoding response data") {
		t.Errorf("error = %v, want a decode error naming the call", err)
	}
}

func TestEmptyIDsAreRefused(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, _ int) { ok(w, nil) })
	c := newTestClient(t, fastConfig(rec.srv.URL))
	dp, _ := c.DataPlane(rec.srv.URL, "")
	ctx := t.Context()
	calls := map[string]func() error{
		"describe":            func() error { _, err := c.DescribeCluster(ctx, ""); return err },
		"drop":                func() error { return c.DropCluster(ctx, " ") },
		"labels":              func() error { _, err := c.GetClusterLabels(ctx, ""); return err },
		"project":             func() error { _, err := c.GetProject(ctx, ""); return err },
		"wait":                func() error { _, err := c.WaitForClusterStatus(ctx, "", WaitOptions{}, "RUNNING"); return err },
		"describe collection": func() error { _, err := dp.DescribeCollection(ctx, "", ""); return err },
		"drop collection":     func() error { return dp.DropCollection(ctx, "", "") },
		"create collection":   func() error { return dp.CreateCollection(ctx, CreateCollectionRequest{Dimension: 2}) },
		"create cluster":      func() error { _, err := c.CreateCluster(ctx, CreateClusterRequest{Plan: "Free"}); return err },
		"unknown plan": func() error {
			_, err := c.CreateCluster(ctx, CreateClusterRequest{Plan: "Basic", ClusterName: "x"})
			return err
		},
	}
	for name, call := range calls {
		if err := call(); err == nil {
			t.Errorf("%s: want an error", name)
		}
	}
	if n := rec.count(); n != 0 {
		t.Errorf("server saw %d requests, want 0", n)
	}
}
