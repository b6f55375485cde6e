package zilliz

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"sync"
)

// regionsOnce keeps AllRegions' answer for a Client's life, and lets one
// request be in flight at a time.
//
// What is kept: a list, and an error the API answered that asking again
// would only repeat (a refused key, HTTP 401 code 21119, say). What is not: a
// failure of the asking (the caller's context ended, the connection failed,
// HTTP 5xx or 408, a refusal for the service's rate), so that the next caller
// asks again instead of living with one caller's bad moment for the whole run.
type regionsOnce struct {
	mu       sync.Mutex
	done     bool // list and err are the kept answer
	list     []Region
	err      error
	inflight *regionsCall // the request being made; nil: none
}

// regionsCall is one request, shared by the callers that wait for it.
type regionsCall struct {
	done chan struct{} // closed when list and err are set
	list []Region
	err  error
	// ctxEnded: the asker's context ended before the answer, so err is
	// that caller's alone and the ones waiting ask again.
	ctxEnded bool
}

// get returns the kept answer, or that of the request in flight (waiting for
// it as long as ctx allows), or makes the request with fetch under ctx.
func (o *regionsOnce) get(ctx context.Context, fetch func(context.Context) ([]Region, error)) ([]Region, error) {
	for {
		o.mu.Lock()
		if o.done {
			list, err := o.list, o.err
			o.mu.Unlock()
			return slices.Clone(list), err
		}
		call := o.inflight
		if call == nil {
			call = &regionsCall{done: make(chan struct{})}
			o.inflight = call
			o.mu.Unlock()
			call.list, call.err = fetch(ctx)
			call.ctxEnded = call.err != nil && ctx.Err() != nil
			o.mu.Lock()
			o.inflight = nil
			if call.err == nil || definiteAnswer(call.err) {
				o.done, o.list, o.err = true, call.list, call.err
			}
			o.mu.Unlock()
			close(call.done)
			return slices.Clone(call.list), call.err
		}
		o.mu.Unlock()
		select {
		case <-call.done:
			if !call.ctxEnded {
				// This request's answer (a transient failure included) is
				// shared by everyone who waited for it.
				return slices.Clone(call.list), call.err
			}
			// The asker gave up; ask again (perhaps as the asker now).
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

// definiteAnswer reports an error the API answered that another request
// would only repeat: an HTTP 4xx other than 408 and 429, or an HTTP 200 with
// an error code other than a refusal for the service's rate.
func definiteAnswer(err error) bool {
	var ae *APIError
	if !errors.As(err, &ae) || IsTransient(err) {
		return false
	}
	switch s := ae.HTTPStatus; {
	case s == http.StatusRequestTimeout || s == http.StatusTooManyRequests || s >= 500:
		return false
	}
	return true
}

// AllRegions returns every region of every cloud (GET /v2/regions), asking
// the API once per Client: one Client serves one provider run, in which
// regions do not change, and a plan that checks the region of many clusters
// must not ask for each. Callers that come while the request is in flight
// wait for its answer, each no longer than its own ctx allows; the request
// runs under the ctx of the caller that made it. A failure of the asking (see
// regionsOnce) is not kept: the next caller asks again.
func (c *Client) AllRegions(ctx context.Context) ([]Region, error) {
	return c.regions.get(ctx, func(ctx context.Context) ([]Region, error) { return c.ListRegions(ctx, "") })
}
