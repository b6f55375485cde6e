package zillizmock

import (
	"testing"
	"time"
)

func TestBackdateCluster(t *testing.T) {
	t.Parallel()
	s := newTestServer(t, nil)
	id := runningCluster(t, s, "old-one").ClusterID
	before, _ := describe(t, s, id)
	if err := s.BackdateCluster(id, 2*time.Hour); err != nil {
		t.Fatal(err)
	}
	after, _ := describe(t, s, id)
	t0, err0 := time.Parse(time.RFC3339, before.CreateTime)
	t1, err1 := time.Parse(time.RFC3339, after.CreateTime)
	if err0 != nil || err1 != nil {
		t.Fatalf("createTime %q / %q: %v %v", before.CreateTime, after.CreateTime, err0, err1)
	}
	if got := t0.Sub(t1); got != 2*time.Hour {
		t.Errorf("describe's createTime moved back by %v, want 2h", got)
	}
	if after.Status != StatusRunning || after.CreateProgress != 100 {
		t.Errorf("after backdating: status %s, progress %d; want RUNNING at 100", after.Status, after.CreateProgress)
	}
	if err := s.BackdateCluster(id, -time.Hour); err == nil {
		t.Error("a negative age was accepted")
	}
	if err := s.BackdateCluster("in01-nope", time.Hour); err == nil {
		t.Error("backdating an unknown cluster succeeded")
	}
}
