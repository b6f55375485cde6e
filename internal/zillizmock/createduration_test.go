package zillizmock

import (
	"sync"
	"testing"
	"time"
)

// TestCreateDurationFn: each cluster gets the CREATING phase the function
// picks for its id, with createProgress rising across that phase; a result
// <= 0 falls back to CreateDuration.
func TestCreateDurationFn(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var ids []string
	durations := []time.Duration{150 * time.Millisecond, 600 * time.Millisecond, 0}
	s := newTestServer(t, func(o *Options) {
		o.CreateDuration = 300 * time.Millisecond
		o.CreateDurationFn = func(id string) time.Duration {
			mu.Lock()
			defer mu.Unlock()
			d := durations[len(ids)]
			ids = append(ids, id)
			return d
		}
	})
	short := createCluster(t, s, "createDedicated", dedicatedBody(s, "short"))
	long := createCluster(t, s, "createDedicated", dedicatedBody(s, "long"))
	deflt := createCluster(t, s, "createDedicated", dedicatedBody(s, "default"))
	start := time.Now()

	mu.Lock()
	if len(ids) != 3 || ids[0] != short.ClusterID || ids[1] != long.ClusterID || ids[2] != deflt.ClusterID {
		t.Fatalf("CreateDurationFn called with %v, want the three new ids in order", ids)
	}
	mu.Unlock()

	// Halfway through the short phase the short cluster is further along than
	// the long one.
	time.Sleep(75 * time.Millisecond)
	ds, _ := describe(t, s, short.ClusterID)
	dl, _ := describe(t, s, long.ClusterID)
	if ds.Status != StatusCreating || dl.Status != StatusCreating {
		t.Fatalf("statuses %s, %s after 75ms, want CREATING", ds.Status, dl.Status)
	}
	if ds.CreateProgress <= dl.CreateProgress || ds.CreateProgress < 30 || ds.CreateProgress > 90 {
		t.Errorf("progress short %d, long %d at 75ms of 150ms and 600ms", ds.CreateProgress, dl.CreateProgress)
	}

	waitStatus(t, s, short.ClusterID, StatusRunning)
	if d, _ := describe(t, s, long.ClusterID); d.Status != StatusCreating {
		t.Errorf("long cluster %s once the short one runs, want CREATING", d.Status)
	}
	waitStatus(t, s, deflt.ClusterID, StatusRunning)
	waitStatus(t, s, long.ClusterID, StatusRunning)
	if took := time.Since(start); took < 500*time.Millisecond {
		t.Errorf("long cluster RUNNING after %v, want about 600ms", took)
	}
}
