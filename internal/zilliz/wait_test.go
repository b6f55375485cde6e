package zilliz

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// simulate runs pollSchedule on a virtual clock: the operation finishes at
// doneAt and reports progress(t) (or -1) before. It returns the number of polls
// and when the finish was noticed.
func simulate(opts WaitOptions, doneAt time.Duration, progress func(t time.Duration) int) (polls int, noticed time.Duration) {
	start := time.Unix(0, 0)
	s := newPollSchedule(opts, start)
	t := s.first()
	for polls = 1; ; polls++ {
		if t >= doneAt {
			return polls, t
		}
		t += s.next(start.Add(t), progress(t))
		if polls > 100000 {
			panic("runaway schedule")
		}
	}
}

func noProgress(time.Duration) int { return -1 }

// TestPollScheduleShortWaits: waits of 1–5 s are noticed within about a second,
// at about one poll per second.
func TestPollScheduleShortWaits(t *testing.T) {
	t.Parallel()
	var sumRate float64
	for _, sec := range []float64{1, 2, 3, 4, 5} {
		doneAt := time.Duration(sec * float64(time.Second))
		polls, noticed := simulate(WaitOptions{}, doneAt, noProgress)
		latency := noticed - doneAt
		rate := float64(polls) / noticed.Seconds()
		sumRate += rate
		if latency > 1050*time.Millisecond {
			t.Errorf("%vs wait noticed %v late", sec, latency)
		}
		if rate > 1.7 {
			t.Errorf("%vs wait cost %d polls in %v (%.2f/s)", sec, polls, noticed, rate)
		}
	}
	if avg := sumRate / 5; avg > 1.4 {
		t.Errorf("average cost over 1–5 s waits = %.2f polls/s, want about 1", avg)
	}
	// Something already done is noticed at the first poll, after MinInterval.
	if polls, noticed := simulate(WaitOptions{}, 50*time.Millisecond, noProgress); polls != 1 || noticed != defaultMinInterval {
		t.Errorf("instant: %d polls, noticed at %v", polls, noticed)
	}
}

// TestPollScheduleLongWaits: long waits back off to MaxInterval and cost fewer polls.
func TestPollScheduleLongWaits(t *testing.T) {
	t.Parallel()
	polls, noticed := simulate(WaitOptions{}, time.Minute, noProgress)
	if polls > 25 || noticed-time.Minute > defaultMaxInterval {
		t.Errorf("1 min wait: %d polls, noticed %v late", polls, noticed-time.Minute)
	}
	polls, _ = simulate(WaitOptions{}, 10*time.Minute, noProgress)
	if rate := float64(polls) / 600; rate > 0.22 {
		t.Errorf("10 min wait: %d polls (%.2f/s), want about one per MaxInterval", polls, rate)
	}
	// Custom bounds are respected: a 2s cap notices a long wait within 2s.
	if _, noticed := simulate(WaitOptions{MinInterval: 50 * time.Millisecond, MaxInterval: 2 * time.Second}, 90*time.Second, noProgress); noticed-90*time.Second > 2*time.Second {
		t.Errorf("MaxInterval 2s: noticed %v late", noticed-90*time.Second)
	}
	// The delay grows ×1.5 after the steady phase and never exceeds MaxInterval.
	s := newPollSchedule(WaitOptions{}, time.Unix(0, 0))
	var prev time.Duration
	for i, at := 0, time.Duration(0); at < 2*time.Minute; i++ {
		d := s.next(time.Unix(0, 0).Add(at), -1)
		if d > defaultMaxInterval || d < defaultMinInterval {
			t.Fatalf("delay %v out of bounds", d)
		}
		if at > 6*time.Second && d < prev {
			t.Fatalf("delay shrank from %v to %v at %v", prev, d, at)
		}
		if at > 6*time.Second && prev < defaultMaxInterval && d != min(time.Duration(float64(prev)*1.5), defaultMaxInterval) {
			t.Fatalf("delay %v after %v at %v: want ×1.5", d, prev, at)
		}
		prev = d
		at += d
	}
}

