package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
)

// A role with grants, a user with roles and a partition made outside
// Terraform are adopted with `import` blocks and -generate-config-out: the
// generated HCL is valid as written and plans nothing once imported (the
// user's password is not readable, so none is generated and none is
// needed for a user that exists).
func TestAccGenerateConfig_clusterAccess(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	cluster := standardMockCluster(t, acc, "gen-access")
	endpoint := cluster.ConnectAddress
	dp := mockDataPlane(t, acc, endpoint)
	ctx := t.Context()
	for _, step := range []func() error{
		func() error { return dp.CreateRole(ctx, "indexer") },
		func() error {
			return dp.GrantPrivilege(ctx, "indexer", zilliz.Grant{Privilege: "COLL_RW", Database: "default", Collection: "articles"})
		},
		func() error {
			return dp.GrantPrivilege(ctx, "indexer", zilliz.Grant{Privilege: "Cluster_RO", Database: "*", Collection: "*"})
		},
		func() error { return dp.CreateUser(ctx, "pipeline", "Pipe-Passw0rd") },
		func() error { return dp.GrantRole(ctx, "pipeline", "indexer") },
		func() error { return dp.GrantRole(ctx, "pipeline", "db_ro") },
		func() error {
			return dp.CreateCollection(ctx, zilliz.CreateCollectionRequest{CollectionName: "articles", Dimension: 4})
		},
		func() error { return dp.CreatePartition(ctx, "", "articles", "tenant_a") },
	} {
		if err := step(); err != nil {
			t.Fatal(err)
		}
	}
	imports := devOverridesRequiredProviders + fmt.Sprintf(`
import {
  to = zilliz_cluster_role.indexer
  id = %q
}
import {
  to = zilliz_cluster_user.pipeline
  id = %q
}
import {
  to = zilliz_partition.tenant_a
  id = %q
}
`, clusterRoleID(endpoint, "indexer"), clusterUserID(endpoint, "pipeline"), partitionID(endpoint, "default", "articles", "tenant_a"))
	w := newCLIWorkspace(t, imports, "ZILLIZ_API_KEY="+acc.Mock.APIKey(), "ZILLIZ_BASE_URL="+acc.Mock.URL())
	w.skipBelow(tfversion.Version1_5_0, "import blocks and -generate-config-out need Terraform 1.5")
	out := w.mustRun("plan", "-generate-config-out=generated.tf")
	generated, err := os.ReadFile(filepath.Join(w.dir, "generated.tf"))
	if err != nil {
		t.Fatalf("no generated.tf: %v\n%s", err, out)
	}
	t.Logf("generated.tf:\n%s", generated)
	if !strings.Contains(out, "3 to import, 0 to add, 0 to change, 0 to destroy") {
		t.Fatalf("plan with the generated configuration is not import-only:\n%s", out)
	}
	out = w.mustRun("apply", "-auto-approve")
	if !strings.Contains(out, "3 imported, 0 added, 0 changed, 0 destroyed") {
		t.Fatalf("apply:\n%s", out)
	}
	if out, err := w.run("plan", "-detailed-exitcode"); err != nil {
		t.Fatalf("plan after the import is not empty (%v):\n%s\ngenerated.tf:\n%s", err, out, generated)
	}
}
