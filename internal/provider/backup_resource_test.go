package provider

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
	"github.com/vectorops/terraform-provider-zilliz/internal/zillizmock"
)

// withBackupPhases makes the mock's backup and restore phases short.
func withBackupPhases(o *zillizmock.Options) {
	o.BackupDuration = 300 * time.Millisecond
	o.RestoreDuration = 300 * time.Millisecond
}

// dedicatedMockCluster creates a running Standard cluster outside Terraform
// with one collection of rows entities ("articles"), and returns its id.
func dedicatedMockCluster(t *testing.T, acc accTarget, rows int64) string {
	t.Helper()
	acc.requireMock(t)
	c, _ := newMockClusterWith(t, acc, zilliz.CreateClusterRequest{
		Plan: planStandard, ClusterName: testAccName("tf-acc-bk"), CUType: defaultCUType, CUSize: 1,
	})
	client := mockClient(t, acc)
	dp, err := client.DataPlane(c.ConnectAddress, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := dp.CreateCollection(t.Context(), zilliz.CreateCollectionRequest{CollectionName: "articles", Dimension: 4}); err != nil {
		t.Fatal(err)
	}
	if err := acc.Mock.InsertRows(c.ClusterID, "default", "articles", rows); err != nil {
		t.Fatal(err)
	}
	return c.ClusterID
}

func mockClient(t *testing.T, acc accTarget) *zilliz.Client {
	t.Helper()
	client, err := zilliz.NewClient(zilliz.Config{BaseURL: acc.Mock.URL(), APIKey: acc.Mock.APIKey()})
	if err != nil {
		t.Fatal(err)
	}
	return client
}

func testAccBackupConfig(acc accTarget, clusterID string, extra ...string) string {
	body := ""
	for _, e := range extra {
		body += "  " + e + "\n"
	}
	return acc.Provider + fmt.Sprintf(`
resource "zilliz_backup" "test" {
  cluster_id = %q
%s}
`, clusterID, body)
}

// backupIDOf reads zilliz_backup.test's backup_id from the state into *id.
func backupIDOf(id *string) tfresource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources["zilliz_backup.test"]
		if !ok {
			return fmt.Errorf("zilliz_backup.test not in state")
		}
		*id = rs.Primary.Attributes["backup_id"]
		return nil
	}
}

func mockBackup(acc accTarget, clusterID, backupID string) (zillizmock.BackupInfo, bool) {
	for _, b := range acc.Mock.Backups(clusterID) {
		if b.ID == backupID {
			return b, true
		}
	}
	return zillizmock.BackupInfo{}, false
}

