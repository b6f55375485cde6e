package zilliz

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// refusalCall is one client call a refusal test makes without a deadline.
type refusalCall struct {
	name string
	call func(ctx context.Context, c *Client, dp *DataPlane) error
	ok   map[string]any // the success answer
}

var refusedWrites = []refusalCall{
	{"collection drop", func(ctx context.Context, _ *Client, dp *DataPlane) error {
		return dp.DropCollection(ctx, "", "c")
	}, map[string]any{"code": 0, "data": map[string]any{}}},
	{"database create", func(ctx context.Context, _ *Client, dp *DataPlane) error {
		return dp.CreateDatabase(ctx, "db1", nil)
	}, map[string]any{"code": 0, "data": map[string]any{}}},
	{"project create (control plane)", func(ctx context.Context, c *Client, _ *DataPlane) error {
		_, _, err := c.CreateProject(ctx, CreateProjectRequest{ProjectName: "p", Plan: "Standard"})
		return err
	}, map[string]any{"code": 0, "data": map[string]any{"projectId": "proj-1"}}},
	{"project delete (control plane)", func(ctx context.Context, c *Client, _ *DataPlane) error {
		return c.DeleteProject(ctx, "proj-1")
	}, map[string]any{"code": 0, "data": "ok"}},
}

// refusalTestConfig makes each refusal cost a millisecond or two of pacing.
func refusalTestConfig(url string) Config {
	cfg := fastConfig(url)
	cfg.MaxRetries = 3
	cfg.MinPacedRate = 500
	return cfg
}

// TestWriteRefusalsWithoutDeadlineWaitedOut: a write made without a
// deadline (a create, update or delete of a resource that has no timeouts)
// that the server refuses for its rate more often than max_retries allows is
// sent again until the server takes it; an apply does not fail for a limit
// the provider could wait out.
func TestWriteRefusalsWithoutDeadlineWaitedOut(t *testing.T) {
	t.Parallel()
	const refusals = 12 // well over MaxRetries (3)
	for _, w := range refusedWrites {
		t.Run(w.name, func(t *testing.T) {
			t.Parallel()
			var n atomic.Int32
			rec := newRecorder(t, func(rw http.ResponseWriter, _ *http.Request, _ int) {
				switch k := n.Add(1); {
				case k <= refusals && k%2 == 0:
					reply(rw, 429, map[string]any{"code": 1807, "message": "request is rejected by limiter"})
				case k <= refusals:
					reply(rw, 200, map[string]any{"code": 8, "message": "rate limit exceeded[rate=5]"})
				default:
					reply(rw, 200, w.ok)
				}
			})
			c := newTestClient(t, refusalTestConfig(rec.srv.URL))
			dp, _ := c.DataPlane(rec.srv.URL, "tok")
			if err := w.call(t.Context(), c, dp); err != nil {
				t.Fatalf("refused %d times, then accepted: %v", refusals, err)
			}
			if got := n.Load(); got != refusals+1 {
				t.Errorf("%d attempts, want %d (each refusal sent again, the accepted one once)", got, refusals+1)
			}
		})
	}
}

// TestReadRefusalsWithoutDeadlineCount: a read made without a deadline (a
// refresh during plan) that the server refuses every time fails after
// max_retries with the refusal, instead of stalling the plan.
func TestReadRefusalsWithoutDeadlineCount(t *testing.T) {
	t.Parallel()
	for _, r := range []refusalCall{
		{"collection describe", func(ctx context.Context, _ *Client, dp *DataPlane) error {
			_, err := dp.DescribeCollectionV2(ctx, "default", "c")
			return err
		}, nil},
		{"collection has", func(ctx context.Context, _ *Client, dp *DataPlane) error {
			_, err := dp.HasCollection(ctx, "default", "c")
			return err
		}, nil},
		{"project list (control plane GET)", func(ctx context.Context, c *Client, _ *DataPlane) error {
			_, err := c.ListProjects(ctx)
			return err
		}, nil},
	} {
		t.Run(r.name, func(t *testing.T) {
			t.Parallel()
			var n atomic.Int32
			rec := newRecorder(t, func(rw http.ResponseWriter, _ *http.Request, _ int) {
				if n.Add(1) > 50 {
					reply(rw, 200, map[string]any{"code": 0, "data": map[string]any{}})
					return
				}
				reply(rw, 200, map[string]any{"code": 1807, "message": "request is rejected by limiter"})
			})
			c := newTestClient(t, refusalTestConfig(rec.srv.URL))
			dp, _ := c.DataPlane(rec.srv.URL, "tok")
			err := r.call(t.Context(), c, dp)
			var ae *APIError
			if !errors.As(err, &ae) || ae.Code != 1807 || !IsTransient(err) {
				t.Fatalf("error = %v, want the refusal (code 1807)", err)
			}
			if got := n.Load(); got != 4 {
				t.Errorf("%d attempts, want 4 (the first and max_retries = 3)", got)
			}
		})
	}
}

// TestWriteRefusedPastPatience: a write without a deadline that the server
// refuses for ever stops once it has been refused for RefusalPatience (10
// minutes by default) on the client's clock, with an error that says so and
// still is the server's refusal. The fake server moves the clock on by a
// minute per answer: nothing sleeps.
func TestWriteRefusedPastPatience(t *testing.T) {
	t.Parallel()
	for _, w := range refusedWrites {
		t.Run(w.name, func(t *testing.T) {
			t.Parallel()
			clk := newStepClock()
			var n atomic.Int32
			rec := newRecorder(t, func(rw http.ResponseWriter, _ *http.Request, _ int) {
				if n.Add(1) > 100 {
					reply(rw, 200, w.ok) // a runaway: the assertions below fail
					return
				}
				clk.advance(time.Minute)
				reply(rw, 200, map[string]any{"code": 1807, "message": "request is rejected by limiter"})
			})
			c := withClock(newTestClient(t, refusalTestConfig(rec.srv.URL)), clk)
			dp, _ := c.DataPlane(rec.srv.URL, "tok")
			err := w.call(t.Context(), c, dp)
			var ae *APIError
			if !errors.As(err, &ae) || ae.Code != 1807 {
				t.Fatalf("error = %v, want the refusal (code 1807)", err)
			}
			for _, want := range []string{"refused this request for its rate limit 11 times over 10m0s", "stopped waiting", "apply again later"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not say %q", err, want)
				}
			}
			// The first refusal starts the patience; the 11th comes 10
			// minutes later on the client's clock and is not sent again.
			if got := n.Load(); got != 11 {
				t.Errorf("%d attempts, want 11", got)
			}
		})
	}
}
