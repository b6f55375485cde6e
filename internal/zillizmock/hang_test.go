package zillizmock

import (
	"errors"
	"net"
	"net/http"
	"syscall"
	"testing"
	"time"
)

// TestHangingEndpoint: a hung endpoint takes the connection and never
// answers, also after its cluster is dropped; set answering again, a dropped
// cluster's endpoint refuses connections as before.
func TestHangingEndpoint(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	c := runningCluster(t, s, "silent")
	ep := endpoint(s, c.ClusterID)
	impatient := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 300 * time.Millisecond}
	get := func() error {
		res, err := impatient.Get(ep + "/v1/vector/collections")
		if err == nil {
			_ = res.Body.Close()
		}
		return err
	}
	if err := get(); err != nil {
		t.Fatalf("before: %v", err)
	}
	if err := s.SetEndpointHanging(c.ClusterID, true); err != nil {
		t.Fatal(err)
	}
	var ne net.Error
	if err := get(); !errors.As(err, &ne) || !ne.Timeout() {
		t.Fatalf("hung endpoint: error %v, want the client's timeout", err)
	}
	if err := s.DropClusterNow(c.ClusterID); err != nil {
		t.Fatal(err)
	}
	if err := get(); !errors.As(err, &ne) || !ne.Timeout() {
		t.Fatalf("hung endpoint of a dropped cluster: error %v, want the client's timeout", err)
	}
	hung := 0
	for _, r := range s.Requests() {
		if r.Fault == faultHang {
			hung++
		}
	}
	if hung != 2 {
		t.Errorf("%d requests logged as hung, want 2", hung)
	}
	if err := s.SetEndpointHanging(c.ClusterID, false); err != nil {
		t.Fatal(err)
	}
	if err := get(); !errors.Is(err, syscall.ECONNREFUSED) {
		t.Errorf("dropped cluster's endpoint answering again: error %v, want connection refused", err)
	}
}
