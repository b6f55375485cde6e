package zilliz

import (
	"context"
	"sync"
	"time"
)

// stepClock is a fake clock for the client's own waits: each After moves it on
// by the delay asked for and fires at once. A wait runs its whole schedule
// without sleeping, whatever the machine's load, and the test reads the
// schedule back from delays.
type stepClock struct {
	mu     sync.Mutex
	now    time.Time
	delays []time.Duration
	// onWait, if set, runs at the n-th After (1-based), before it fires: a
	// test ends its context there to stop a wait at a chosen point.
	onWait func(n int)
}

func newStepClock() *stepClock {
	return &stepClock{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
}

func (c *stepClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *stepClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	d = max(d, 0)
	c.now = c.now.Add(d)
	c.delays = append(c.delays, d)
	n, now, hook := len(c.delays), c.now, c.onWait
	c.mu.Unlock()
	if hook != nil {
		hook(n)
	}
	ch := make(chan time.Time, 1)
	ch <- now
	return ch
}

// waited returns the delays asked for so far.
func (c *stepClock) waited() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.delays...)
}

// withClock returns c with the fake clock for its own waits.
func withClock(c *Client, clk clock) *Client {
	c.waitClock = clk
	return c
}

// expiringContext is a context whose deadline passes when the test says so
// (expire), not after a stretch of wall-clock time.
type expiringContext struct {
	context.Context
	once sync.Once
	done chan struct{}
}

func newExpiringContext(parent context.Context) *expiringContext {
	return &expiringContext{Context: parent, done: make(chan struct{})}
}

func (c *expiringContext) Done() <-chan struct{} { return c.done }

func (c *expiringContext) Err() error {
	select {
	case <-c.done:
		return context.DeadlineExceeded
	default:
		return nil
	}
}

func (c *expiringContext) expire() { c.once.Do(func() { close(c.done) }) }

// advance moves the clock on by d without a wait: a fake server calls it to
// say how long each of its answers took.
func (c *stepClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}
