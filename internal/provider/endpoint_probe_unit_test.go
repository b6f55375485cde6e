package provider

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/diag"

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