func TestAccBackupResource_lifecycle(t *testing.T) {
	acc := newAccTarget(t, withBackupPhases)
	clusterID := dedicatedMockCluster(t, acc, 120)
	var first, second string
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if left := acc.Mock.Backups(clusterID); len(left) != 0 {
				return fmt.Errorf("backups left after destroy: %+v", left)
			}
			if countRequests(acc.Mock, http.MethodDelete, "/v2/clusters/"+clusterID+"/backups/"+second) != 1 {
				return fmt.Errorf("no DELETE of backup %s in the log", second)
			}
			return nil
		},
		Steps: []tfresource.TestStep{
			{
				// Create waits until AVAILABLE: the state says so, not CREATING.
				Config: testAccBackupConfig(acc, clusterID),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("zilliz_backup.test", tfjsonpath.New("status"), knownvalue.StringExact("AVAILABLE")),
					statecheck.ExpectKnownValue("zilliz_backup.test", tfjsonpath.New("backup_type"), knownvalue.StringExact("CLUSTER")),
					statecheck.ExpectKnownValue("zilliz_backup.test", tfjsonpath.New("creation_method"), knownvalue.StringExact("MANUAL")),
					statecheck.ExpectKnownValue("zilliz_backup.test", tfjsonpath.New("database"), knownvalue.StringExact("default")),
				},
				Check: tfresource.ComposeTestCheckFunc(backupIDOf(&first), func(*terraform.State) error {
					b, ok := mockBackup(acc, clusterID, first)
					if !ok || b.Status != zillizmock.BackupAvailable || b.Collections["default.articles"] != 120 {
						return fmt.Errorf("backup %s on the mock: %+v", first, b)
					}
					return nil
				}),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				ResourceName:            "zilliz_backup.test",
				ImportState:             true,
				ImportStateIdFunc:       func(*terraform.State) (string, error) { return clusterID + "/" + first, nil },
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"timeouts"},
			},
			{
				// retain_on_destroy changes in place, with no API call.
				Config: testAccBackupConfig(acc, clusterID, "retain_on_destroy = true"),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction("zilliz_backup.test", plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(*terraform.State) error {
					if n := countRequests(acc.Mock, http.MethodPost, "/v2/clusters/"+clusterID+"/backups/create"); n != 1 {
						return fmt.Errorf("%d backup creates, want 1", n)
					}
					return nil
				},
			},
			{
				// A collection backup replaces the cluster backup; the old one is
				// kept (retain_on_destroy was true when it was replaced).
				Config: testAccBackupConfig(acc, clusterID, `collection = "articles"`),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("zilliz_backup.test", plancheck.ResourceActionReplace)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("zilliz_backup.test", tfjsonpath.New("backup_type"), knownvalue.StringExact("COLLECTION")),
				},
				Check: tfresource.ComposeTestCheckFunc(backupIDOf(&second), func(*terraform.State) error {
					if _, kept := mockBackup(acc, clusterID, first); !kept {
						return fmt.Errorf("backup %s was deleted although retain_on_destroy was true", first)
					}
					if err := acc.Mock.DeleteBackupNow(first); err != nil {
						return err
					}
					return nil
				}),
			},
			{
				ResourceName:            "zilliz_backup.test",
				ImportState:             true,
				ImportStateIdFunc:       func(*terraform.State) (string, error) { return clusterID + "/" + second, nil },
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"timeouts"},
			},
			{
				// Deleted outside Terraform: the backup leaves the state and the plan makes a new one.
				PreConfig: func() {
					if err := acc.Mock.DeleteBackupNow(second); err != nil {
						t.Fatal(err)
					}
				},
				Config: testAccBackupConfig(acc, clusterID, `collection = "articles"`),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("zilliz_backup.test", plancheck.ResourceActionCreate)},
				},
				Check: backupIDOf(&second),
			},
		},
	})
}

// Destroy with retain_on_destroy keeps the backup in Zilliz Cloud.
func TestAccBackupResource_retainOnDestroy(t *testing.T) {
	acc := newAccTarget(t, withBackupPhases)
	clusterID := dedicatedMockCluster(t, acc, 1)
	var id string
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if _, ok := mockBackup(acc, clusterID, id); !ok {
				return fmt.Errorf("backup %s was deleted although retain_on_destroy is true", id)
			}
			if n := countRequests(acc.Mock, http.MethodDelete, "/v2/clusters/"+clusterID+"/backups/"+id); n != 0 {
				return fmt.Errorf("%d DELETE calls for a retained backup", n)
			}
			return nil
		},
		Steps: []tfresource.TestStep{{
			Config: testAccBackupConfig(acc, clusterID, "retain_on_destroy = true"),
			Check:  backupIDOf(&id),
		}},
	})
}

// advanceOnRequests moves the mock's manual clock by step each time a request
// that match accepts reaches the mock: the phases move when the provider
// looks, whatever the machine's speed. It stops when the test ends.
func advanceOnRequests(t *testing.T, acc accTarget, clock *zillizmock.ManualClock, step time.Duration, match func(zillizmock.Request) bool) {
	t.Helper()
	done := make(chan struct{})
	stopped := make(chan struct{})
	t.Cleanup(func() { close(done); <-stopped })
	go func() {
		defer close(stopped)
		seen := 0
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			reqs := acc.Mock.Requests()
			for ; seen < len(reqs); seen++ {
				if match(reqs[seen]) {
					clock.Advance(step)
				}
			}
		}
	}()
}

