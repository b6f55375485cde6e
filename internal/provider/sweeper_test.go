package provider

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
	"github.com/vectorops/terraform-provider-zilliz/internal/zillizmock"
)

// Acceptance tests against the real service (make testacc-real) create billed
// clusters, and a run that is killed leaves them behind. The sweepers follow
// terraform-plugin-testing's convention (resource.AddTestSweepers, run by
// resource.TestMain with `go test -sweep=<region>`; `make sweep`) and drop what
// the tests create once it is older than sweepMinAge, so that a run still going
// keeps its objects:
//   - clusters whose name starts with testAccNamePrefix, by their createTime;
//   - collections whose name starts with testAccCollectionPrefix, on clusters
//     that are not swept themselves, by the creation time in their name (the
//     data-plane describe reports none).
//
// Settings: ZILLIZ_API_KEY, ZILLIZ_BASE_URL (optional), ZILLIZ_PROJECT_ID
// (optional: only that project), the region from -sweep, and
// ZILLIZ_SWEEP_DRY_RUN=1 to list what would be dropped and drop nothing.

const (
	// testAccNamePrefix starts the name of every cluster an acceptance test creates.
	testAccNamePrefix = "tf-acc-"
	// testAccCollectionPrefix starts the name of a collection made by
	// testAccCollectionName (collection names allow no hyphen).
	testAccCollectionPrefix = "tf_acc_"
	// sweepMinAge is how old a test object must be before a sweep drops it.
	sweepMinAge = time.Hour
	// sweepDryRunEnv names the variable that turns a sweep into a listing.
	sweepDryRunEnv = "ZILLIZ_SWEEP_DRY_RUN"
)

func init() {
	resource.AddTestSweepers("zilliz_collection", &resource.Sweeper{
		Name: "zilliz_collection",
		F:    func(region string) error { return runSweep(region, (*sweeper).sweepCollections) },
	})
	resource.AddTestSweepers("zilliz_cluster", &resource.Sweeper{
		Name: "zilliz_cluster",
		// Collections first: a cluster the collection sweep visits must still exist.
		Dependencies: []string{"zilliz_collection"},
		F:            func(region string) error { return runSweep(region, (*sweeper).sweepClusters) },
	})
}

// testAccCollectionName returns a collection name the collection sweeper
// recognises: the prefix, word, and the Unix time of the call.
func testAccCollectionName(word string) string {
	return fmt.Sprintf("%s%s_%d", testAccCollectionPrefix, word, time.Now().Unix())
}

// collectionNameTime reads the creation time testAccCollectionName put at the
// end of name; false when there is none (the collection is then left alone).
func collectionNameTime(name string) (time.Time, bool) {
	if !strings.HasPrefix(name, testAccCollectionPrefix) {
		return time.Time{}, false
	}
	stamp := name[strings.LastIndexByte(name, '_')+1:]
	// 10 digits: 2001-09-09 to 2286; anything else is not a time we wrote.
	if len(stamp) != 10 || strings.Trim(stamp, "0123456789") != "" {
		return time.Time{}, false
	}
	secs, err := strconv.ParseInt(stamp, 10, 64)
	if err != nil {
		return time.Time{}, false
	}
	return time.Unix(secs, 0), true
}

// sweeper drops old test objects in one region.
type sweeper struct {
	client  *zilliz.Client
	region  string
	project string // "" = every project the key sees
	dryRun  bool
	now     time.Time
	logf    func(format string, args ...any)
}

// sweeperFromEnv builds a sweeper from the environment for region.
func sweeperFromEnv(region string) (*sweeper, error) {
	key := os.Getenv("ZILLIZ_API_KEY")
	if key == "" {
		return nil, errors.New("set ZILLIZ_API_KEY (and ZILLIZ_BASE_URL for another control plane) to sweep")
	}
	client, err := zilliz.NewClient(zilliz.Config{
		APIKey:    key,
		BaseURL:   os.Getenv("ZILLIZ_BASE_URL"),
		UserAgent: "terraform-provider-zilliz-sweeper",
	})
	if err != nil {
		return nil, err
	}
	dry := os.Getenv(sweepDryRunEnv)
	return &sweeper{
		client:  client,
		region:  region,
		project: os.Getenv("ZILLIZ_PROJECT_ID"),
		dryRun:  dry != "" && dry != "0" && dry != "false",
		now:     time.Now(),
		logf:    log.Printf,
	}, nil
}

