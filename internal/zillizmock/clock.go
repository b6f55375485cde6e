package zillizmock

import (
	"sync"
	"time"
)

// Clock tells the mock what time it is. Every asynchronous phase (a cluster
// CREATING, a collection loading, an index building, a dropped cluster still
// described as DELETED) is computed lazily from the clock when a request looks
// at it, so a test that drives a ManualClock sees each phase exactly when it
// moves the clock, whatever the machine's load.
type Clock interface {
	Now() time.Time
}

// systemClock is the wall clock, the default.
type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

// ManualClock is a Clock that moves only when told to. Safe for concurrent use.
type ManualClock struct {
	mu  sync.Mutex
	now time.Time
}

// NewManualClock returns a clock stopped at start (the zero time means a fixed
// date, so that runs are reproducible).
func NewManualClock(start time.Time) *ManualClock {
	if start.IsZero() {
		start = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return &ManualClock{now: start}
}

// Now returns the clock's time.
func (c *ManualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock forward by d (a negative d is ignored: time never
// runs backwards for the mock's phases).
func (c *ManualClock) Advance(d time.Duration) {
	if d <= 0 {
		return
	}
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// now is the mock's current time, from Options.Clock.
func (s *Server) now() time.Time { return s.opts.Clock.Now() }
