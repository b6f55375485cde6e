package zilliz

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
)

// ErrClusterGone is wrapped by WaitForClusterStatus when the cluster disappears
// (not found, or status DELETED) while waiting for a status other than "GONE".
var ErrClusterGone = errors.New("cluster no longer exists")

// StatusGone is the WaitForClusterStatus target meaning "not found or DELETED".
const StatusGone = "GONE"

// WaitOptions tunes Wait. Zero values mean the defaults.
type WaitOptions struct {
	// MinInterval is the delay before the first poll and the shortest delay between
	// polls; default 200ms.
	MinInterval time.Duration
	// MaxInterval is the longest delay between polls; default 5s.
	MaxInterval time.Duration
	// FirstPoll, when positive, replaces MinInterval as the delay before the first
	// poll: after a create, resume or modify call nothing is done within a second,
	// so an earlier poll is a wasted request.
	FirstPoll time.Duration
	// Immediate polls at once, for a state that may already hold (RUNNING after a
	// rename) or an action to try straight away (a create that may need retries).
	Immediate bool

	// clock is the time the delays run on; nil means the wall clock. The
	// client's own waits pass its clock, which tests replace (clock.go).
	clock clock
}

const (
	defaultMinInterval = 200 * time.Millisecond
	defaultMaxInterval = 5 * time.Second

	// steadyTarget is the cadence of the first seconds: a user waiting on a short
	// transition should see it within about a second, at about one poll a second.
	steadyTarget = time.Second
	// steadyPolls is how long (in steady intervals) the steady cadence lasts before
	// the delay backs off; 5 × 1s covers the 1–5 s waits of the mock and the demo.
	steadyPolls   = 5
	backoffFactor = 1.5
)

func (o WaitOptions) withDefaults() WaitOptions {
	if o.MinInterval <= 0 {
		o.MinInterval = defaultMinInterval
	}
	if o.MaxInterval <= 0 {
		o.MaxInterval = defaultMaxInterval
	}
	if o.MaxInterval < o.MinInterval {
		o.MaxInterval = o.MinInterval
	}
	return o
}

// pollSchedule decides the delay before the next poll. It is a pure function of
// the observations, so its cost and latency can be tested without sleeping.
//
// Without progress: the first poll comes after MinInterval (many operations are
// already done by then); then one poll per steady interval (1s, clamped to
// [MinInterval, MaxInterval]) for the first few seconds, so that a short wait is
// noticed within about a second at about one poll per second; after that the
// delay backs off ×1.5 up to MaxInterval, so long waits cost fewer polls.
// (A ×1.5 ramp straight from 200ms would spend 4 polls on a 1 s wait and notice a
// 5 s one up to 2.3 s late, missing both goals.)
//
// With progress (0..99) above the first value seen: the remaining time is
// estimated from the average rate since that first value, and the next
// poll comes after a third of it, clamped to [steady, MaxInterval]; so polls are
// rare while far from done and close in near the end. When even the steady delay
// would overshoot the estimated finish, the poll is aimed just after it.
type pollSchedule struct {
	opts    WaitOptions
	steady  time.Duration
	start   time.Time
	last    time.Duration // previous delay
	hasBase bool          // a progress sample (baseP at baseT) starts the rate estimate
	baseP   int
	baseT   time.Time
}

func newPollSchedule(opts WaitOptions, start time.Time) *pollSchedule {
	opts = opts.withDefaults()
	return &pollSchedule{
		opts:   opts,
		steady: clampDuration(steadyTarget, opts.MinInterval, opts.MaxInterval),
		start:  start,
		last:   opts.MinInterval,
	}
}

// first is the delay before the first poll.
func (s *pollSchedule) first() time.Duration {
	switch {
	case s.opts.Immediate:
		return 0
	case s.opts.FirstPoll > 0:
		return s.opts.FirstPoll
	}
	return s.opts.MinInterval
}

// next returns the delay after a poll at now that reported progress (-1 unknown).
func (s *pollSchedule) next(now time.Time, progress int) time.Duration {
	d := s.nextDelay(now, progress)
	s.last = d
	return d
}

func (s *pollSchedule) nextDelay(now time.Time, progress int) time.Duration {
	if progress >= 0 && progress < 100 {
		if !s.hasBase || progress < s.baseP {
			s.hasBase, s.baseP, s.baseT = true, progress, now
		} else if progress > s.baseP && now.After(s.baseT) {
			// The average rate since the first sample: steadier than the last step,
			// and it decays by itself when progress stalls, which backs polls off.
			ratePerSec := float64(progress-s.baseP) / now.Sub(s.baseT).Seconds()
			// Capped before the conversion so that a crawl cannot overflow a Duration.
			remaining := time.Duration(min(float64(100-progress)/ratePerSec, 24*3600) * float64(time.Second))
			d := max(remaining/3, s.steady)
			if aim := remaining + remaining/10; aim < d {
				d = aim
			}
			return clampDuration(d, s.opts.MinInterval, s.opts.MaxInterval)
		}
	} else if progress < 0 {
		s.hasBase = false
	}
	// No usable estimate (progress unknown, stalled, or at 100 while the status lags).
	if now.Sub(s.start) < time.Duration(steadyPolls)*s.steady {
		return s.steady
	}
	return clampDuration(time.Duration(float64(max(s.last, s.opts.MinInterval))*backoffFactor), s.opts.MinInterval, s.opts.MaxInterval)
}

func clampDuration(d, lo, hi time.Duration) time.Duration {
	return min(max(d, lo), hi)
}