// A backup in progress (here the automatic one that enabling the policy
// starts) is waited for, not failed on: "manual backups cannot start while
// an automatic backup is in progress". The clock moves only when the
// provider lists or describes backups, so a provider that did not wait
// would start its backup while the automatic one is still CREATING and be
// refused.
func TestAccBackupResource_waitsForBackupInProgress(t *testing.T) {
	clock := zillizmock.NewManualClock(time.Time{})
	acc := newAccTarget(t, func(o *zillizmock.Options) { o.Clock = clock; o.BackupDuration = time.Minute })
	acc.requireMock(t)
	client := mockClient(t, acc)
	created, err := client.CreateCluster(t.Context(), zilliz.CreateClusterRequest{
		Plan: planStandard, ClusterName: testAccName("tf-acc-bkwait"), ProjectID: acc.ProjectID, RegionID: acc.RegionID, CUType: defaultCUType, CUSize: 1,
	})
	if err != nil {
		t.Fatal(err)
	}
	clusterID := created.ClusterID
	clock.Advance(time.Minute) // past CREATING
	if err := client.SetBackupPolicy(t.Context(), clusterID, zilliz.SetBackupPolicyRequest{
		Enabled: true, Days: []int{1}, StartTime: "02:00-04:00", RetentionDays: 1,
	}); err != nil {
		t.Fatal(err)
	}
	acc.Mock.ResetRequests()
	advanceOnRequests(t, acc, clock, 40*time.Second, func(r zillizmock.Request) bool {
		return r.Method == http.MethodGet && (r.Path == "/v2/backups" || strings.HasPrefix(r.Path, "/v2/clusters/"+clusterID+"/backups/"))
	})
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{{
			Config: testAccBackupConfig(acc, clusterID, "retain_on_destroy = true"),
			Check: func(*terraform.State) error {
				var auto, manual int
				for _, b := range acc.Mock.Backups(clusterID) {
					if b.CreationMethod == "AUTO" {
						auto++
					} else {
						manual++
					}
				}
				if auto != 1 || manual != 1 {
					return fmt.Errorf("%d automatic and %d manual backups, want 1 and 1", auto, manual)
				}
				for _, r := range acc.Mock.Requests() {
					if r.Code != 0 {
						return fmt.Errorf("%s %s was refused with code %d", r.Method, r.Path, r.Code)
					}
				}
				return nil
			},
		}},
	})
}

// A backup that fails ends the apply with an error, and stays in state
// (tainted) so the next apply replaces it.
func TestAccBackupResource_failed(t *testing.T) {
	acc := newAccTarget(t, withBackupPhases)
	clusterID := dedicatedMockCluster(t, acc, 1)
	acc.Mock.SetBackupFailure("object storage unavailable")
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{
			{
				Config:      testAccBackupConfig(acc, clusterID),
				ExpectError: errorMatching(`backup failed.*object storage unavailable`),
			},
			{
				PreConfig: func() { acc.Mock.SetBackupFailure("") },
				Config:    testAccBackupConfig(acc, clusterID),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("zilliz_backup.test", plancheck.ResourceActionReplace)},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("zilliz_backup.test", tfjsonpath.New("status"), knownvalue.StringExact("AVAILABLE")),
				},
			},
		},
	})
}

// Backups of Serverless clusters are refused by the service, with its code.
func TestAccBackupResource_serverlessRefused(t *testing.T) {
	acc := newAccTarget(t)
	clusterID, _ := runningMockCluster(t, acc)
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{{
			Config:      testAccBackupConfig(acc, clusterID),
			ExpectError: errorMatching(`code 96022`),
		}},
	})
}

// Plan-time validation and the import id's form.
func TestBackupResource_validation(t *testing.T) {
	acc := planTimeTarget()
	for _, tc := range []struct{ name, config, want string }{
		{"bad cluster id", testAccBackupConfig(acc, "cluster-1"), `must be a cluster id such as in01-6183d6bac30f801`},
		{"bad collection name", testAccBackupConfig(acc, "in01-abc", `collection = "1bad"`), `letter or an underscore`},
		{"policy window not two hours", testAccBackupPolicyConfig(acc, "in01-abc", "[1]", "02:00-03:00", 7, ""), `not two hours long`},
		{"policy window form", testAccBackupPolicyConfig(acc, "in01-abc", "[1]", "2am", 7, ""), `HH:mm-HH:mm`},
		{"policy weekday 8", testAccBackupPolicyConfig(acc, "in01-abc", "[1, 8]", "02:00-04:00", 7, ""), `between 1 and 7`},
		{"policy no weekday", testAccBackupPolicyConfig(acc, "in01-abc", "[]", "02:00-04:00", 7, ""), `at least 1`},
		{"policy retention 31", testAccBackupPolicyConfig(acc, "in01-abc", "[1]", "02:00-04:00", 31, ""), `between 1 and 30`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tfresource.UnitTest(t, tfresource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps:                    []tfresource.TestStep{{Config: tc.config, PlanOnly: true, ExpectError: errorMatching(tc.want)}},
			})
		})
	}
}

