package zilliz

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
)

func TestAPIErrorClassification(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name                                        string
		err                                         *APIError
		notFound, exists, unauthorized, unavailable bool
		ambiguous                                   bool
	}{
		{name: "96018 cluster not found", err: &APIError{HTTPStatus: 200, Code: 96018}, notFound: true},
		// 80020 "does not exist or no permission" is what a live cluster answers to
		// a key of another project: never a proof that it is gone.
		{name: "80020 does not exist or no permission", err: &APIError{HTTPStatus: 200, Code: 80020}, ambiguous: true},
		{name: "40021 cluster id does not exist", err: &APIError{HTTPStatus: 200, Code: 40021}, notFound: true},
		{name: "100 collection not found", err: &APIError{HTTPStatus: 200, Code: 100}, notFound: true},
		{name: "90001 collection does not exist", err: &APIError{HTTPStatus: 200, Code: 90001}, notFound: true},
		{name: "47005 collection not found", err: &APIError{HTTPStatus: 200, Code: 47005}, notFound: true},
		{name: "800 database not found", err: &APIError{HTTPStatus: 200, Code: 800}, notFound: true},
		{name: "HTTP 404 without a code is not not-found", err: &APIError{HTTPStatus: 404}},
		{name: "40013 name exists", err: &APIError{HTTPStatus: 200, Code: 40013}, exists: true},
		{name: "96017 name exists", err: &APIError{HTTPStatus: 200, Code: 96017}, exists: true},
		{name: "80010 duplicate name", err: &APIError{HTTPStatus: 200, Code: 80010}, exists: true},
		{name: "90106 collection exists", err: &APIError{HTTPStatus: 200, Code: 90106}, exists: true},
		{name: "HTTP 401", err: &APIError{HTTPStatus: 401}, unauthorized: true},
		{name: "HTTP 403 privilege", err: &APIError{HTTPStatus: 403, Code: 1401}, unauthorized: true},
		{name: "21119 illegal apikey", err: &APIError{HTTPStatus: 401, Code: 21119}, unauthorized: true},
		{name: "1800 not authenticated", err: &APIError{HTTPStatus: 200, Code: 1800}, unauthorized: true},
		{name: "80001 illegal token", err: &APIError{HTTPStatus: 200, Code: 80001}, unauthorized: true},
		{name: "80002 invalid token", err: &APIError{HTTPStatus: 200, Code: 80002}, unauthorized: true},
		{name: "HTTP 502", err: &APIError{HTTPStatus: 502}, unavailable: true},
		{name: "HTTP 503", err: &APIError{HTTPStatus: 503}, unavailable: true},
		{name: "HTTP 504", err: &APIError{HTTPStatus: 504}, unavailable: true},
		{name: "HTTP 500", err: &APIError{HTTPStatus: 500}},
		{name: "40003 wrong state", err: &APIError{HTTPStatus: 200, Code: 40003}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			// Wrapped, as callers will see it.
			err := fmt.Errorf("reading cluster: %w", tc.err)
			if got := IsNotFound(err); got != tc.notFound {
				t.Errorf("IsNotFound = %v", got)
			}
			if got := IsNotFoundOrNoAccess(err); got != tc.ambiguous {
				t.Errorf("IsNotFoundOrNoAccess = %v", got)
			}
			if got := IsAlreadyExists(err); got != tc.exists {
				t.Errorf("IsAlreadyExists = %v", got)
			}
			if got := IsUnauthorized(err); got != tc.unauthorized {
				t.Errorf("IsUnauthorized = %v", got)
			}
			if got := IsUnavailable(err); got != tc.unavailable {
				t.Errorf("IsUnavailable = %v", got)
			}
		})
	}
	for _, f := range []func(error) bool{IsNotFound, IsNotFoundOrNoAccess, IsAlreadyExists, IsUnauthorized, IsUnavailable} {
		if f(nil) || f(errors.New("x")) {
			t.Error("a classifier accepted nil or a plain error")
		}
	}
}

func TestAPIErrorMessage(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err  APIError
		want string
	}{
		{APIError{HTTPStatus: 200, Code: 40013, Message: "The specified cluster name already exists.", RequestID: "8f3a", Method: "POST", Path: "/v2/clusters/createDedicated"},
			"POST /v2/clusters/createDedicated: code 40013 (HTTP 200): The specified cluster name already exists. [request id 8f3a]"},
		{APIError{HTTPStatus: 502, Message: "Bad Gateway", Method: "GET", Path: "/v2/clusters/in01-x"},
			"GET /v2/clusters/in01-x: HTTP 502: Bad Gateway"},
		{APIError{HTTPStatus: 200, Code: 100, Method: "GET", Path: "/v1/vector/collections/describe"},
			"GET /v1/vector/collections/describe: code 100 (HTTP 200)"},
	}
	for _, tc := range tests {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("Error() = %q\nwant      %q", got, tc.want)
		}
	}
}