// Wait calls poll until it reports done, returns an error, or ctx ends. poll
// reports progress 0..100, or -1 when unknown. Delays follow pollSchedule; a timer
// drives it (no busy loop). When ctx ends, the error wraps ctx.Err() and says how
// many polls ran and the last progress seen; no poll is sent once ctx has ended,
// even when its delay ran out at the same moment.
func Wait(ctx context.Context, opts WaitOptions, poll func(ctx context.Context) (done bool, progress int, err error)) error {
	clk := clockOr(opts.clock)
	sched := newPollSchedule(opts, clk.Now())
	delay := sched.first()
	polls, lastProgress := 0, -1
	for {
		select {
		case <-ctx.Done():
		case <-clk.After(delay):
		}
		if ctx.Err() != nil {
			return waitContextError(ctx, polls, lastProgress)
		}
		done, progress, err := poll(ctx)
		polls++
		if err != nil {
			if isContextErr(ctx, err) {
				return waitContextError(ctx, polls, lastProgress)
			}
			return err
		}
		if done {
			return nil
		}
		if progress >= 0 {
			lastProgress = progress
		}
		delay = sched.next(clk.Now(), progress)
	}
}

func waitContextError(ctx context.Context, polls, progress int) error {
	verb := "stopped waiting"
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		verb = "timed out waiting"
	}
	detail := fmt.Sprintf("%d polls", polls)
	if progress >= 0 {
		detail += fmt.Sprintf(", last progress %d%%", progress)
	}
	return fmt.Errorf("%s (%s): %w", verb, detail, ctx.Err())
}

// WaitForClusterStatus polls DescribeCluster until the cluster's status is one of
// targets and returns the last description. The target StatusGone ("GONE") means
// "until not found or DELETED" (used after a drop) and then returns (nil, nil).
// If the cluster disappears while waiting for another target, the error wraps
// ErrClusterGone. Errors for which IsUnavailable is true (after the client's own
// retries) do not end a wait: a long create should survive a brief outage. When
// ctx ends the error wraps ctx.Err() and names the last status and progress, e.g.
// "timed out waiting for cluster in01-… to become RUNNING (last status CREATING, progress 40%)".
func (c *Client) WaitForClusterStatus(ctx context.Context, id string, opts WaitOptions, targets ...string) (*Cluster, error) {
	if err := requireID("cluster id", id); err != nil {
		return nil, err
	}
	if len(targets) == 0 {
		return nil, errors.New("WaitForClusterStatus needs at least one target status")
	}
	want := map[string]bool{}
	for _, t := range targets {
		want[strings.ToUpper(t)] = true
	}
	wantText := strings.Join(targets, " or ")
	if opts.clock == nil {
		opts.clock = c.clock()
	}

	var (
		last       *Cluster
		lastStatus string
		lastProg   = -1
		lastErr    error
		gone       bool
	)
	err := Wait(ctx, opts, func(ctx context.Context) (bool, int, error) {
		cl, err := c.DescribeCluster(ctx, id)
		switch {
		case IsNotFound(err), want[StatusGone] && IsNotFoundOrNoAccess(err):
			// After a drop this key was allowed to make, "does not exist or no
			// permission" (80020) can only mean the former.
			lastStatus, lastErr = "not found", nil
			if want[StatusGone] {
				gone = true
				return true, -1, nil
			}
			return false, -1, fmt.Errorf("cluster %s: %w (not found) while waiting for it to become %s: %w", id, ErrClusterGone, wantText, err)
		case IsUnavailable(err) && ctx.Err() == nil:
			lastErr = err
			return false, -1, nil
		case err != nil:
			return false, -1, err
		}
		last, lastStatus, lastErr = cl, cl.Status, nil
		if want[strings.ToUpper(cl.Status)] {
			return true, -1, nil
		}
		if strings.EqualFold(cl.Status, "DELETED") {
			if want[StatusGone] {
				gone = true
				return true, -1, nil
			}
			return false, -1, fmt.Errorf("cluster %s: %w (status DELETED) while waiting for it to become %s", id, ErrClusterGone, wantText)
		}
		// createProgress is meaningful while creating; 100 (or an absent 0 on a
		// non-creating status) says nothing about the transition being waited for.
		progress := -1
		if strings.EqualFold(cl.Status, "CREATING") && cl.CreateProgress >= 0 && cl.CreateProgress < 100 {
			progress = cl.CreateProgress
		}
		lastProg = progress
		return false, progress, nil
	})
	if err == nil {
		if gone {
			return nil, nil
		}
		return last, nil
	}
	var le *limiterError
	ctxErr := ctx.Err()
	if ctxErr == nil && errors.As(err, &le) {
		// The next poll's turn (pacing.go) came after the deadline: the same
		// as the deadline passing while waiting.
		ctxErr = context.DeadlineExceeded
	}
	if ctxErr != nil && !errors.Is(err, ErrClusterGone) {
		verb := "stopped waiting"
		if errors.Is(ctxErr, context.DeadlineExceeded) {
			verb = "timed out waiting"
		}
		target := "become " + wantText
		if want[StatusGone] && len(want) == 1 {
			target = "be deleted"
		}
		seen := "no status seen yet"
		if lastStatus != "" {
			seen = "last status " + lastStatus
		}
		if lastProg >= 0 {
			seen += fmt.Sprintf(", progress %d%%", lastProg)
		}
		if lastErr != nil {
			seen += "; last error: " + lastErr.Error()
		}
		return nil, fmt.Errorf("%s for cluster %s to %s (%s): %w", verb, id, target, seen, ctxErr)
	}
	return nil, err
}
