package zillizmock

import (
	"sync"
	"testing"
	"time"
)

// TestCreateDurationFn: each cluster gets the CREATING phase the function
// picks for its id, with createProgress rising across that phase; a result
// <= 0 falls back to CreateDuration. The mock's clock alone moves the phases.
func TestCreateDurationFn(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var ids []string
	durations := []time.Duration{150 * time.Millisecond, 600 * time.Millisecond, 0}
	s, clock := manualServer(t, func(o *Options) {
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
	t0 := clock.Now() // the three were created at the same instant of the mock's clock

	mu.Lock()
	if len(ids) != 3 || ids[0] != short.ClusterID || ids[1] != long.ClusterID || ids[2] != deflt.ClusterID {
		t.Fatalf("CreateDurationFn called with %v, want the three new ids in order", ids)
	}
	mu.Unlock()

	status := func(c createResponse) (string, int) {
		d, _ := describe(t, s, c.ClusterID)
		return d.Status, d.CreateProgress
	}
	// Halfway through the short phase the short cluster is halfway, the long
	// one an eighth of the way, the default one a quarter.
	clock.Advance(75 * time.Millisecond)
	for _, tc := range []struct {
		c    createResponse
		want int
	}{{short, 50}, {long, 12}, {deflt, 25}} {
		if st, p := status(tc.c); st != StatusCreating || p < tc.want-1 || p > tc.want+1 {
			t.Errorf("%s at 75ms: %s %d%%, want CREATING about %d%%", tc.c.ClusterID, st, p, tc.want)
		}
	}
	// Each one runs exactly when its own phase ends.
	for _, step := range []struct {
		at                 time.Duration
		short, long, deflt string
	}{
		{149 * time.Millisecond, StatusCreating, StatusCreating, StatusCreating},
		{150 * time.Millisecond, StatusRunning, StatusCreating, StatusCreating},
		{299 * time.Millisecond, StatusRunning, StatusCreating, StatusCreating},
		{300 * time.Millisecond, StatusRunning, StatusCreating, StatusRunning},
		{599 * time.Millisecond, StatusRunning, StatusCreating, StatusRunning},
		{600 * time.Millisecond, StatusRunning, StatusRunning, StatusRunning},
	} {
		clock.Advance(t0.Add(step.at).Sub(clock.Now()))
		for _, c := range []struct {
			c    createResponse
			want string
		}{{short, step.short}, {long, step.long}, {deflt, step.deflt}} {
			if st, p := status(c.c); st != c.want || (st == StatusRunning) != (p == 100) {
				t.Errorf("%s at %v: %s %d%%, want %s", c.c.ClusterID, step.at, st, p, c.want)
			}
		}
	}
}