func TestIsUnavailableTransportErrors(t *testing.T) {
	t.Parallel()
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED}
	reset := &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{"refused", &transportError{Err: refused}, true},
		{"reset", &transportError{Err: reset}, true},
		{"eof", &transportError{Err: io.ErrUnexpectedEOF}, true},
		// A name that does not resolve is a wrong endpoint, not one that is not up yet.
		{"dns no such host", &transportError{Err: &net.DNSError{Err: "no such host", Name: "in01-x", IsNotFound: true}}, false},
		{"dns temporary", &transportError{Err: &net.DNSError{Err: "server misbehaving", Name: "in01-x", IsTemporary: true}}, true},
		{"attempt timeout", &transportError{Err: &attemptTimeoutError{timeout: "1s", err: context.DeadlineExceeded}}, true},
		{"caller context ended", &transportError{Err: context.DeadlineExceeded, ctxDone: true}, false},
		{"rate limiter", &transportError{Err: &limiterError{err: errors.New("would exceed deadline")}}, false},
		{"body too large", &transportError{Err: &bodyTooLargeError{limit: 1}}, false},
	}
	for _, tc := range tests {
		if got := IsUnavailable(fmt.Errorf("wrapped: %w", tc.err)); got != tc.want {
			t.Errorf("%s: IsUnavailable = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestRequestIDHeaders checks both request id headers end up in APIError.
func TestRequestIDHeaders(t *testing.T) {
	t.Parallel()
	for _, h := range []string{"requestid", "X-Request-Id"} {
		t.Run(h, func(t *testing.T) {
			t.Parallel()
			rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
				reply(w, 200, map[string]any{"code": 96018, "message": "Cluster not found"}, h, "req-"+h)
			})
			c := newTestClient(t, fastConfig(rec.srv.URL))
			_, err := c.DescribeCluster(t.Context(), "in01-x")
			var ae *APIError
			if !errors.As(err, &ae) || ae.RequestID != "req-"+h || !IsNotFound(err) {
				t.Fatalf("error = %#v", err)
			}
		})
	}
}

func TestIsTransient(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		err  error
		want bool
	}{
		{&APIError{HTTPStatus: 429, Code: 429}, true},
		{&APIError{HTTPStatus: 200, Code: 1807}, true},
		{&APIError{HTTPStatus: 503, Code: 503}, true},
		{&APIError{HTTPStatus: 200, Code: 100}, false},
		{&APIError{HTTPStatus: 401, Code: 1800}, false},
		{&APIError{HTTPStatus: 500, Code: 500}, false},
		{errors.New("other"), false},
	} {
		if got := IsTransient(tc.err); got != tc.want {
			t.Errorf("IsTransient(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
}

// TestLimiterErrorIsDeadline: a slot the limiter cannot grant before the deadline
// reads as the deadline running out, so callers report their timeout.
func TestLimiterErrorIsDeadline(t *testing.T) {
	t.Parallel()
	err := &transportError{Err: &limiterError{err: errors.New("rate: Wait(n=1) would exceed context deadline")}}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("%v does not read as a deadline", err)
	}
}

// TestNoSuchHostIsPermanent: a host name that does not resolve is a wrong
// endpoint: one attempt, not retried, not "unavailable" (so a create does not
// wait for the endpoint to come up), and the error names the endpoint.
func TestNoSuchHostIsPermanent(t *testing.T) {
	t.Parallel()
	var dials atomic.Int32
	cfg := fastConfig("https://api.example.invalid")
	cfg.HTTPClient = &http.Client{Transport: &http.Transport{DialContext: func(_ context.Context, network, addr string) (net.Conn, error) {
		dials.Add(1)
		host, _, _ := net.SplitHostPort(addr)
		return nil, &net.OpError{Op: "dial", Net: network, Err: &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}}
	}}}
	c := newTestClient(t, cfg)
	const endpoint = "https://in01-0123456789abcde.gcp-us-west1.vectordb.invalid"
	dp, err := c.DataPlane(endpoint, "")
	if err != nil {
		t.Fatal(err)
	}
	err = dp.CreateCollection(t.Context(), CreateCollectionRequest{CollectionName: "c", Dimension: 4})
	if !IsNoSuchHost(err) || IsUnavailable(err) || IsTransient(err) || IsNoAnswer(err) {
		t.Errorf("error %v: IsNoSuchHost %v, IsUnavailable %v, IsTransient %v", err, IsNoSuchHost(err), IsUnavailable(err), IsTransient(err))
	}
	if err == nil || !strings.Contains(err.Error(), endpoint) || !strings.Contains(err.Error(), "does not resolve") {
		t.Errorf("error does not name the endpoint and the cause: %v", err)
	}
	if n := dials.Load(); n != 1 {
		t.Errorf("%d dials, want 1 (the name check, not retried)", n)
	}
}
