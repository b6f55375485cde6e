package zilliz

import (
	"context"
	"errors"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// fakeRegions is a fetch func that answers from a script, one entry per call
// (the last repeats), and counts its calls.
type fakeRegions struct {
	calls  atomic.Int32
	script []func(ctx context.Context) ([]Region, error)
}

func (f *fakeRegions) fetch(ctx context.Context) ([]Region, error) {
	n := int(f.calls.Add(1))
	return f.script[min(n, len(f.script))-1](ctx)
}

func regionsOK(context.Context) ([]Region, error) {
	return []Region{{RegionID: "gcp-us-west1"}}, nil
}

// TestRegionsOnceKeeps: a list and a definite API error (a refused key) are
// kept for the client's life; a failure of the asking (the caller's context
// ended, no connection, a 503, a refusal for the service's rate) is not: the
// next caller asks again.
func TestRegionsOnceKeeps(t *testing.T) {
	t.Parallel()
	badKey := &APIError{HTTPStatus: 401, Code: 21119, Message: "illegal api key"}
	for _, tc := range []struct {
		name  string
		first func(ctx context.Context) ([]Region, error)
		kept  bool
	}{
		{"a list", regionsOK, true},
		{"a refused key", func(context.Context) ([]Region, error) { return nil, badKey }, true},
		{"the caller's context ended", func(context.Context) ([]Region, error) {
			return nil, &transportError{Method: "GET", Path: "/v2/regions", Err: context.Canceled, ctxDone: true}
		}, false},
		{"no connection", func(context.Context) ([]Region, error) {
			return nil, &transportError{Method: "GET", Path: "/v2/regions", Err: syscall.ECONNREFUSED}
		}, false},
		{"HTTP 503", func(context.Context) ([]Region, error) { return nil, &APIError{HTTPStatus: 503} }, false},
		{"a rate refusal", func(context.Context) ([]Region, error) { return nil, &APIError{HTTPStatus: 200, Code: 1807} }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var o regionsOnce
			f := &fakeRegions{script: []func(context.Context) ([]Region, error){tc.first, regionsOK}}
			firstList, firstErr := o.get(t.Context(), f.fetch)
			list, err := o.get(t.Context(), f.fetch)
			switch {
			case tc.kept && (f.calls.Load() != 1 || !errors.Is(err, firstErr) || len(list) != len(firstList)):
				t.Errorf("kept answer: %d fetches, second answer %v %v; want 1 fetch and the first answer (%v %v)", f.calls.Load(), list, err, firstList, firstErr)
			case !tc.kept && (f.calls.Load() != 2 || err != nil || len(list) != 1):
				t.Errorf("not kept: %d fetches, second answer %v %v; want 2 fetches and the list", f.calls.Load(), list, err)
			}
			if _, _ = o.get(t.Context(), f.fetch); f.calls.Load() > 2 {
				t.Errorf("%d fetches after a list was kept", f.calls.Load())
			}
		})
	}
}

// TestRegionsOnceWaitersOwnContext: while the request is in flight, a caller
// that waits for it gives up when its own context ends (the request goes
// on); a caller waiting when the asker's context ends asks again instead of
// taking the asker's cancellation.
func TestRegionsOnceWaitersOwnContext(t *testing.T) {
	t.Parallel()
	var o regionsOnce
	started, release := make(chan struct{}), make(chan struct{})
	f := &fakeRegions{script: []func(context.Context) ([]Region, error){
		func(ctx context.Context) ([]Region, error) {
			close(started)
			select {
			case <-release:
				return regionsOK(ctx)
			case <-ctx.Done():
				return nil, &transportError{Method: "GET", Path: "/v2/regions", Err: ctx.Err(), ctxDone: true}
			}
		},
		regionsOK,
	}}
	askerCtx, cancelAsker := context.WithCancel(t.Context())
	asker := make(chan error, 1)
	go func() { _, err := o.get(askerCtx, f.fetch); asker <- err }()
	<-started

	// A waiter whose context has ended returns at once with its own error.
	ended, cancel := context.WithCancel(t.Context())
	cancel()
	waiter := make(chan error, 1)
	go func() { _, err := o.get(ended, f.fetch); waiter <- err }()
	select {
	case err := <-waiter:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("waiter with an ended context: %v, want context.Canceled", err)
		}
	case <-time.After(time.Minute): // a hang, not a timing assertion
		t.Fatal("a waiter whose context ended waited for the request in flight")
	}

	// The asker's context ends: its error is its own; the next caller (one
	// that waited, or one that comes after) asks again and gets the list.
	next := make(chan error, 1)
	go func() {
		list, err := o.get(t.Context(), f.fetch)
		if err == nil && len(list) != 1 {
			err = errors.New("empty list")
		}
		next <- err
	}()
	cancelAsker()
	if err := <-asker; !errors.Is(err, context.Canceled) {
		t.Errorf("asker: %v, want its cancellation", err)
	}
	if err := <-next; err != nil {
		t.Errorf("the caller after the asker gave up: %v, want the list", err)
	}
	close(release)
	if n := f.calls.Load(); n != 2 {
		t.Errorf("%d fetches, want 2 (the asker's, cancelled, and one more)", n)
	}
}