func TestAccBackupResource_badImportID(t *testing.T) {
	acc := newAccTarget(t)
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{{
			Config:        testAccBackupConfig(acc, "in01-abc"),
			ResourceName:  "zilliz_backup.test",
			ImportState:   true,
			ImportStateId: "backup1_abc",
			ExpectError:   errorMatching(`Use <cluster id>/<backup id>`),
		}},
	})
}

func testAccBackupPolicyConfig(acc accTarget, clusterID, frequency, start string, days int, extra string) string {
	return acc.Provider + fmt.Sprintf(`
resource "zilliz_backup_policy" "test" {
  cluster_id     = %q
  frequency      = %s
  start_time     = %q
  retention_days = %d
  %s
}
`, clusterID, frequency, start, days, extra)
}

func checkMockPolicy(acc accTarget, clusterID string, want zillizmock.BackupPolicyInfo) tfresource.TestCheckFunc {
	return func(*terraform.State) error {
		got := acc.Mock.BackupPolicy(clusterID)
		if got.Enabled != want.Enabled || (want.Enabled && got != want) {
			return fmt.Errorf("policy on the mock %+v, want %+v", got, want)
		}
		return nil
	}
}

func TestAccBackupPolicyResource_lifecycle(t *testing.T) {
	acc := newAccTarget(t, withBackupPhases)
	clusterID := dedicatedMockCluster(t, acc, 1)
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if p := acc.Mock.BackupPolicy(clusterID); p.Enabled {
				return fmt.Errorf("the policy is still on after destroy: %+v", p)
			}
			return nil
		},
		Steps: []tfresource.TestStep{
			{
				Config: testAccBackupPolicyConfig(acc, clusterID, "[5, 1, 2]", "02:00-04:00", 7, ""),
				Check: tfresource.ComposeTestCheckFunc(
					checkMockPolicy(acc, clusterID, zillizmock.BackupPolicyInfo{Enabled: true, Frequency: "1,2,5", StartTime: "02:00-04:00", RetentionDays: 7}),
					func(*terraform.State) error {
						// "Zilliz Cloud generates an initial backup immediately."
						if b := acc.Mock.Backups(clusterID); len(b) != 1 || b[0].CreationMethod != "AUTO" {
							return fmt.Errorf("backups after enabling: %+v", b)
						}
						return nil
					},
				),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("zilliz_backup_policy.test", tfjsonpath.New("status"), knownvalue.StringExact("ENABLED")),
					statecheck.ExpectKnownValue("zilliz_backup_policy.test", tfjsonpath.New("id"), knownvalue.StringExact(clusterID)),
				},
				ConfigPlanChecks: tfresource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				ResourceName:      "zilliz_backup_policy.test",
				ImportState:       true,
				ImportStateId:     clusterID,
				ImportStateVerify: true,
			},
			{
				Config: testAccBackupPolicyConfig(acc, clusterID, "[6, 7]", "23:00-01:00", 14, ""),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction("zilliz_backup_policy.test", plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: checkMockPolicy(acc, clusterID, zillizmock.BackupPolicyInfo{Enabled: true, Frequency: "6,7", StartTime: "23:00-01:00", RetentionDays: 14}),
			},
			{
				// Off: the service forgets the schedule; the plan stays empty.
				Config:           testAccBackupPolicyConfig(acc, clusterID, "[6, 7]", "23:00-01:00", 14, "enabled = false"),
				Check:            checkMockPolicy(acc, clusterID, zillizmock.BackupPolicyInfo{}),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				Config: testAccBackupPolicyConfig(acc, clusterID, "[6, 7]", "23:00-01:00", 14, ""),
				Check:  checkMockPolicy(acc, clusterID, zillizmock.BackupPolicyInfo{Enabled: true, Frequency: "6,7", StartTime: "23:00-01:00", RetentionDays: 14}),
			},
			{
				// Drift: changed in the console → the next plan puts it back.
				PreConfig: func() {
					acc.Mock.SetBackupPolicyNow(clusterID, zillizmock.BackupPolicyInfo{Enabled: true, Frequency: "1", StartTime: "10:00-12:00", RetentionDays: 3})
				},
				Config: testAccBackupPolicyConfig(acc, clusterID, "[6, 7]", "23:00-01:00", 14, ""),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("zilliz_backup_policy.test", plancheck.ResourceActionUpdate)},
				},
				Check: checkMockPolicy(acc, clusterID, zillizmock.BackupPolicyInfo{Enabled: true, Frequency: "6,7", StartTime: "23:00-01:00", RetentionDays: 14}),
			},
		},
	})
}

