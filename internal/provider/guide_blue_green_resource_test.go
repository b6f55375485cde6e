package provider

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/config"
	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
)

// TestAccGuideBlueGreenAliases runs the HCL of the guide "Blue-green
// re-indexing with aliases" (examples/guides/blue-green-aliases/main.tf) as
// it is written: the first apply builds articles_v1 behind the alias; the
// second, with articles_version = "v2", creates articles_v2, moves the alias
// with one alter and only then drops articles_v1, while a reader polling the
// alias never finds it missing.
func TestAccGuideBlueGreenAliases(t *testing.T) {
	acc := newAccTarget(t)
	clusterID, endpoint := runningMockCluster(t, acc)
	hcl, err := os.ReadFile(filepath.Join("..", "..", "examples", "guides", "blue-green-aliases", "main.tf"))
	if err != nil {
		t.Fatal(err)
	}
	vars := func(version string) config.Variables {
		return config.Variables{"cluster_endpoint": config.StringVariable(endpoint), "articles_version": config.StringVariable(version)}
	}
	var (
		poller *aliasPoller
		watch  *retargetWatch
	)
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{
			{
				Config:          acc.Provider + string(hcl),
				ConfigVariables: vars("v1"),
				Check: func(*terraform.State) error {
					if got := acc.Mock.Aliases(clusterID, "default"); got["articles"] != "articles_v1" {
						return fmt.Errorf("aliases: %v", got)
					}
					return nil
				},
			},
			{
				PreConfig: func() {
					acc.Mock.ResetRequests()
					watch = watchRetarget(acc, clusterID, "default", "articles")
					poller = startAliasPoller(t, acc, endpoint, "default", "articles")
					if err := poller.waitSeen("articles_v1"); err != nil {
						t.Fatal(err)
					}
				},
				Config:          acc.Provider + string(hcl),
				ConfigVariables: vars("v2"),
				ConfigPlanChecks: tfresource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("zilliz_collection.articles", plancheck.ResourceActionCreateBeforeDestroy),
						plancheck.ExpectResourceAction("zilliz_collection_alias.articles", plancheck.ResourceActionUpdate),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: func(*terraform.State) error {
					if err := watch.check("articles_v1", "articles_v2"); err != nil {
						return err
					}
					if err := poller.check("articles_v1", "articles_v2"); err != nil {
						return err
					}
					created, altered, dropped := -1, -1, -1
					aliasDrops := 0
					for i, r := range acc.Mock.Requests() {
						switch {
						case r.Method != http.MethodPost:
						case r.Path == "/v1/vector/collections/create" && r.Collection == "articles_v2":
							created = i
						case r.Path == "/v2/vectordb/aliases/alter":
							altered = i
						case r.Path == "/v2/vectordb/aliases/drop":
							aliasDrops++
						case r.Path == "/v1/vector/collections/drop" && r.Collection == "articles_v1":
							dropped = i
						}
					}
					if created < 0 || altered < 0 || dropped < 0 || created > altered || altered > dropped || aliasDrops != 0 {
						return fmt.Errorf("requests: create articles_v2 at %d, alter alias at %d, drop articles_v1 at %d, %d alias drops; "+
							"want create < alter < drop and no alias drop", created, altered, dropped, aliasDrops)
					}
					if got := acc.Mock.Collections(clusterID, "default"); len(got) != 1 || got[0] != "articles_v2" {
						return fmt.Errorf("collections: %v, want [articles_v2]", got)
					}
					return nil
				},
			},
		},
	})
}

// Without create_before_destroy, the same change drops articles_v1 first,
// which the cluster refuses while the alias names it: the guide's reason for
// the lifecycle block. Nothing is lost; the alias keeps serving articles_v1.
func TestAccGuideBlueGreenAliases_withoutCreateBeforeDestroy(t *testing.T) {
	acc := newAccTarget(t)
	clusterID, endpoint := runningMockCluster(t, acc)
	raw, err := os.ReadFile(filepath.Join("..", "..", "examples", "guides", "blue-green-aliases", "main.tf"))
	if err != nil {
		t.Fatal(err)
	}
	hcl := strings.Replace(string(raw), "create_before_destroy = true", "create_before_destroy = false", 1)
	if hcl == string(raw) {
		t.Fatal("the guide's HCL has no create_before_destroy = true")
	}
	vars := func(version string) config.Variables {
		return config.Variables{"cluster_endpoint": config.StringVariable(endpoint), "articles_version": config.StringVariable(version)}
	}
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
		Steps: []tfresource.TestStep{
			{Config: acc.Provider + hcl, ConfigVariables: vars("v1")},
			{
				Config:          acc.Provider + hcl,
				ConfigVariables: vars("v2"),
				ExpectError:     errorMatching(`Could not drop collection articles_v1.*associated aliases \[articles\]`),
			},
			{
				Config:          acc.Provider + hcl,
				ConfigVariables: vars("v1"),
				PreConfig: func() {
					if got := acc.Mock.Aliases(clusterID, "default"); got["articles"] != "articles_v1" {
						t.Fatalf("aliases after the failed apply: %v", got)
					}
				},
			},
		},
	})
}