func runSweep(region string, sweep func(*sweeper, context.Context) ([]string, error)) error {
	s, err := sweeperFromEnv(region)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	_, err = sweep(s, ctx)
	return err
}

// clusters lists the clusters of the sweeper's region (and project).
func (s *sweeper) clusters(ctx context.Context) ([]zilliz.Cluster, error) {
	all, err := s.client.ListAllClusters(ctx)
	if err != nil {
		return nil, fmt.Errorf("list clusters: %w", err)
	}
	var in []zilliz.Cluster
	for _, cl := range all {
		if cl.RegionID == s.region && (s.project == "" || cl.ProjectID == s.project) {
			in = append(in, cl)
		}
	}
	return in, nil
}

// oldTestCluster reports whether a sweep drops cl: a test's name, older than
// sweepMinAge, and not already on its way out.
func (s *sweeper) oldTestCluster(cl zilliz.Cluster) bool {
	if !strings.HasPrefix(cl.ClusterName, testAccNamePrefix) || cl.Status == "DELETED" || cl.Status == "DELETING" {
		return false
	}
	created, err := time.Parse(time.RFC3339, cl.CreateTime)
	if err != nil {
		s.logf("[WARN] sweep: cluster %s (%s) has createTime %q; left alone", cl.ClusterID, cl.ClusterName, cl.CreateTime)
		return false
	}
	return s.now.Sub(created) >= sweepMinAge
}

// sweepClusters drops the old test clusters and returns their ids (the ones it
// would drop, in a dry run).
func (s *sweeper) sweepClusters(ctx context.Context) ([]string, error) {
	clusters, err := s.clusters(ctx)
	if err != nil {
		return nil, err
	}
	var dropped []string
	var errs []error
	for _, cl := range clusters {
		if !s.oldTestCluster(cl) {
			continue
		}
		if s.dryRun {
			s.logf("[INFO] sweep (dry run): would drop cluster %s (%s, created %s)", cl.ClusterID, cl.ClusterName, cl.CreateTime)
			dropped = append(dropped, cl.ClusterID)
			continue
		}
		s.logf("[INFO] sweep: dropping cluster %s (%s, created %s)", cl.ClusterID, cl.ClusterName, cl.CreateTime)
		if err := s.client.DropCluster(ctx, cl.ClusterID); err != nil && !zilliz.IsNotFound(err) {
			errs = append(errs, fmt.Errorf("drop cluster %s (%s): %w", cl.ClusterID, cl.ClusterName, err))
			continue
		}
		dropped = append(dropped, cl.ClusterID)
	}
	return dropped, errors.Join(errs...)
}

// sweepCollections drops old test collections in the default database of each
// RUNNING cluster that the cluster sweep keeps, and returns them as
// "<cluster id>/<name>".
func (s *sweeper) sweepCollections(ctx context.Context) ([]string, error) {
	clusters, err := s.clusters(ctx)
	if err != nil {
		return nil, err
	}
	var dropped []string
	var errs []error
	for _, cl := range clusters {
		// A test cluster goes with its collections (once old; a young one belongs
		// to a run still going). Data-plane calls need a RUNNING cluster.
		if strings.HasPrefix(cl.ClusterName, testAccNamePrefix) || cl.Status != "RUNNING" || cl.ConnectAddress == "" {
			continue
		}
		dp, err := s.client.DataPlane(cl.ConnectAddress, "")
		if err != nil {
			errs = append(errs, fmt.Errorf("cluster %s: %w", cl.ClusterID, err))
			continue
		}
		names, err := dp.ListCollections(ctx, "default")
		if err != nil {
			errs = append(errs, fmt.Errorf("list collections of cluster %s: %w", cl.ClusterID, err))
			continue
		}
		for _, name := range names {
			created, ok := collectionNameTime(name)
			if !ok || s.now.Sub(created) < sweepMinAge {
				continue
			}
			what := cl.ClusterID + "/" + name
			if s.dryRun {
				s.logf("[INFO] sweep (dry run): would drop collection %s (created %s)", what, created.UTC().Format(time.RFC3339))
				dropped = append(dropped, what)
				continue
			}
			s.logf("[INFO] sweep: dropping collection %s (created %s)", what, created.UTC().Format(time.RFC3339))
			if err := dp.DropCollection(ctx, "default", name); err != nil && !zilliz.IsNotFound(err) {
				errs = append(errs, fmt.Errorf("drop collection %s: %w", what, err))
				continue
			}
			dropped = append(dropped, what)
		}
	}
	return dropped, errors.Join(errs...)
}

