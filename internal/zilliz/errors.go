package zilliz

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"syscall"
)

// ErrNoAPIKey is returned by calls that need a key when none was configured.
var ErrNoAPIKey = errors.New("no Zilliz Cloud API key: set api_key in the provider block or ZILLIZ_API_KEY")

// APIError is an answer of the API that is not a success: an HTTP status >= 400,
// or HTTP < 400 with an envelope code other than 0/200 (Zilliz reports business
// errors such as "name already exists" with HTTP 200).
type APIError struct {
	HTTPStatus int
	// Code is the envelope's code; 0 when the body was not the JSON envelope.
	Code int
	// Message is the envelope's message, or the first 200 bytes of a non-JSON body.
	Message string
	// RequestID is the `requestid` (or `x-request-id`) response header, for support.
	RequestID string
	Method    string
	// Path is the URL path of the call, without host or query.
	Path string
	// Endpoint is the base URL the call went to: the control plane or a
	// cluster endpoint.
	Endpoint string
	// ControlPlane says whether Endpoint is the control plane.
	ControlPlane bool
	// Credential says where the key or token sent with the call came from, as
	// the caller described it (Config.APIKeySource, DataPlane.WithTokenSource);
	// "" when not described.
	Credential string
}

// Error reads like
// `POST /v2/clusters/createDedicated: code 40013 (HTTP 200): The specified cluster name already exists. [request id 8f3…]`.
func (e *APIError) Error() string {
	s := e.Method + " " + e.Path + ": "
	if e.Code != 0 {
		s += fmt.Sprintf("code %d (HTTP %d)", e.Code, e.HTTPStatus)
	} else {
		s += fmt.Sprintf("HTTP %d", e.HTTPStatus)
	}
	if e.Message != "" {
		s += ": " + e.Message
	}
	if e.RequestID != "" {
		s += " [request id " + e.RequestID + "]"
	}
	return s
}

// Code sets, from zilliz-api.md. HTTP 404 alone is deliberately not "not found":
// the real API answers a missing cluster with HTTP 200 and a code, and a 404 is far
// more likely a wrong base URL, which must never make Terraform forget a resource.
var (
	notFoundCodes = map[int]bool{
		96018: true, // v2: cluster not found
		40021: true, // cluster ID does not exist
		100:   true, // Milvus: collection not found
		90001: true, // Zilliz v1 gateway: collection does not exist
		47005: true, // data plane: collection not found (older gateway)
		800:   true, // Milvus: database not found
		1600:  true, // Milvus: alias not found
	}
	// notFoundOrNoAccessCodes are answers that cannot tell "gone" from "this key
	// may not see it": a wrong or rotated key, or a key of another project, gets
	// them for a cluster that is alive and billed.
	notFoundOrNoAccessCodes = map[int]bool{
		80020: true, // "cluster does not exist or no permission" (ZDOC error-codes)
	}
	alreadyExistsCodes = map[int]bool{
		40013: true, // cluster name already exists (recorded)
		96017: true, // cluster name already exists under project
		80010: true, // duplicate running cluster name (v1)
		90106: true, // collection already exists (v1 gateway)
	}
	// regionRefusedCodes say the region does not exist or does not offer
	// the cluster's plan (ZDOC error-codes-v2 and error-codes).
	regionRefusedCodes = map[int]bool{
		96001: true, // invalid regionId
		96019: true, // the region has no free plan
		96020: true, // the region has no serverless plan
		80025: true, // v1: no serverless cluster in this region
	}
	unauthorizedCodes = map[int]bool{
		21119: true, // the apikey is illegal (recorded, HTTP 401)
		1800:  true, // Milvus: user hasn't authenticated
		80001: true, // illegal token
		80002: true, // invalid token
	}
)

// IsNotFound reports whether err is an API answer saying the cluster, collection,
// database or alias does not exist.
func IsNotFound(err error) bool {
	var e *APIError
	var g *objectGone
	return errors.As(err, &g) || (errors.As(err, &e) && notFoundCodes[e.Code])
}

