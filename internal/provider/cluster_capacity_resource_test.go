package provider

import (
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
	"github.com/vectorops/terraform-provider-zilliz/internal/zillizmock"
)

// autoscalingBlock is an autoscaling block; a zero max leaves the range out.
func autoscalingBlock(cuMin, cuMax, repMin, repMax int) string {
	b := "autoscaling {\n"
	if cuMax > 0 {
		b += fmt.Sprintf("    cu {\n      min = %d\n      max = %d\n    }\n", cuMin, cuMax)
	}
	if repMax > 0 {
		b += fmt.Sprintf("    replica {\n      min = %d\n      max = %d\n    }\n", repMin, repMax)
	}
	return b + "  }"
}

func checkMockAutoscaling(acc accTarget, id *string, want zillizmock.AutoscalingInfo, on bool) tfresource.TestCheckFunc {
	return func(*terraform.State) error {
		got, isOn := acc.Mock.Autoscaling(*id)
		if isOn != on || got != want {
			return fmt.Errorf("autoscaling on the mock: %+v (on %v), want %+v (on %v)", got, isOn, want, on)
		}
		return nil
	}
}

func checkMockSize(acc accTarget, id *string, cu, replica int) tfresource.TestCheckFunc {
	return func(*terraform.State) error {
		c, _ := acc.Mock.Cluster(*id)
		if c.CUSize != cu || c.Replica != replica {
			return fmt.Errorf("cluster on the mock runs %d CUs × %d replicas, want %d × %d", c.CUSize, c.Replica, cu, replica)
		}
		return nil
	}
}