// The data source lists a cluster's backups newest first (the API lists
// oldest first), with the creation_method filter.
func TestAccBackupsDataSource(t *testing.T) {
	// A manual clock: the two backups get create times a minute apart,
	// with no waiting.
	clock := zillizmock.NewManualClock(time.Time{})
	acc := newAccTarget(t, withBackupPhases, func(o *zillizmock.Options) { o.Clock = clock })
	acc.requireMock(t)
	client := mockClient(t, acc)
	created, err := client.CreateCluster(t.Context(), zilliz.CreateClusterRequest{
		Plan: planStandard, ClusterName: testAccName("tf-acc-bkds"), ProjectID: acc.ProjectID, RegionID: acc.RegionID, CUType: defaultCUType, CUSize: 1,
	})
	if err != nil {
		t.Fatal(err)
	}
	clusterID := created.ClusterID
	clock.Advance(time.Minute) // past CREATING
	var ids []string
	for i := 0; i < 2; i++ {
		b, err := client.CreateBackup(t.Context(), clusterID, zilliz.CreateBackupRequest{})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, b.BackupID)
		clock.Advance(time.Minute) // past the backup's CREATING
	}
	// The newest backup is still being made: backups[0], but not one a
	// restore takes.
	creating, err := client.CreateBackup(t.Context(), clusterID, zilliz.CreateBackupRequest{})
	if err != nil {
		t.Fatal(err)
	}
	cfg := acc.Provider + fmt.Sprintf(`
data "zilliz_backups" "all" {
  cluster_id = %q
}
data "zilliz_backups" "auto" {
  cluster_id      = %q
  creation_method = "AUTO"
}
data "zilliz_backups" "collections" {
  cluster_id  = %q
  backup_type = "COLLECTION"
}
`, clusterID, clusterID, clusterID)
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{{
			Config: cfg,
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue("data.zilliz_backups.all", tfjsonpath.New("backups").AtSliceIndex(0).AtMapKey("backup_id"), knownvalue.StringExact(creating.BackupID)),
				statecheck.ExpectKnownValue("data.zilliz_backups.all", tfjsonpath.New("backups").AtSliceIndex(0).AtMapKey("status"), knownvalue.StringExact("CREATING")),
				statecheck.ExpectKnownValue("data.zilliz_backups.all", tfjsonpath.New("backups").AtSliceIndex(1).AtMapKey("backup_id"), knownvalue.StringExact(ids[1])),
				statecheck.ExpectKnownValue("data.zilliz_backups.all", tfjsonpath.New("backups").AtSliceIndex(2).AtMapKey("backup_id"), knownvalue.StringExact(ids[0])),
				statecheck.ExpectKnownValue("data.zilliz_backups.all", tfjsonpath.New("backups").AtSliceIndex(1).AtMapKey("status"), knownvalue.StringExact("AVAILABLE")),
				// The newest a restore takes skips the one still CREATING.
				statecheck.ExpectKnownValue("data.zilliz_backups.all", tfjsonpath.New("latest_cluster_backup_id"), knownvalue.StringExact(ids[1])),
				statecheck.ExpectKnownValue("data.zilliz_backups.auto", tfjsonpath.New("backups"), knownvalue.ListSizeExact(0)),
				statecheck.ExpectKnownValue("data.zilliz_backups.auto", tfjsonpath.New("latest_cluster_backup_id"), knownvalue.Null()),
				statecheck.ExpectKnownValue("data.zilliz_backups.collections", tfjsonpath.New("backups"), knownvalue.ListSizeExact(0)),
			},
		}},
	})
}
