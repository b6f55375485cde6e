package provider

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
	"github.com/vectorops/terraform-provider-zilliz/internal/zillizmock"
)

// Projects, API keys and private endpoints made outside Terraform are
// adopted with `import` blocks and `-generate-config-out`: the generated HCL
// is valid as written and plans nothing once imported. Run through the real
// CLI, as users do, for both forms of the project answers.
func TestAccGenerateConfig_access(t *testing.T) {
	for _, regionsInAnswers := range []bool{false, true} {
		t.Run(fmt.Sprintf("project answers list regions: %v", regionsInAnswers), func(t *testing.T) {
			acc := newAccTarget(t, func(o *zillizmock.Options) { o.ProjectRegionIDs = regionsInAnswers })
			acc.requireMock(t)
			client, err := zilliz.NewClient(zilliz.Config{BaseURL: acc.Mock.URL(), APIKey: acc.Mock.APIKey()})
			if err != nil {
				t.Fatal(err)
			}
			ctx := t.Context()
			project, _, err := client.CreateProject(ctx, zilliz.CreateProjectRequest{ProjectName: "gen-project", Plan: "BusinessCritical",
				RegionIDs: []string{"gcp-us-west1", "aws-us-west-2"}})
			if err != nil {
				t.Fatal(err)
			}
			target := acc
			target.ProjectID = project
			c, _ := newMockClusterWith(t, target, zilliz.CreateClusterRequest{Plan: planServerless, ClusterName: "gen-cluster"})
			member, err := client.CreateAPIKey(ctx, zilliz.APIKeyRequest{Name: "gen-ci", Description: "made in the console", OrgRole: zilliz.OrgRoleMember,
				Projects: []zilliz.APIKeyProjectAccess{
					{ProjectID: project, Role: zilliz.ProjectRoleReadWrite, ClusterIDs: []string{c.ClusterID}},
					{ProjectID: acc.ProjectID, Role: zilliz.ProjectRoleReadOnly, AllCluster: true},
				}})
			if err != nil {
				t.Fatal(err)
			}
			billing, err := client.CreateAPIKey(ctx, zilliz.APIKeyRequest{Name: "gen-billing", OrgRole: zilliz.OrgRoleBillingAdmin})
			if err != nil {
				t.Fatal(err)
			}
			if err := client.CreatePrivateEndpoint(ctx, project, zilliz.CreatePrivateEndpointRequest{RegionID: "aws-us-west-2", EndpointID: "vpce-0123456789abcdef0"}); err != nil {
				t.Fatal(err)
			}
			if err := client.CreatePrivateEndpoint(ctx, project, zilliz.CreatePrivateEndpointRequest{RegionID: "gcp-us-west1", EndpointID: "psc-gen", GCPProjectID: "acme"}); err != nil {
				t.Fatal(err)
			}

			imports := devOverridesRequiredProviders + fmt.Sprintf(`
import {
  to = zilliz_project.gen
  id = %[1]q
}
import {
  to = zilliz_api_key.ci
  id = %[2]q
}
import {
  to = zilliz_api_key.billing
  id = %[3]q
}
import {
  to = zilliz_private_endpoint.aws
  id = "%[1]s/aws-us-west-2/vpce-0123456789abcdef0"
}
import {
  to = zilliz_private_endpoint.gcp
  id = "%[1]s/gcp-us-west1/psc-gen"
}
`, project, member.APIKeyID, billing.APIKeyID)
			w := newCLIWorkspace(t, imports, "ZILLIZ_API_KEY="+acc.Mock.APIKey(), "ZILLIZ_BASE_URL="+acc.Mock.URL())
			w.skipBelow(tfversion.Version1_5_0, "import blocks and -generate-config-out need Terraform 1.5")
			out := w.mustRun("plan", "-generate-config-out=generated.tf")
			generated, err := os.ReadFile(filepath.Join(w.dir, "generated.tf"))
			if err != nil {
				t.Fatalf("no generated.tf: %v\n%s", err, out)
			}
			t.Logf("generated.tf:\n%s", generated)
			if !strings.Contains(out, "5 to import, 0 to add, 0 to change, 0 to destroy") {
				t.Fatalf("plan with the generated configuration is not import-only:\n%s", out)
			}
			if out = w.mustRun("apply", "-auto-approve"); !strings.Contains(out, "5 imported, 0 added, 0 changed, 0 destroyed") {
				t.Fatalf("apply:\n%s", out)
			}
			if out, err := w.run("plan", "-detailed-exitcode"); err != nil {
				t.Fatalf("plan after the import is not empty (%v):\n%s\ngenerated.tf:\n%s", err, out, generated)
			}
		})
	}
}