func TestCollectionNameTime(t *testing.T) {
	t.Parallel()
	now := time.Now().Truncate(time.Second)
	for _, tc := range []struct {
		name string
		want time.Time
		ok   bool
	}{
		{testAccCollectionName("lifecycle"), now, true},
		{"tf_acc_two_words_1700000000", time.Unix(1700000000, 0), true},
		{"tf_acc_1700000000", time.Unix(1700000000, 0), true},
		{"tf_acc_nostamp", time.Time{}, false},
		{"tf_acc_short_17000", time.Time{}, false},
		{"orders_1700000000", time.Time{}, false},
		{"tf_acc_x_-170000000", time.Time{}, false},
	} {
		got, ok := collectionNameTime(tc.name)
		// testAccCollectionName may straddle a second.
		if ok != tc.ok || (ok && got.Sub(tc.want).Abs() > time.Second) {
			t.Errorf("collectionNameTime(%q) = %v, %v; want %v, %v", tc.name, got, ok, tc.want, tc.ok)
		}
	}
}

// Every cluster name a test makes with testAccName carries the sweepers' prefix,
// so a cluster a killed real run leaves behind is swept.
func TestTestAccNamesCarrySweepPrefix(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("*_test.go")
	if err != nil {
		t.Fatal(err)
	}
	call := regexp.MustCompile(`testAccName\("([^"]*)"`)
	found := 0
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range call.FindAllStringSubmatch(string(src), -1) {
			found++
			if !strings.HasPrefix(m[1], testAccNamePrefix) {
				t.Errorf("%s: testAccName(%q) does not start with %q: the sweeper would never drop it", f, m[1], testAccNamePrefix)
			}
		}
	}
	if found < 5 {
		t.Fatalf("found %d testAccName calls: the scan looks at the wrong files", found)
	}
}