// IsNotFoundOrNoAccess reports whether err is an ambiguous answer such as 80020
// "cluster does not exist or no permission". It is never a proof that the object
// is gone: the same answer comes back for a live cluster when the API key is
// wrong, rotated or belongs to another project. IsNotFound is false for it.
func IsNotFoundOrNoAccess(err error) bool {
	var e *APIError
	return errors.As(err, &e) && notFoundOrNoAccessCodes[e.Code]
}

// IsAlreadyExists reports whether err says an object of that name already exists.
func IsAlreadyExists(err error) bool {
	var e *APIError
	return errors.As(err, &e) && alreadyExistsCodes[e.Code]
}

// IsRegionRefused reports whether err says the region does not exist, or does
// not offer the plan asked for.
func IsRegionRefused(err error) bool {
	var e *APIError
	return errors.As(err, &e) && regionRefusedCodes[e.Code]
}

// IsUnauthorized reports whether err says the key or token was refused
// (HTTP 401/403 or one of the auth codes).
func IsUnauthorized(err error) bool {
	var e *APIError
	if !errors.As(err, &e) {
		return false
	}
	return e.HTTPStatus == 401 || e.HTTPStatus == 403 || unauthorizedCodes[e.Code]
}

// IsUnavailable reports whether err (after the client's own retries) says the
// endpoint is not reachable or not ready: connection refused/reset, timeouts,
// temporary DNS failures, or HTTP 502/503/504. A fresh cluster's data plane
// answers like this until it is RUNNING, so callers may wait and try again. It
// is false when the caller's own context ended, and for a host name that does
// not resolve at all (see IsNoSuchHost): no wait fixes a wrong endpoint.
func IsUnavailable(err error) bool {
	var e *APIError
	if errors.As(err, &e) {
		return e.HTTPStatus == 502 || e.HTTPStatus == 503 || e.HTTPStatus == 504
	}
	var te *transportError
	if errors.As(err, &te) {
		return !te.ctxDone && isConnFailure(te.Err) && !isNoSuchHost(te.Err)
	}
	return false
}

// IsNoAnswer reports whether a call got no sign of life from its endpoint:
// the connection could not be made (refused, unreachable, timed out), or an
// attempt timed out without an answer, as from an endpoint out of this
// machine's reach or one that accepts connections and never answers. It is
// false for an HTTP answer (a 503 is an answer: the endpoint is reachable),
// for a connection the server closed or reset after taking the request (a
// flaky endpoint, but one that is there), and for a host name that does not
// resolve.
func IsNoAnswer(err error) bool {
	var te *transportError
	if !errors.As(err, &te) || te.ctxDone || isNoSuchHost(te.Err) {
		return false
	}
	var at *attemptTimeoutError
	var oe *net.OpError
	return errors.As(te.Err, &at) || (errors.As(te.Err, &oe) && oe.Op == "dial")
}

// IsNoSuchHost reports whether a call failed because its endpoint's host name
// does not resolve (DNS "no such host"): a wrong endpoint or base URL, which
// no retry fixes.
func IsNoSuchHost(err error) bool {
	var te *transportError
	return errors.As(err, &te) && isNoSuchHost(te.Err)
}

func isNoSuchHost(err error) bool {
	var de *net.DNSError
	return errors.As(err, &de) && de.IsNotFound
}

// IsTransient reports whether a later try of the same call may well succeed: the
// endpoint is unavailable (see IsUnavailable) or the call was rate limited (HTTP
// 429, or Milvus's rate-limit codes 1807 and 8) until its retries ran out.
func IsTransient(err error) bool {
	var e *APIError
	if errors.As(err, &e) && (e.HTTPStatus == http.StatusTooManyRequests || rateLimitCodes[e.Code]) {
		return true
	}
	return IsUnavailable(err)
}

