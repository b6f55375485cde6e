package zilliz

import "time"

// clock is the time the client's own waiting runs on: Wait's delays between
// polls, the pauses between the rounds of a collection create, and
// WaitLoaded's grace for a load that does not show yet. In use it is the wall
// clock; tests give a fake one, so that they check the schedule itself rather
// than what a busy machine makes of it. (The transport's retries, request
// timeouts and rate limits run on the wall clock: they pace real traffic.)
type clock interface {
	Now() time.Time
	// After is time.After on this clock.
	After(d time.Duration) <-chan time.Time
}

// wallClock is the real time.
type wallClock struct{}

func (wallClock) Now() time.Time                         { return time.Now() }
func (wallClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// clockOr returns c, or the wall clock when c is nil.
func clockOr(c clock) clock {
	if c == nil {
		return wallClock{}
	}
	return c
}

// clock is the Client's clock: the wall clock unless a test set another.
func (c *Client) clock() clock { return clockOr(c.waitClock) }
