package provider

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
	"github.com/vectorops/terraform-provider-zilliz/internal/zillizmock"
)

// A plan and a destroy of a collection whose endpoint accepts connections and
// never answers: a dropped cluster's collection leaves state (the plan
// re-creates it, the destroy drops nothing); a live cluster's plan and destroy
// fail with the network-reach message naming the endpoint, keeping the
// collection in state and on the server. (TestCallEndpointSilent
// counts the attempts; this runs it through Terraform.)
func TestAccCollectionResource_silentEndpoint(t *testing.T) {
	for _, dropped := range []bool{true, false} {
		t.Run(fmt.Sprintf("dropped=%v", dropped), func(t *testing.T) {
			acc := newAccTarget(t)
			acc.requireMock(t)
			c, _ := newMockClusterWith(t, acc, zilliz.CreateClusterRequest{Plan: "Serverless", ClusterName: testAccName("tf-acc-silent")})
			cfg := acc.Provider + fmt.Sprintf(`
resource "zilliz_collection" "test" {
  cluster_endpoint = %q
  name             = "silent"
  dimension        = 8
}
`, c.ConnectAddress)
			// A short probe keeps the hanging steps short; it must still be far
			// longer than any answer of the in-process mock on a busy machine,
			// since the steps where the endpoint answers again go through the
			// same probe (two missed probes would read as out of reach).
			factories := providerFactoriesWith(func(c *zilliz.Config) { c.ProbeTimeout = 2 * time.Second })
			hang := func() {
				if err := acc.Mock.SetEndpointHanging(c.ClusterID, true); err != nil {
					t.Fatal(err)
				}
				if dropped {
					if err := acc.Mock.DropClusterNow(c.ClusterID); err != nil {
						t.Fatal(err)
					}
				}
			}
			steps := []tfresource.TestStep{{Config: cfg}}
			if dropped {
				steps = append(steps,
					tfresource.TestStep{PreConfig: hang, Config: cfg, PlanOnly: true, ExpectNonEmptyPlan: true},
					// The destroy at the end refreshes first: the collection
					// leaves state, and nothing is dropped.
				)
			} else {
				steps = append(steps,
					tfresource.TestStep{PreConfig: hang, Config: cfg, PlanOnly: true,
						ExpectError: regexp.MustCompile(`(?s)did not answer.*IP allow list.*private endpoint`)},
					// A destroy while the endpoint still hangs fails the same
					// way, naming the endpoint, and drops nothing.
					tfresource.TestStep{Config: cfg, Destroy: true,
						ExpectError: errorMatching(`The cluster endpoint ` + regexp.QuoteMeta(c.ConnectAddress) + ` did not answer.*IP allow list.*private endpoint`)},
					tfresource.TestStep{
						PreConfig: func() {
							if drops := count(acc.Mock, func(r zillizmock.Request) bool { return r.Path == "/v1/vector/collections/drop" }); drops != 0 {
								t.Errorf("the destroy on a silent endpoint sent %d collection drops, want 0", drops)
							}
							if err := acc.Mock.SetEndpointHanging(c.ClusterID, false); err != nil {
								t.Fatal(err)
							}
						},
						// The collection is still in state and on the server:
						// the plan is empty, and the state names it.
						Config:           cfg,
						ConfigPlanChecks: tfresource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
						Check: tfresource.ComposeTestCheckFunc(
							tfresource.TestCheckResourceAttr("zilliz_collection.test", "name", "silent"),
							tfresource.TestCheckResourceAttr("zilliz_collection.test", "id", collectionID(c.ConnectAddress, "default", "silent")),
						),
					},
				)
			}
			tfresource.ParallelTest(t, tfresource.TestCase{
				ProtoV6ProviderFactories: factories,
				Steps:                    steps,
				CheckDestroy: func(*terraform.State) error {
					drops := count(acc.Mock, func(r zillizmock.Request) bool { return r.Path == "/v1/vector/collections/drop" && r.Fault == "" })
					if want := map[bool]int{true: 0, false: 1}[dropped]; drops != want {
						return fmt.Errorf("%d collection drops answered, want %d", drops, want)
					}
					return nil
				},
			})
		})
	}
}

// unresolvable answers every dial to a host under .invalid (RFC 6761: never
// resolves) with the resolver's "no such host", as on a machine whose DNS
// works, and counts those dials.
type unresolvable struct{ dials atomic.Int32 }

func (u *unresolvable) hook(c *zilliz.Config) {
	c.HTTPClient = &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		host, _, _ := net.SplitHostPort(addr)
		if strings.HasSuffix(host, ".invalid") {
			u.dials.Add(1)
			return nil, &net.OpError{Op: "dial", Net: network, Err: &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}}
		}
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}}}
}

// A collection on an endpoint whose host name does not resolve fails at once
// with a message naming the endpoint (issue 18): "no such host" is not taken
// for a cluster that is not up yet, so the create neither retries nor waits
// out its timeout. The dials are counted, not timed.
func TestAccCollectionResource_unresolvableEndpoint(t *testing.T) {
	acc := newAccTarget(t)
	acc.requireMock(t)
	const endpoint = "https://in01-0123456789abcde.gcp-us-west1.vectordb.invalid"
	u := &unresolvable{}
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: providerFactoriesWith(u.hook),
		Steps: []tfresource.TestStep{{
			Config: acc.Provider + `
resource "zilliz_collection" "test" {
  cluster_endpoint = "` + endpoint + `"
  name             = "unresolvable"
  dimension        = 8
}
`,
			ExpectError: errorMatching(`Could not create collection unresolvable.*` + regexp.QuoteMeta(endpoint) + `.*does not resolve`),
		}},
		CheckDestroy: func(*terraform.State) error {
			// The create's name check, once: no retry, no wait for the endpoint.
			if n := u.dials.Load(); n != 1 {
				return fmt.Errorf("%d dials to the unresolvable endpoint, want 1", n)
			}
			return nil
		},
	})
}
