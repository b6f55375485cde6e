package provider

import (
	"sync"
	"time"
)

// holdClock is a clock for the mock (zillizmock.Options.Clock) in tests that
// drive the Terraform CLI: it follows the wall clock, so that the mock's
// phases (creating, loading, ...) pass by themselves while Terraform waits
// for them, until Hold stops it. While held it moves only by Advance, so the
// mock stays in a phase across Terraform commands however long they take on
// a busy machine. Run lets it follow the wall clock again, from where it was.
type holdClock struct {
	mu     sync.Mutex
	held   bool
	at     time.Time     // the time while held
	offset time.Duration // added to the wall clock while running
}

// Now is the mock's time.
func (c *holdClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.held {
		return c.at
	}
	return time.Now().Add(c.offset)
}

// Hold stops the clock where it is.
func (c *holdClock) Hold() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.held {
		c.at, c.held = time.Now().Add(c.offset), true
	}
}

// Advance moves a held clock forward by d.
func (c *holdClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.held && d > 0 {
		c.at = c.at.Add(d)
	}
}

// Run lets the clock follow the wall clock again from its current time
// (it never runs backwards).
func (c *holdClock) Run() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.held {
		c.offset, c.held = time.Until(c.at), false
	}
}
