package zilliz

import (
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// recordedDir holds real Zilliz Cloud answers (see its README.md). It sits beside
// the repository, so the test skips, saying so, where it is absent.
// ZILLIZ_RECORDED_API names it elsewhere (a git worktree sits one level deeper).
var recordedDir = func() string {
	if d := os.Getenv("ZILLIZ_RECORDED_API"); d != "" {
		return d
	}
	return "../../../shared/recorded-api"
}()

type recordedFile struct {
	HTTPStatus int             `json:"http_status"`
	Body       json.RawMessage `json:"body"`
}

// TestRecordedResponses decodes every recorded real answer with the call that
// produced it and checks the typed result field by field.
func TestRecordedResponses(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob(filepath.Join(recordedDir, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if _, statErr := os.Stat(recordedDir); errors.Is(statErr, os.ErrNotExist) {
		t.Skipf("recorded answers not found at %s (the shared directory beside the repository); skipping", recordedDir)
	}
	if len(files) == 0 {
		t.Fatalf("no recorded answers in %s", recordedDir)
	}

	const createPrompt = "Successfully submitted, cluster is being created."
	dedicated := Cluster{
		ClusterID: "in01-6183d6bac30f801", ClusterName: "a-standard-type-cluster", ProjectID: "proj-89bf4a83cfe2c8a4f03482",
		Description: "pre create instance", RegionID: "gcp-us-west1", CUType: "Performance-optimized", Plan: "Standard",
		Status: "RUNNING", ConnectAddress: "https://in01-6183d6bac30f801.gcp-us-west1.vectordb.zillizcloud.com:443",
		CreateTime: "2025-02-09T10:57:13Z", CUSize: 1, CreateProgress: 100,
	}
	scaled := dedicated
	scaled.CUSize = 2
	free := Cluster{
		ClusterID: "in03-fc01449d8a58b23", ClusterName: "a-starter-type-cluster", ProjectID: "proj-89bf4a83cfe2c8a4f03482",
		RegionID: "gcp-us-west1", Plan: "Serverless", Status: "RUNNING",
		ConnectAddress: "https://in03-fc01449d8a58b23.serverless.gcp-us-west1.cloud.zilliz.com",
		CreateTime:     "2025-02-09T11:18:00Z", CreateProgress: 100,
	}
	serverless := free
	serverless.ClusterID = "in05-bfee098389ca970"
	serverless.ConnectAddress = "https://in05-bfee098389ca970.serverless.gcp-us-west1.cloud.zilliz.com"
	serverless.CreateTime = "2025-02-09T11:14:00Z"

	describe := func(want Cluster) func(*testing.T, *Client) {
		return func(t *testing.T, c *Client) {
			got, err := c.DescribeCluster(t.Context(), want.ClusterID)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(*got, want) {
				t.Errorf("cluster = %+v\nwant      %+v", *got, want)
			}
		}
	}
	create := func(plan, id, user, password string) func(*testing.T, *Client) {
		return func(t *testing.T, c *Client) {
			got, err := c.CreateCluster(t.Context(), CreateClusterRequest{Plan: plan, ClusterName: "a", ProjectID: "proj-1", RegionID: "gcp-us-west1"})
			if err != nil {
				t.Fatal(err)
			}
			if got.ClusterID != id || got.Username != user || got.Password != password || !strings.HasPrefix(got.Prompt, createPrompt) {
				t.Errorf("create = %+v", *got)
			}
		}
	}
	drop := func(id string) func(*testing.T, *Client) {
		return func(t *testing.T, c *Client) {
			if err := c.DropCluster(t.Context(), id); err != nil {
				t.Fatal(err)
			}
		}
	}
	duplicate := func(plan string) func(*testing.T, *Client) {
		return func(t *testing.T, c *Client) {
			_, err := c.CreateCluster(t.Context(), CreateClusterRequest{Plan: plan, ClusterName: "a", ProjectID: "proj-1", RegionID: "gcp-us-west1"})
			var ae *APIError
			if !errors.As(err, &ae) {
				t.Fatalf("error = %v, want *APIError", err)
			}
			want := APIError{HTTPStatus: 200, Code: 40013, Message: "The specified cluster name already exists.", Method: "POST", Path: ae.Path}
			if *ae != want || !strings.HasPrefix(ae.Path, "/v2/clusters/create") {
				t.Errorf("APIError = %+v, want %+v", *ae, want)
			}
			if !IsAlreadyExists(err) || IsNotFound(err) || IsUnauthorized(err) || IsUnavailable(err) {
				t.Errorf("classification of %v is wrong", err)
			}
		}
	}
	regions := func(cloud string, n int, first string) func(*testing.T, *Client) {
		return func(t *testing.T, c *Client) {
			got, err := c.ListRegions(t.Context(), cloud)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != n || got[0] != (Region{CloudID: cloud, RegionID: first, Domain: "api.cloud.zilliz.com"}) {
				t.Errorf("regions = %+v", got)
			}
			for _, r := range got {
				if r.CloudID != cloud || !strings.Contains(r.RegionID, "-") {
					t.Errorf("region %+v", r)
				}
			}
		}
	}

	checks := map[string]func(*testing.T, *Client){
		"Cluster__CreateCluster.json":              create("Standard", "in01-6183d6bac30f801", "db_admin", "Ow5)R;Uu7q(aK(LN"),
		"Cluster__DeleteCluster.json":              drop("in01-6183d6bac30f801"),
		"Cluster__DescribeCluster.json":            describe(dedicated),
		"Cluster__duplicately_create_cluster.json": duplicate("Standard"),
		"Cluster__scale_up_cluster.json":           describe(scaled),
		"CreateProject__CreateProject.json": func(t *testing.T, c *Client) {
			id, adopted, err := c.CreateProject(t.Context(), CreateProjectRequest{ProjectName: "test-project", Plan: "Standard"})
			if err != nil || adopted || id != "proj-d4477e7af43bbeb44594d9" {
				t.Errorf("CreateProject = %q, %v, %v", id, adopted, err)
			}
		},
		"FreeCluster__DeleteCluster.json":              drop("in03-fc01449d8a58b23"),
		"FreeCluster__DescribeCluster.json":            describe(free),
		"FreeCluster__create_free_cluster.json":        create("Free", "in03-fc01449d8a58b23", "db_fc01449d8a58b23", "Xn0(1,8kgp4;VA;X"),
		"FreeCluster__duplicately_create_cluster.json": duplicate("Free"),
		"GetProjectById__GetProjectById.json": func(t *testing.T, c *Client) {
			got, err := c.GetProject(t.Context(), "proj-d4477e7af43bbeb44594d9")
			if err != nil {
				t.Fatal(err)
			}
			want := Project{ProjectID: "proj-d4477e7af43bbeb44594d9", ProjectName: "test-project", Plan: "Standard", CreateTime: "2025-11-05T06:39:17Z"}
			if !reflect.DeepEqual(*got, want) {
				t.Errorf("project = %+v, want %+v", *got, want)
			}
		},
		"ListCloudProviders__ListCloudProviders.json": func(t *testing.T, c *Client) {
			got, err := c.ListClouds(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			want := []Cloud{{"aws", "Amazon Web Services"}, {"gcp", "Google Cloud Platform"}, {"azure", "Microsoft Azure"}}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("clouds = %+v", got)
			}
		},
		"ListCloudRegions__ListCloudRegions_via_aws.json":   regions("aws", 6, "aws-ap-northeast-1"),
		"ListCloudRegions__ListCloudRegions_via_azure.json": regions("azure", 3, "az-germanywestcentral"),
		"ListCloudRegions__ListCloudRegions_via_gcp.json":   regions("gcp", 5, "gcp-europe-west3"),
		"ListProject__ListProjects.json": func(t *testing.T, c *Client) {
			got, err := c.ListProjects(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 6 {
				t.Fatalf("got %d projects, want 6", len(got))
			}
			first := Project{ProjectID: "proj-77e7a5474cff4fcf457fbe", ProjectName: "project-05", Plan: "Enterprise", CreateTime: "2025-11-05T07:05:59Z"}
			last := Project{ProjectID: "proj-ebc5ac7f430702aec8c57b", ProjectName: "Default Project", Plan: "Enterprise", CreateTime: "2023-12-28T07:17:49Z"}
			if !reflect.DeepEqual(got[0], first) || !reflect.DeepEqual(got[5], last) || got[0].RegionIDs != nil {
				t.Errorf("projects = %+v", got)
			}
		},
		"ListProject__get_project_list_with_wrong_api_key.json": func(t *testing.T, c *Client) {
			_, err := c.ListProjects(t.Context())
			var ae *APIError
			if !errors.As(err, &ae) {
				t.Fatalf("error = %v, want *APIError", err)
			}
			want := APIError{HTTPStatus: 401, Code: 21119, Message: "The apikey is illegal", Method: "GET", Path: "/v2/projects"}
			if *ae != want {
				t.Errorf("APIError = %+v, want %+v", *ae, want)
			}
			if !IsUnauthorized(err) || IsNotFound(err) || IsAlreadyExists(err) || IsUnavailable(err) {
				t.Errorf("classification of %v is wrong", err)
			}
		},
		"ServerlessCluster__DeleteCluster.json":              drop("in05-bfee098389ca970"),
		"ServerlessCluster__DescribeCluster.json":            describe(serverless),
		"ServerlessCluster__create_serverless_cluster.json":  create("Serverless", "in05-bfee098389ca970", "db_bfee098389ca970", "Lm0+!R+KW>u-QcL9"),
		"ServerlessCluster__duplicately_create_cluster.json": duplicate("Serverless"),
		"UpgradeProjectPlan__UpgradeProjectPlan.json": func(t *testing.T, c *Client) {
			if err := c.UpgradeProjectPlan(t.Context(), "proj-1", "Enterprise"); err != nil {
				t.Fatal(err)
			}
		},
		"UpgradeProjectPlan_failed__UpgradeProjectPlan_failed.json": func(t *testing.T, c *Client) {
			err := c.UpgradeProjectPlan(t.Context(), "proj-1", "Standard")
			if !IsProjectDowngrade(err) {
				t.Errorf("IsProjectDowngrade(%v) = false", err)
			}
			var ae *APIError
			if !errors.As(err, &ae) || ae.Code != 63104 || ae.HTTPStatus != 200 || ae.Message != "Project plan can only be upgraded, not downgraded." {
				t.Fatalf("error = %v, want code 63104", err)
			}
			if IsNotFound(err) || IsAlreadyExists(err) || IsUnauthorized(err) {
				t.Errorf("classification of %v is wrong", err)
			}
		},
	}

	for _, file := range files {
		name := filepath.Base(file)
		check, found := checks[name]
		if !found {
			t.Errorf("recorded answer %s has no check: add one", name)
			continue
		}
		delete(checks, name)
		t.Run(strings.TrimSuffix(name, ".json"), func(t *testing.T) {
			t.Parallel()
			raw, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var rf recordedFile
			if err := json.Unmarshal(raw, &rf); err != nil {
				t.Fatal(err)
			}
			rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(rf.HTTPStatus)
				_, _ = w.Write(rf.Body)
			})
			c := newTestClient(t, fastConfig(rec.srv.URL))
			check(t, c)
			// Every recorded answer is a final answer: nothing is retried or looked up.
			if n := rec.count(); n != 1 {
				t.Errorf("server saw %d requests, want 1", n)
			}
		})
	}
	for name := range checks {
		t.Errorf("check for %s, but the file is missing", name)
	}
}