// TestPollScheduleProgress: with a rising createProgress, polls are rare far from
// the end and the finish is still noticed quickly.
func TestPollScheduleProgress(t *testing.T) {
	t.Parallel()
	for _, total := range []time.Duration{3 * time.Second, 30 * time.Second, 5 * time.Minute, 20 * time.Minute} {
		linear := func(t time.Duration) int { return int(100 * t / total) }
		polls, noticed := simulate(WaitOptions{}, total, linear)
		_, noticedBlind := simulate(WaitOptions{}, total, noProgress)
		if late := noticed - total; late > time.Second {
			t.Errorf("%v create with progress noticed %v late", total, late)
		}
		if late, lateBlind := noticed-total, noticedBlind-total; late > lateBlind {
			t.Errorf("%v create: progress made it later (%v vs %v)", total, late, lateBlind)
		}
		if rate := float64(polls) / noticed.Seconds(); rate > 1.5 {
			t.Errorf("%v create with progress: %d polls (%.2f/s)", total, polls, rate)
		}
		if total >= 5*time.Minute {
			if rate := float64(polls) / noticed.Seconds(); rate > 0.25 {
				t.Errorf("%v create with progress: %d polls (%.2f/s), want few", total, polls, rate)
			}
		}
	}
	// Progress stuck at 100 (or stalled) while the status lags must not hammer.
	stuck := func(time.Duration) int { return 100 }
	if polls, _ := simulate(WaitOptions{}, 30*time.Second, stuck); polls > 15 {
		t.Errorf("status lagging behind progress 100 for 30s: %d polls", polls)
	}
	stalled := func(time.Duration) int { return 37 }
	if polls, _ := simulate(WaitOptions{}, 30*time.Second, stalled); polls > 15 {
		t.Errorf("stalled progress for 30s: %d polls", polls)
	}
}

func TestWaitStopsWhenDone(t *testing.T) {
	t.Parallel()
	clk := newStepClock()
	var polls atomic.Int32
	opts := WaitOptions{MinInterval: 5 * time.Millisecond, MaxInterval: 20 * time.Millisecond, clock: clk}
	err := Wait(t.Context(), opts, func(context.Context) (bool, int, error) {
		return polls.Add(1) == 3, -1, nil
	})
	if err != nil || polls.Load() != 3 {
		t.Errorf("err %v after %d polls, want nil after 3", err, polls.Load())
	}
	// A delay before each poll, the first one MinInterval, none after the last.
	if got := clk.waited(); len(got) != 3 || got[0] != 5*time.Millisecond || got[1] < 5*time.Millisecond || got[2] < 5*time.Millisecond {
		t.Errorf("delays %v, want three of at least MinInterval (5ms), the first exactly MinInterval", got)
	}

	boom := errors.New("boom")
	polls.Store(0)
	err = Wait(t.Context(), WaitOptions{MinInterval: time.Millisecond, clock: newStepClock()}, func(context.Context) (bool, int, error) {
		polls.Add(1)
		return false, -1, boom
	})
	if !errors.Is(err, boom) || polls.Load() != 1 {
		t.Errorf("poll error: got %v after %d polls", err, polls.Load())
	}
}

func TestWaitContextError(t *testing.T) {
	t.Parallel()
	// The deadline passes while Wait waits for its third poll: the error says
	// so, with the two polls and the last progress.
	ctx := newExpiringContext(t.Context())
	clk := newStepClock()
	clk.onWait = func(n int) {
		if n == 3 {
			ctx.expire()
		}
	}
	var polls atomic.Int32
	err := Wait(ctx, WaitOptions{MinInterval: 5 * time.Millisecond, MaxInterval: 20 * time.Millisecond, clock: clk}, func(context.Context) (bool, int, error) {
		polls.Add(1)
		return false, 40, nil
	})
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "timed out waiting (2 polls, last progress 40%)") || polls.Load() != 2 {
		t.Errorf("error = %v after %d polls, want a timeout after 2 polls naming progress 40%%", err, polls.Load())
	}

	cancelled, cancel := context.WithCancel(t.Context())
	cancel()
	polls.Store(0)
	err = Wait(cancelled, WaitOptions{Immediate: true, clock: newStepClock()}, func(context.Context) (bool, int, error) { polls.Add(1); return true, -1, nil })
	if !errors.Is(err, context.Canceled) || polls.Load() != 0 {
		t.Errorf("cancelled: err %v after %d polls", err, polls.Load())
	}
}

