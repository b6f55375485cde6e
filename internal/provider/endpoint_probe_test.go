package provider

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
	"github.com/vectorops/terraform-provider-zilliz/internal/zillizmock"
)

// privateWith is a resource's private state holding the cluster id.
type privateWith string

func (p privateWith) GetKey(context.Context, string) ([]byte, diag.Diagnostics) {
	if p == "" {
		return nil, nil
	}
	raw, _ := json.Marshal(string(p))
	return raw, nil
}

// silentListener accepts connections and never answers; it is closed with the test.
func silentListener(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var conns []net.Conn
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			conns = append(conns, c)
		}
	}()
	t.Cleanup(func() {
		_ = ln.Close()
		<-done
		for _, c := range conns {
			_ = c.Close()
		}
	})
	return "http://" + ln.Addr().String()
}

// count counts the mock's logged requests that match.
func count(m *zillizmock.Server, match func(zillizmock.Request) bool) int {
	n := 0
	for _, r := range m.Requests() {
		if match(r) {
			n++
		}
	}
	return n
}

// TestCallEndpointSilent: a cluster endpoint that accepts connections and
// never answers costs one short attempt before the control plane is asked
// (issue 18). A dropped cluster is then proven gone; a live one gets one
// more short attempt and an error about network reach that names the
// endpoint and the cluster. What is checked is the number of attempts and
// of control-plane calls, not how long it took.
func TestCallEndpointSilent(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name         string
		dropped      bool
		noClusterID  bool // the endpoint is nobody's: no private id, not listed
		wantOutcome  endpointOutcome
		wantAttempts int
		wantError    []string
	}{
		{"dropped cluster", true, false, endpointGone, 1, nil},
		{"live cluster out of reach", false, false, endpointAnswered, 2,
			[]string{"did not answer", "is RUNNING according to the control plane", "IP allow list", "private endpoint"}},
		{"endpoint of no cluster", false, true, endpointAnswered, 2,
			[]string{"did not answer", "does not list a cluster with this connect address", "IP allow list"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			m, err := zillizmock.New(zillizmock.Options{CreateDuration: time.Millisecond, Seed: 1})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(m.Close)
			client, err := zilliz.NewClient(zilliz.Config{BaseURL: m.URL(), APIKey: m.APIKey(), ProbeTimeout: 200 * time.Millisecond,
				RetryWaitMin: time.Millisecond, RetryWaitMax: 2 * time.Millisecond})
			if err != nil {
				t.Fatal(err)
			}
			created, err := client.CreateCluster(t.Context(), zilliz.CreateClusterRequest{Plan: "Serverless", ClusterName: "silent", ProjectID: m.ProjectID(), RegionID: "gcp-us-west1"})
			if err != nil {
				t.Fatal(err)
			}
			c, err := client.WaitForClusterStatus(t.Context(), created.ClusterID, atOnce, statusRunning)
			if err != nil {
				t.Fatal(err)
			}
			endpoint, private := c.ConnectAddress, privateWith(c.ClusterID)
			if tc.noClusterID {
				endpoint, private = silentListener(t), ""
			} else if err := m.SetEndpointHanging(c.ClusterID, true); err != nil {
				t.Fatal(err)
			}
			if tc.dropped {
				if err := m.DropClusterNow(c.ClusterID); err != nil {
					t.Fatal(err)
				}
			}
			m.ResetRequests()
			dp, err := client.DataPlane(endpoint, "")
			if err != nil {
				t.Fatal(err)
			}
			calls := 0
			outcome, _, err := callEndpoint(t.Context(), client, endpoint, private, func(ctx context.Context) error {
				calls++
				_, err := dp.DescribeCollection(ctx, "default", "c")
				return err
			})
			if outcome != tc.wantOutcome {
				t.Errorf("outcome %v, want %v (error %v)", outcome, tc.wantOutcome, err)
			}
			if calls != tc.wantAttempts {
				t.Errorf("%d attempts at the endpoint, want %d", calls, tc.wantAttempts)
			}
			if !tc.noClusterID {
				if hung := count(m, func(r zillizmock.Request) bool { return r.Fault == "hang" }); hung != tc.wantAttempts {
					t.Errorf("the endpoint took %d requests, want %d (one per attempt, none repeated)", hung, tc.wantAttempts)
				}
			}
			describes := count(m, func(r zillizmock.Request) bool {
				return r.Method == http.MethodGet && r.Path == "/v2/clusters/"+c.ClusterID
			})
			lists := count(m, func(r zillizmock.Request) bool { return r.Method == http.MethodGet && r.Path == "/v2/clusters" })
			wantDescribes, wantLists := 1, 0
			if tc.noClusterID {
				wantDescribes, wantLists = 0, 1
			}
			if describes != wantDescribes || lists != wantLists {
				t.Errorf("control plane: %d describes and %d lists, want %d and %d", describes, lists, wantDescribes, wantLists)
			}
			var unreachable *unreachableError
			if tc.wantError == nil {
				return
			}
			if !errors.As(err, &unreachable) {
				t.Fatalf("error %v, want unreachableError", err)
			}
			for _, want := range append(tc.wantError, endpoint) {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error does not say %q:\n%v", want, err)
				}
			}
			if !tc.noClusterID && !strings.Contains(err.Error(), c.ClusterID) {
				t.Errorf("error does not name cluster %s:\n%v", c.ClusterID, err)
			}
		})
	}
}

// A plan and a destroy of a collection whose endpoint accepts connections and
// never answers: a dropped cluster's collection leaves state (the plan
// re-creates it, the destroy drops nothing); a live cluster's fails with the
// network-reach message, keeping the collection. (TestCallEndpointSilent
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
			factories := providerFactoriesWith(func(c *zilliz.Config) { c.ProbeTimeout = 200 * time.Millisecond })
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
					tfresource.TestStep{
						PreConfig: func() {
							if err := acc.Mock.SetEndpointHanging(c.ClusterID, false); err != nil {
								t.Fatal(err)
							}
						},
						Config: cfg, PlanOnly: true,
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