// The sweepers, run as `go test -sweep=<region>` runs them (this test binary
// with -sweep), drop exactly the test clusters and test collections older than
// an hour in the region, and a dry run drops nothing but names the same ones.
func TestSweepers_dropExactlyOldTestObjects(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the mock and runs this test binary again")
	}
	t.Parallel()
	m, err := zillizmock.New(zillizmock.Options{
		APIKey:         "sweep-key",
		CreateDuration: 50 * time.Millisecond,
		DeleteDuration: 50 * time.Millisecond,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.Close)
	ctx := t.Context()
	client, err := zilliz.NewClient(zilliz.Config{BaseURL: m.URL(), APIKey: m.APIKey()})
	if err != nil {
		t.Fatal(err)
	}
	const region = "gcp-us-west1"
	// Created first and waited for after, so the waits overlap.
	create := func(name, region string) string {
		t.Helper()
		created, err := client.CreateCluster(ctx, zilliz.CreateClusterRequest{Plan: "Serverless", ClusterName: name, ProjectID: m.ProjectID(), RegionID: region})
		if err != nil {
			t.Fatal(err)
		}
		return created.ClusterID
	}
	running := func(id string, age time.Duration) *zilliz.Cluster {
		t.Helper()
		cl, err := client.WaitForClusterStatus(ctx, id, zilliz.WaitOptions{Immediate: true, MinInterval: 10 * time.Millisecond}, "RUNNING")
		if err != nil {
			t.Fatal(err)
		}
		if err := m.BackdateCluster(cl.ClusterID, age); err != nil {
			t.Fatal(err)
		}
		return cl
	}
	ids := []string{create(testAccNamePrefix+"old", region), create(testAccNamePrefix+"young", region),
		create("orders-prod", region), create(testAccNamePrefix+"elsewhere", "aws-us-west-2")}
	oldTest := running(ids[0], 2*time.Hour)
	youngTest := running(ids[1], 50*time.Minute)
	oldOther := running(ids[2], 2*time.Hour)
	elsewhere := running(ids[3], 2*time.Hour)

	now := time.Now()
	stamp := func(word string, age time.Duration) string {
		return fmt.Sprintf("%s%s_%d", testAccCollectionPrefix, word, now.Add(-age).Unix())
	}
	collections := map[string][]string{
		oldOther.ClusterID: {stamp("left", 2*time.Hour), stamp("fresh", 10*time.Minute), "tf_acc_nostamp",
			fmt.Sprintf("orders_%d", now.Add(-2*time.Hour).Unix())},
		// On a test cluster: it goes with the cluster, never on its own.
		youngTest.ClusterID: {stamp("on_young_cluster", 2*time.Hour)},
	}
	endpoints := map[string]string{oldOther.ClusterID: oldOther.ConnectAddress, youngTest.ClusterID: youngTest.ConnectAddress}
	for id, names := range collections {
		dp, err := client.DataPlane(endpoints[id], "")
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range names {
			if err := dp.CreateCollection(ctx, zilliz.CreateCollectionRequest{CollectionName: name, Dimension: 4}); err != nil {
				t.Fatalf("create collection %s on %s: %v", name, id, err)
			}
		}
	}
	wantCollectionDrop := oldOther.ClusterID + "/" + collections[oldOther.ClusterID][0]

	sweep := func(env ...string) string {
		t.Helper()
		cmd := exec.CommandContext(ctx, os.Args[0], "-sweep="+region)
		cmd.Env = append(os.Environ(), append([]string{"ZILLIZ_API_KEY=" + m.APIKey(), "ZILLIZ_BASE_URL=" + m.URL(),
			"ZILLIZ_PROJECT_ID=", sweepDryRunEnv + "="}, env...)...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("sweep %v: %v\n%s", env, err, out)
		}
		return string(out)
	}
	drops := func() (clusters, collections []string) {
		for _, r := range m.Requests() {
			switch {
			case r.Method == "DELETE" && strings.HasSuffix(r.Path, "/drop"):
				clusters = append(clusters, strings.TrimSuffix(strings.TrimPrefix(r.Path, "/v2/clusters/"), "/drop"))
			case r.Method == "POST" && r.Path == "/v1/vector/collections/drop":
				collections = append(collections, r.ClusterID+"/"+r.Collection)
			}
		}
		return clusters, collections
	}

	out := sweep(sweepDryRunEnv + "=1")
	for _, want := range []string{"would drop cluster " + oldTest.ClusterID + " ", "would drop collection " + wantCollectionDrop + " "} {
		if !strings.Contains(out, want) {
			t.Errorf("dry run output lacks %q:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "would drop"); n != 2 {
		t.Errorf("dry run would drop %d objects, want 2:\n%s", n, out)
	}
	if c, k := drops(); len(c)+len(k) != 0 {
		t.Fatalf("a dry run dropped clusters %v and collections %v", c, k)
	}

	out = sweep()
	c, k := drops()
	if len(c) != 1 || c[0] != oldTest.ClusterID {
		t.Errorf("cluster drops %v, want exactly [%s] (%s)\n%s", c, oldTest.ClusterID, oldTest.ClusterName, out)
	}
	if len(k) != 1 || k[0] != wantCollectionDrop {
		t.Errorf("collection drops %v, want exactly [%s]\n%s", k, wantCollectionDrop, out)
	}
	for _, kept := range []*zilliz.Cluster{youngTest, oldOther, elsewhere} {
		if cl, ok := m.Cluster(kept.ClusterID); !ok || cl.Status != "RUNNING" {
			t.Errorf("cluster %s (%s) should be kept: %+v", kept.ClusterID, kept.ClusterName, cl)
		}
	}
	if got, want := len(m.Collections(oldOther.ClusterID, "default")), 3; got != want {
		t.Errorf("%d collections left on %s, want %d: %v", got, oldOther.ClusterName, want, m.Collections(oldOther.ClusterID, "default"))
	}
}