// TestWaitCadence: Wait waits, on its clock, exactly the schedule's delay
// before each poll (timer-driven, never faster than the schedule): with the
// defaults the first poll after 200ms, then one a second for the first five
// seconds, then backing off.
func TestWaitCadence(t *testing.T) {
	t.Parallel()
	delays := func(opts WaitOptions, polls int) []time.Duration {
		clk := newStepClock()
		opts.clock = clk
		var n atomic.Int32
		if err := Wait(t.Context(), opts, func(context.Context) (bool, int, error) { return int(n.Add(1)) == polls, -1, nil }); err != nil {
			t.Fatal(err)
		}
		return clk.waited()
	}
	ms := time.Millisecond
	for _, tc := range []struct {
		name string
		opts WaitOptions
		want []time.Duration
	}{
		// Polls at 0.2s, 1.2s, 2.2s, 3.2s, 4.2s, 5.2s, then ×1.5 (a ×1.5 ramp
		// from 200ms would make 4 polls in the first 1.5s instead of 2).
		{"defaults", WaitOptions{}, []time.Duration{200 * ms, 1000 * ms, 1000 * ms, 1000 * ms, 1000 * ms, 1000 * ms, 1500 * ms, 2250 * ms, 3375 * ms, 5000 * ms, 5000 * ms}},
		// Small intervals: capped at MaxInterval (50ms), so 12 polls in the first
		// 600ms, never a busy loop.
		{"5ms..50ms", WaitOptions{MinInterval: 5 * ms, MaxInterval: 50 * ms}, []time.Duration{5 * ms, 50 * ms, 50 * ms, 50 * ms, 50 * ms, 50 * ms, 50 * ms, 50 * ms, 50 * ms, 50 * ms, 50 * ms, 50 * ms}},
		{"immediate", WaitOptions{Immediate: true}, []time.Duration{0, 1000 * ms}},
	} {
		if got := delays(tc.opts, len(tc.want)); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: delays %v, want %v", tc.name, got, tc.want)
		}
	}
}

// clusterSequence answers describes with the given answers in turn (the last repeating).
func clusterSequence(answers ...func(w http.ResponseWriter)) (func(w http.ResponseWriter, r *http.Request, n int), *atomic.Int32) {
	var hits atomic.Int32
	return func(w http.ResponseWriter, _ *http.Request, _ int) {
		i := int(hits.Add(1)) - 1
		answers[min(i, len(answers)-1)](w)
	}, &hits
}

func status(s string, progress int) func(w http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		ok(w, map[string]any{"clusterId": "in01-x", "status": s, "createProgress": progress})
	}
}

func apiCode(httpStatus, code int) func(w http.ResponseWriter) {
	return func(w http.ResponseWriter) {
		reply(w, httpStatus, map[string]any{"code": code, "message": "m"})
	}
}

func TestWaitForClusterStatus(t *testing.T) {
	t.Parallel()
	fast := WaitOptions{MinInterval: 2 * time.Millisecond, MaxInterval: 10 * time.Millisecond}
	tests := []struct {
		name       string
		answers    []func(w http.ResponseWriter)
		targets    []string
		wantStatus string // "" with no error: (nil, nil)
		wantGone   bool   // errors.Is(err, ErrClusterGone)
		wantErr    string
		wantPolls  int
	}{
		{"creating to running", []func(http.ResponseWriter){status("CREATING", 10), status("CREATING", 60), status("RUNNING", 100)},
			[]string{"RUNNING"}, "RUNNING", false, "", 3},
		{"already there", []func(http.ResponseWriter){status("RUNNING", 100)}, []string{"RUNNING"}, "RUNNING", false, "", 1},
		{"one of several targets", []func(http.ResponseWriter){status("RESUMING", 100), status("SUSPENDED", 100)},
			[]string{"RUNNING", "SUSPENDED"}, "SUSPENDED", false, "", 2},
		{"STOPPED counts as SUSPENDED", []func(http.ResponseWriter){status("STOPPING", 100), status("STOPPED", 100)},
			[]string{"SUSPENDED"}, "SUSPENDED", false, "", 2},
		{"gone by not-found", []func(http.ResponseWriter){status("RUNNING", 100), status("DELETING", 100), apiCode(200, 80020)},
			[]string{StatusGone}, "", false, "", 3},
		{"gone by DELETED", []func(http.ResponseWriter){status("DELETED", 100)}, []string{"GONE"}, "", false, "", 1},
		{"gone by 96018", []func(http.ResponseWriter){apiCode(200, 96018)}, []string{"GONE"}, "", false, "", 1},
		{"disappears while creating", []func(http.ResponseWriter){status("CREATING", 5), apiCode(200, 96018)},
			[]string{"RUNNING"}, "", true, "cluster in01-x: cluster no longer exists (not found) while waiting for it to become RUNNING", 2},
		{"DELETED while resuming", []func(http.ResponseWriter){status("RESUMING", 100), status("DELETED", 100)},
			[]string{"RUNNING"}, "", true, "cluster no longer exists (status DELETED)", 2},
		{"503 does not end the wait", []func(http.ResponseWriter){apiCode(503, 503), apiCode(503, 503), status("RUNNING", 100)},
			[]string{"RUNNING"}, "RUNNING", false, "", 3},
		{"401 ends the wait", []func(http.ResponseWriter){status("CREATING", 1), apiCode(401, 21119)},
			[]string{"RUNNING"}, "", false, "code 21119 (HTTP 401)", 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			handle, hits := clusterSequence(tc.answers...)
			rec := newRecorder(t, handle)
			cfg := fastConfig(rec.srv.URL)
			cfg.MaxRetries = -1 // so that each 503 reaches the waiter
			c := withClock(newTestClient(t, cfg), newStepClock())
			// A generous deadline, so that a broken status mapping fails instead
			// of hanging; the polls themselves wait on the fake clock.
			ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
			defer cancel()
			cl, err := c.WaitForClusterStatus(ctx, "in01-x", fast, tc.targets...)
			if got := int(hits.Load()); got != tc.wantPolls {
				t.Errorf("%d describes, want %d", got, tc.wantPolls)
			}
			switch {
			case tc.wantGone:
				if !errors.Is(err, ErrClusterGone) || (strings.Contains(tc.wantErr, "not found") && !IsNotFound(err)) || !strings.Contains(err.Error(), tc.wantErr) {
					t.Errorf("error = %v, want ErrClusterGone with %q", err, tc.wantErr)
				}
			case tc.wantErr != "":
				if err == nil || errors.Is(err, ErrClusterGone) || !strings.Contains(err.Error(), tc.wantErr) {
					t.Errorf("error = %v, want %q", err, tc.wantErr)
				}
			case err != nil:
				t.Errorf("error = %v", err)
			case tc.wantStatus == "" && cl != nil:
				t.Errorf("cluster = %+v, want nil (gone)", cl)
			case tc.wantStatus != "" && (cl == nil || cl.Status != tc.wantStatus):
				t.Errorf("cluster = %+v, want status %s", cl, tc.wantStatus)
			}
		})
	}
}