func TestAccClusterResource_autoscaling(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	name := testAccName("tf-acc-as")
	var id string
	modifies := func() int { return countRequests(acc.Mock, http.MethodPost, "/v2/clusters/"+id+"/modify") }
	var before int
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkClustersDropped(acc),
		Steps: []tfresource.TestStep{
			{
				// Created at the bottom of its ranges, then the ranges are set.
				Config: testAccClusterConfig(acc, name, planEnterprise, autoscalingBlock(2, 8, 1, 3)),
				Check: tfresource.ComposeTestCheckFunc(captureID(&id),
					checkMockAutoscaling(acc, &id, zillizmock.AutoscalingInfo{CUMin: 2, CUMax: 8, ReplicaMin: 1, ReplicaMax: 3}, true),
					checkMockSize(acc, &id, 2, 1)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("zilliz_cluster.test", tfjsonpath.New("cu_size"), knownvalue.Int64Exact(2)),
					statecheck.ExpectKnownValue("zilliz_cluster.test", tfjsonpath.New("replica"), knownvalue.Int64Exact(1)),
				},
				ConfigPlanChecks: tfresource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			{
				// The autoscaler scales out on its own: no drift, an empty plan.
				PreConfig: func() {
					if err := acc.Mock.Autoscale(id, 8, 3); err != nil {
						t.Fatal(err)
					}
				},
				Config:   testAccClusterConfig(acc, name, planEnterprise, autoscalingBlock(2, 8, 1, 3)),
				PlanOnly: true,
			},
			{
				// New bounds: one modify call carrying the whole object.
				PreConfig: func() { before = modifies() },
				Config:    testAccClusterConfig(acc, name, planEnterprise, autoscalingBlock(4, 16, 1, 3)),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction("zilliz_cluster.test", plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					// What the cluster runs with, as reported: the autoscaler's 8 × 3.
					statecheck.ExpectKnownValue("zilliz_cluster.test", tfjsonpath.New("cu_size"), knownvalue.Int64Exact(8)),
					statecheck.ExpectKnownValue("zilliz_cluster.test", tfjsonpath.New("replica"), knownvalue.Int64Exact(3)),
				},
				Check: tfresource.ComposeTestCheckFunc(
					checkMockAutoscaling(acc, &id, zillizmock.AutoscalingInfo{CUMin: 4, CUMax: 16, ReplicaMin: 1, ReplicaMax: 3}, true),
					func(*terraform.State) error {
						if n := modifies() - before; n != 1 {
							return fmt.Errorf("%d modify calls for new bounds, want 1", n)
						}
						return nil
					}),
			},
			{
				ResourceName:            "zilliz_cluster.test",
				ImportState:             true,
				ImportStateVerify:       true,
				ImportStateVerifyIgnore: []string{"password", "timeouts"},
			},
			{
				// Back to a fixed size, in place.
				Config: testAccClusterConfig(acc, name, planEnterprise, "cu_size = 4", "replica = 2"),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction("zilliz_cluster.test", plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: tfresource.ComposeTestCheckFunc(
					checkMockAutoscaling(acc, &id, zillizmock.AutoscalingInfo{}, false),
					checkMockSize(acc, &id, 4, 2),
					func(s *terraform.State) error {
						var now string
						if err := captureID(&now)(s); err != nil || now != id {
							return fmt.Errorf("the cluster was replaced (%s -> %s, %v)", id, now, err)
						}
						return nil
					}),
			},
			{
				// And autoscaling again (CUs only; replicas stay fixed), in place.
				Config: testAccClusterConfig(acc, name, planEnterprise, autoscalingBlock(8, 32, 0, 0), "replica = 2"),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction("zilliz_cluster.test", plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: tfresource.ComposeTestCheckFunc(
					checkMockAutoscaling(acc, &id, zillizmock.AutoscalingInfo{CUMin: 8, CUMax: 32}, true),
					checkMockSize(acc, &id, 8, 2)),
			},
		},
	})
}

// Plan-time validation of the capacity arguments: no API call.
func TestClusterResource_capacityValidation(t *testing.T) {
	acc := planTimeTarget()
	for _, tc := range []struct {
		name, plan string
		extra      []string
		want       string
	}{
		{"cap with autoscaling maxima", planEnterprise, []string{autoscalingBlock(2, 512, 1, 4)}, `512 CUs × 4 replicas = 2048, above the 1024`},
		{"cap with fixed sizes", planEnterprise, []string{"cu_size = 256", "replica = 8"}, `256 × 8 = 2048, above the 1024`},
		{"cap with a fixed replica and a CU maximum", planEnterprise, []string{autoscalingBlock(2, 256, 0, 0), "replica = 5"}, `256 CUs × 5 replicas`},
		{"min above max", planEnterprise, []string{autoscalingBlock(8, 4, 0, 0)}, `autoscaling.cu.min = 8 is above max = 4`},
		{"cu_size beside autoscaling.cu", planEnterprise, []string{"cu_size = 2", autoscalingBlock(2, 8, 0, 0)}, `cu_size and autoscaling.cu are mutually exclusive`},
		{"replica beside autoscaling.replica", planEnterprise, []string{"replica = 2", autoscalingBlock(0, 0, 1, 3)}, `replica and autoscaling.replica are mutually exclusive`},
		{"CU bound not offered", planStandard, []string{autoscalingBlock(2, 3, 0, 0)}, `bound 3 is not offered on the Standard plan`},
		{"replicas on Standard", planStandard, []string{autoscalingBlock(0, 0, 1, 2)}, `autoscaling.replica.max = 2 needs plan = "Enterprise"`},
		{"empty autoscaling", planEnterprise, []string{"autoscaling {}"}, `needs a cu \{ min, max \} or a replica`},
		{"half a range", planEnterprise, []string{"autoscaling {\n cu {\n min = 2\n }\n }"}, `autoscaling.cu needs both min and max`},
		{"autoscaling on Serverless", planServerless, []string{autoscalingBlock(1, 2, 0, 0)}, `autoscaling applies to dedicated clusters only`},
		{"final backup on Free", planFree, []string{"final_backup = true"}, `final_backup applies to dedicated clusters only`},
		{"restore into Serverless", planServerless, []string{"restore_from {\n cluster_id = \"in01-abc\"\n backup_id = \"b\"\n }"}, `restore_from applies to dedicated clusters only`},
		{"restore without a backup", planStandard, []string{"restore_from {\n cluster_id = \"in01-abc\"\n }"}, `restore_from needs cluster_id .* and backup_id`},
		{"restore status unknown", planStandard, []string{"restore_from {\n cluster_id = \"in01-abc\"\n backup_id = \"b\"\n collection_status = \"WARM\"\n }"}, `"KEEP".*"RELEASE".*"LOADED".*"NOT_LOADED"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tfresource.UnitTest(t, tfresource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []tfresource.TestStep{{
					Config: testAccClusterConfig(acc, "valid-name", tc.plan, tc.extra...), PlanOnly: true, ExpectError: errorMatching(tc.want),
				}},
			})
		})
	}
}

// sourceWithBackup makes a Standard cluster outside Terraform holding
// default.articles (1000 entities) and shop.items (7), and a cluster backup
// of it; it returns the cluster id, its password and the backup id.
func sourceWithBackup(t *testing.T, acc accTarget) (clusterID, password, backupID string) {
	t.Helper()
	acc.requireMock(t)
	c, pw := newMockClusterWith(t, acc, zilliz.CreateClusterRequest{
		Plan: planStandard, ClusterName: testAccName("tf-acc-src"), CUType: defaultCUType, CUSize: 1,
	})
	client := mockClient(t, acc)
	dp, err := client.DataPlane(c.ConnectAddress, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := dp.CreateCollection(t.Context(), zilliz.CreateCollectionRequest{CollectionName: "articles", Dimension: 4}); err != nil {
		t.Fatal(err)
	}
	if err := dp.CreateDatabase(t.Context(), "shop", nil); err != nil {
		t.Fatal(err)
	}
	if err := dp.CreateCollection(t.Context(), zilliz.CreateCollectionRequest{Database: "shop", CollectionName: "items", Dimension: 4}); err != nil {
		t.Fatal(err)
	}
	for db, n := range map[string]struct {
		name string
		rows int64
	}{"default": {"articles", 1000}, "shop": {"items", 7}} {
		if err := acc.Mock.InsertRows(c.ClusterID, db, n.name, n.rows); err != nil {
			t.Fatal(err)
		}
	}
	created, err := client.CreateBackup(t.Context(), c.ClusterID, zilliz.CreateBackupRequest{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := client.WaitForBackup(t.Context(), c.ClusterID, created.BackupID, created.JobID, atOnce); err != nil {
		t.Fatal(err)
	}
	return c.ClusterID, pw, created.BackupID
}

func restoreBlock(clusterID, backupID string) string {
	return fmt.Sprintf("restore_from {\n    cluster_id = %q\n    backup_id  = %q\n  }", clusterID, backupID)
}

func TestAccClusterResource_restore(t *testing.T) {
	acc := newAccTarget(t, withBackupPhases)
	src, srcPassword, backupID := sourceWithBackup(t, acc)
	name := testAccName("tf-acc-restored")
	var id string
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkClustersDropped(acc),
		Steps: []tfresource.TestStep{
			{
				// The Zilliz CLI's LOADED, sent as the API's KEEP (the mock refuses
				// any other collectionStatus): articles, loaded when backed up, is
				// loaded on the restored cluster.
				Config: testAccClusterConfig(acc, name, planStandard, "cu_size = 2", `labels = { env = "staging" }`,
					strings.Replace(restoreBlock(src, backupID), "\n  }", "\n    collection_status = \"LOADED\"\n  }", 1)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("zilliz_cluster.test", tfjsonpath.New("status"), knownvalue.StringExact("RUNNING")),
					statecheck.ExpectKnownValue("zilliz_cluster.test", tfjsonpath.New("cu_size"), knownvalue.Int64Exact(2)),
					statecheck.ExpectKnownValue("zilliz_cluster.test", tfjsonpath.New("labels").AtMapKey("env"), knownvalue.StringExact("staging")),
					statecheck.ExpectSensitiveValue("zilliz_cluster.test", tfjsonpath.New("password")),
				},
				ConfigPlanChecks: tfresource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check: tfresource.ComposeTestCheckFunc(captureID(&id), func(s *terraform.State) error {
					if id == src {
						return fmt.Errorf("the restore reused the source cluster")
					}
					if n := countRequests(acc.Mock, http.MethodPost, "/v2/clusters/"+src+"/backups/"+backupID+"/restoreCluster"); n != 1 {
						return fmt.Errorf("%d restore calls, want 1", n)
					}
					// The new db_admin password is in state, and it opens the
					// restored cluster, which holds the backed-up collections and entities.
					attrs := s.RootModule().Resources["zilliz_cluster.test"].Primary.Attributes
					pw := attrs["password"]
					if pw == "" || pw == srcPassword {
						return fmt.Errorf("password %q: want the restored cluster's new one", pw)
					}
					dp, err := mockClient(t, acc).DataPlane(attrs["connect_address"], "db_admin:"+pw)
					if err != nil {
						return err
					}
					for db, want := range map[string]struct {
						name string
						rows int64
					}{"default": {"articles", 1000}, "shop": {"items", 7}} {
						names, err := dp.ListCollections(t.Context(), db)
						if err != nil || !slices.Equal(names, []string{want.name}) {
							return fmt.Errorf("collections of %s on the restored cluster: %v, %v", db, names, err)
						}
						rows, err := dp.CollectionRowCount(t.Context(), db, want.name)
						if err != nil || rows != want.rows {
							return fmt.Errorf("%s.%s holds %d entities (%v), want %d", db, want.name, rows, err, want.rows)
						}
					}
					if state, _, err := dp.GetLoadState(t.Context(), "default", "articles"); err != nil || state == zilliz.LoadStateNotLoad {
						return fmt.Errorf("articles on the restored cluster is %s (%v): collection_status LOADED keeps it loaded", state, err)
					}
					return nil
				}),
			},
			{
				// restore_from is a create-time argument: a changed one is recorded, never restored or replaced.
				Config: testAccClusterConfig(acc, name, planStandard, "cu_size = 2", `labels = { env = "staging" }`, restoreBlock(src, "backup9_000000000000000")),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction("zilliz_cluster.test", plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(s *terraform.State) error {
					var now string
					if err := captureID(&now)(s); err != nil || now != id {
						return fmt.Errorf("cluster replaced (%s -> %s)", id, now)
					}
					if n := countRequests(acc.Mock, http.MethodPost, "/v2/clusters/"+src+"/backups/backup9_000000000000000/restoreCluster"); n != 0 {
						return fmt.Errorf("a changed restore_from restored again")
					}
					return nil
				},
			},
		},
	})
}

// final_backup: destroy takes a manual backup, waits until it is AVAILABLE,
// and only then drops the cluster; the backup outlives the cluster.
func TestAccClusterResource_finalBackup(t *testing.T) {
	acc := newAccTarget(t, withBackupPhases)
	acc.requireMock(t)
	name := testAccName("tf-acc-final")
	var id string
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy: func(s *terraform.State) error {
			if err := checkClustersDropped(acc)(s); err != nil {
				return err
			}
			backups := acc.Mock.Backups(id)
			if len(backups) != 1 || backups[0].CreationMethod != "MANUAL" || backups[0].Status != zillizmock.BackupAvailable || backups[0].Collections["default.notes"] != 5 {
				return fmt.Errorf("backups of the dropped cluster: %+v, want one manual AVAILABLE backup holding default.notes", backups)
			}
			// In the request log: the backup described (AVAILABLE) before the drop,
			// which came after the backup was done.
			reqs := acc.Mock.Requests()
			drop := slices.IndexFunc(reqs, func(r zillizmock.Request) bool {
				return r.Method == http.MethodDelete && r.Path == "/v2/clusters/"+id+"/drop"
			})
			lastDescribe := -1
			for i, r := range reqs {
				if r.Method == http.MethodGet && r.Path == "/v2/clusters/"+id+"/backups/"+backups[0].ID {
					lastDescribe = i
				}
			}
			create := slices.IndexFunc(reqs, func(r zillizmock.Request) bool { return r.Path == "/v2/clusters/"+id+"/backups/create" })
			if create < 0 || lastDescribe < create || drop < lastDescribe {
				return fmt.Errorf("request order: backup create %d, last describe %d, drop %d; want create < describe < drop", create, lastDescribe, drop)
			}
			if reqs[drop].Time.Before(backups[0].ReadyAt) {
				return fmt.Errorf("drop at %s, before the backup was AVAILABLE at %s", reqs[drop].Time, backups[0].ReadyAt)
			}
			return nil
		},
		Steps: []tfresource.TestStep{{
			Config: testAccClusterConfig(acc, name, planStandard, "final_backup = true"),
			Check: tfresource.ComposeTestCheckFunc(captureID(&id), func(s *terraform.State) error {
				// A collection Terraform does not manage: it must be in the final backup.
				dp, err := mockClient(t, acc).DataPlane(s.RootModule().Resources["zilliz_cluster.test"].Primary.Attributes["connect_address"], "")
				if err != nil {
					return err
				}
				if err := dp.CreateCollection(t.Context(), zilliz.CreateCollectionRequest{CollectionName: "notes", Dimension: 4}); err != nil {
					return err
				}
				return acc.Mock.InsertRows(id, "default", "notes", 5)
			}),
			ConfigPlanChecks: tfresource.ConfigPlanChecks{PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
		}},
	})
}

// A final backup that fails drops nothing; deletion_protection wins over final_backup.
func TestAccClusterResource_finalBackupFailsOrProtected(t *testing.T) {
	acc := newAccTarget(t, withBackupPhases)
	acc.requireMock(t)
	name := testAccName("tf-acc-finalfail")
	var id string
	noDrop := func(what string) func() {
		return func() {
			if n := dropCalls(acc.Mock, id); n != 0 {
				t.Errorf("%s: %d drop calls, want none", what, n)
			}
			if c, ok := acc.Mock.Cluster(id); !ok || c.Status != zillizmock.StatusRunning {
				t.Errorf("%s: the cluster is %+v, want RUNNING", what, c)
			}
		}
	}
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		CheckDestroy:             checkClustersDropped(acc),
		Steps: []tfresource.TestStep{
			{
				Config: testAccClusterConfig(acc, name, planStandard, "final_backup = true", "deletion_protection = true"),
				Check:  captureID(&id),
			},
			{
				Config:      testAccClusterConfig(acc, name, planStandard, "final_backup = true", "deletion_protection = true"),
				Destroy:     true,
				ExpectError: errorMatching(`deletion_protection is true`),
			},
			{
				PreConfig: func() {
					noDrop("protected")()
					if b := acc.Mock.Backups(id); len(b) != 0 {
						t.Errorf("a protected cluster was backed up: %+v", b)
					}
					acc.Mock.SetBackupFailure("object storage unavailable")
				},
				Config: testAccClusterConfig(acc, name, planStandard, "final_backup = true"),
			},
			{
				Config:      testAccClusterConfig(acc, name, planStandard, "final_backup = true"),
				Destroy:     true,
				ExpectError: errorMatching(`Final backup of cluster .* failed: the cluster was not dropped.*object storage unavailable`),
			},
			{
				PreConfig: func() {
					noDrop("final backup failed")()
					acc.Mock.SetBackupFailure("")
				},
				Config: testAccClusterConfig(acc, name, planStandard, "final_backup = true"),
			},
		},
	})
}

// What only the CLI shows: the destroy plan's warning with every collection
// (managed or not) and its entities, what it says when the endpoint cannot
// be read, the warning of a changed restore_from, and the destroy output
// naming the final backup and how to restore it.
func TestCLI_clusterDestroyWarnings(t *testing.T) {
	acc := newAccTarget(t, withBackupPhases)
	acc.requireMock(t)
	name := testAccName("tf-acc-warn")
	cfg := func(extra string) string {
		return fmt.Sprintf(`
terraform {
  required_providers {
    zilliz = { source = "registry.terraform.io/vectorops/zilliz" }
  }
}
provider "zilliz" {
  base_url = %q
  api_key  = %q
}
resource "zilliz_cluster" "test" {
  project_id   = %q
  region_id    = %q
  name         = %q
  plan         = "Standard"
  final_backup = true
  %s
}
resource "zilliz_collection" "managed" {
  cluster_endpoint = zilliz_cluster.test.connect_address
  name             = "managed"
  dimension        = 4
}
`, acc.Mock.URL(), acc.Mock.APIKey(), acc.ProjectID, acc.RegionID, name, extra)
	}
	w := newCLIWorkspace(t, cfg(""))
	w.mustRun("apply", "-auto-approve")
	clusters := acc.Mock.Clusters()
	if len(clusters) != 1 {
		t.Fatalf("%d clusters", len(clusters))
	}
	id := clusters[0].ClusterID
	t.Cleanup(func() {
		acc.Mock.SetFaults(zillizmock.Faults{})
		if c, ok := acc.Mock.Cluster(id); ok && c.Status != zillizmock.StatusDeleted {
			_, _ = w.run("destroy", "-auto-approve")
		}
	})
	dp, err := mockClient(t, acc).DataPlane(clusters[0].ConnectAddress, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := dp.CreateCollection(t.Context(), zilliz.CreateCollectionRequest{CollectionName: "orphan", Dimension: 4}); err != nil {
		t.Fatal(err)
	}
	if err := acc.Mock.InsertRows(id, "default", "orphan", 42); err != nil {
		t.Fatal(err)
	}

	out := w.mustRun("plan", "-destroy")
	for _, want := range []string{
		"will be destroyed with its collections", "holds 2 collection(s)", "default.managed: 0 entities",
		"default.orphan: 42 entities", "including those Terraform does not manage", "final_backup is true",
	} {
		if !strings.Contains(strings.Join(strings.Fields(out), " "), want) {
			t.Errorf("plan -destroy does not say %q:\n%s", want, out)
		}
	}

	// An endpoint that cannot be read: the warning says so, the plan goes on.
	acc.Mock.SetFaults(zillizmock.Faults{Rate5xx: 1, PathPrefix: "/v2/vectordb/databases/list"})
	out = w.mustRun("plan", "-destroy")
	if !strings.Contains(strings.Join(strings.Fields(out), " "), "collections could not be listed") {
		t.Errorf("plan -destroy with an unreadable endpoint:\n%s", out)
	}
	acc.Mock.SetFaults(zillizmock.Faults{})

	// A changed restore_from: a warning and an update, no replacement.
	w.setConfig(cfg(`restore_from {
    cluster_id = "in01-000000000000001"
    backup_id  = "backup1_000000000000001"
  }`))
	out = w.mustRun("plan")
	if flat := strings.Join(strings.Fields(out), " "); !strings.Contains(flat, "restore_from only applies when the cluster is created") ||
		!strings.Contains(flat, "1 to change, 0 to destroy") {
		t.Errorf("plan with a changed restore_from:\n%s", out)
	}
	w.mustRun("apply", "-auto-approve")

	out = w.mustRun("destroy", "-auto-approve")
	backups := acc.Mock.Backups(id)
	if len(backups) != 1 {
		t.Fatalf("backups after destroy: %+v", backups)
	}
	flat := strings.Join(strings.Fields(out), " ")
	for _, want := range []string{"Final backup " + backups[0].ID, `backup_id = "` + backups[0].ID + `"`, "restore_from {"} {
		if !strings.Contains(flat, want) {
			t.Errorf("destroy output does not say %q:\n%s", want, out)
		}
	}
	if !regexp.MustCompile(`Destroy complete! Resources: 2 destroyed`).MatchString(out) {
		t.Errorf("destroy output:\n%s", out)
	}
}
