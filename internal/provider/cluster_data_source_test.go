package provider

import (
	"testing"

	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/vectorops/terraform-provider-zilliz/internal/zillizmock"
)

// The data sources report replica only when describe does: the recorded real
// answers do not carry it (mock default), newer API pages do
// (DescribeReplicaAndLabels); the list answer never does. They never report a
// 1 they did not read.
func TestAccClusterDataSource_replicaOnlyWhenReported(t *testing.T) {
	for _, tc := range []struct {
		name     string
		reported bool
		want     knownvalue.Check
	}{
		{"not reported", false, knownvalue.Null()},
		{"reported", true, knownvalue.Int64Exact(2)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			acc := newAccTarget(t, func(o *zillizmock.Options) { o.DescribeReplicaAndLabels = tc.reported })
			acc.requireMock(t)
			tfresource.ParallelTest(t, tfresource.TestCase{
				ProtoV6ProviderFactories: testAccProtoV6ProviderFactories,
				Steps: []tfresource.TestStep{{
					Config: testAccClusterConfig(acc, testAccName("tf-acc-dsrep"), "Enterprise", "cu_size = 8", "replica = 2") + `
data "zilliz_cluster" "one" {
  id = zilliz_cluster.test.id
}
data "zilliz_clusters" "all" {
  depends_on = [zilliz_cluster.test]
}`,
					ConfigStateChecks: []statecheck.StateCheck{
						statecheck.ExpectKnownValue("data.zilliz_cluster.one", tfjsonpath.New("replica"), tc.want),
						// The list answer has no replica field at all (list-clusters-v2 example).
						statecheck.ExpectKnownValue("data.zilliz_clusters.all", tfjsonpath.New("clusters").AtSliceIndex(0).AtMapKey("replica"), knownvalue.Null()),
						// The resource keeps the value it set either way.
						statecheck.ExpectKnownValue("zilliz_cluster.test", tfjsonpath.New("replica"), knownvalue.Int64Exact(2)),
					},
				}},
			})
		})
	}
}