func TestWaitForClusterStatusTimeout(t *testing.T) {
	t.Parallel()
	// expiringWait runs WaitForClusterStatus against answers and lets its
	// deadline pass while it waits for the third describe.
	expiringWait := func(answer func(w http.ResponseWriter), target string) (int, error) {
		handle, hits := clusterSequence(answer)
		rec := newRecorder(t, handle)
		clk := newStepClock()
		c := withClock(newTestClient(t, fastConfig(rec.srv.URL)), clk)
		ctx := newExpiringContext(t.Context())
		clk.onWait = func(n int) {
			if n == 3 {
				ctx.expire()
			}
		}
		_, err := c.WaitForClusterStatus(ctx, "in01-x", WaitOptions{MinInterval: 5 * time.Millisecond, MaxInterval: 20 * time.Millisecond}, target)
		return int(hits.Load()), err
	}
	n, err := expiringWait(status("CREATING", 40), "RUNNING")
	want := "timed out waiting for cluster in01-x to become RUNNING (last status CREATING, progress 40%)"
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), want) || n != 2 {
		t.Errorf("error = %v after %d describes\nwant it to contain %q and wrap the deadline, after 2", err, n, want)
	}

	// Deletion waits say so, and a status seen before the deadline is named.
	_, err = expiringWait(status("DELETING", 100), StatusGone)
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "to be deleted (last status DELETING)") {
		t.Errorf("error = %v", err)
	}
}

func TestWaitFirstPoll(t *testing.T) {
	t.Parallel()
	// The schedule's first delay, without a clock.
	for _, tc := range []struct {
		name string
		opts WaitOptions
		want time.Duration
	}{
		{"immediate", WaitOptions{Immediate: true, FirstPoll: time.Second}, 0},
		{"first poll after 300ms", WaitOptions{FirstPoll: 300 * time.Millisecond}, 300 * time.Millisecond},
		{"default: MinInterval", WaitOptions{MinInterval: 100 * time.Millisecond}, 100 * time.Millisecond},
		{"default MinInterval", WaitOptions{}, defaultMinInterval},
	} {
		if got := newPollSchedule(tc.opts, time.Time{}).first(); got != tc.want {
			t.Errorf("%s: first delay %v, want %v", tc.name, got, tc.want)
		}
	}
	// Wait follows it. No upper bound on the machine's time: an Immediate
	// wait with a first poll an hour away polls at all only if it ignores
	// that hour (else the test times out), and a delayed first poll is never
	// earlier than its delay, however loaded the machine.
	t.Run("immediate", func(t *testing.T) {
		t.Parallel()
		polled := false
		err := Wait(t.Context(), WaitOptions{Immediate: true, FirstPoll: time.Hour}, func(context.Context) (bool, int, error) {
			polled = true
			return true, -1, nil
		})
		if err != nil || !polled {
			t.Errorf("error %v, polled %v", err, polled)
		}
	})
	t.Run("first poll after 300ms", func(t *testing.T) {
		t.Parallel()
		start := time.Now()
		var first time.Duration
		err := Wait(t.Context(), WaitOptions{FirstPoll: 300 * time.Millisecond}, func(context.Context) (bool, int, error) {
			first = time.Since(start)
			return true, -1, nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if first < 300*time.Millisecond {
			t.Errorf("first poll after %s, before its 300ms", first)
		}
	})
}