// transportError is a call that got no HTTP answer at all (after retries).
type transportError struct {
	Method string
	// Base is the endpoint called (scheme and host), Path the URL path.
	Base     string
	Path     string
	Attempts int
	Err      error
	ctxDone  bool // the caller's context had ended: not the endpoint's fault
}

func (e *transportError) Error() string {
	s := fmt.Sprintf("%s %s%s: %v", e.Method, e.Base, e.Path, e.Err)
	if isNoSuchHost(e.Err) {
		s += fmt.Sprintf(" (the host name of %s does not resolve: check the endpoint for a typo, "+
			"or that this machine's DNS can see it)", e.Base)
	}
	if e.Attempts > 1 {
		s += fmt.Sprintf(" (gave up after %d attempts)", e.Attempts)
	}
	return s
}

func (e *transportError) Unwrap() error { return e.Err }

// decodeError is a success envelope whose data did not decode into the typed
// response. The server did act on the call, which matters for creates.
type decodeError struct {
	Method, Path string
	Err          error
}

func (e *decodeError) Error() string {
	return fmt.Sprintf("%s %s: decoding response data: %v", e.Method, e.Path, e.Err)
}

func (e *decodeError) Unwrap() error { return e.Err }

// limiterError: the client-side rate limiter could not grant a slot before the
// context's deadline, so the request was never sent.
type limiterError struct{ err error }

func (e *limiterError) Error() string {
	return "client-side rate limit: " + e.err.Error()
}

// Unwrap also yields context.DeadlineExceeded: the limiter refuses only when the
// wait would outlast the context's deadline, so for the caller the deadline has
// in effect run out (a resource's timeout, say).
func (e *limiterError) Unwrap() []error { return []error{e.err, context.DeadlineExceeded} }

// bodyTooLargeError: the answer exceeded maxResponseBytes.
type bodyTooLargeError struct{ limit int }

func (e *bodyTooLargeError) Error() string {
	return fmt.Sprintf("response body larger than %d bytes", e.limit)
}

// attemptTimeoutError: one attempt exceeded Config.RequestTimeout (the caller's
// context was still alive). It is a net.Error so that it counts as a timeout.
type attemptTimeoutError struct {
	timeout string
	err     error
}

func (e *attemptTimeoutError) Error() string {
	return "attempt timed out after " + e.timeout + ": " + e.err.Error()
}
func (e *attemptTimeoutError) Unwrap() error   { return e.err }
func (e *attemptTimeoutError) Timeout() bool   { return true }
func (e *attemptTimeoutError) Temporary() bool { return true }

var _ net.Error = (*attemptTimeoutError)(nil)

// isConnFailure reports a network-level failure: refused, reset, closed early,
// timed out, or a name that does not resolve yet.
func isConnFailure(err error) bool {
	if err == nil {
		return false
	}
	var le *limiterError
	var be *bodyTooLargeError
	if errors.As(err, &le) || errors.As(err, &be) {
		return false
	}
	if errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) ||
		errors.Is(err, syscall.EPIPE) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return true
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return true
	}
	var oe *net.OpError
	var de *net.DNSError
	return errors.As(err, &oe) || errors.As(err, &de)
}

// isNotSent reports a failure that certainly happened before the request reached
// the server: a failed dial (refused, unreachable, DNS), or our own rate limiter.
// Only these may be retried for calls that are not idempotent.
func isNotSent(err error) bool {
	var le *limiterError
	if errors.As(err, &le) {
		return true
	}
	var de *net.DNSError
	if errors.As(err, &de) {
		return true
	}
	var oe *net.OpError
	if errors.As(err, &oe) && (oe.Op == "dial" || oe.Op == "proxyconnect") {
		// A dial timeout is also "not sent": no connection ever existed.
		return true
	}
	return false
}

// isContextErr reports whether err is the caller's context ending.
func isContextErr(ctx context.Context, err error) bool {
	return ctx.Err() != nil && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded))
}
