package zilliz

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Retry policy.
//
// Retries happen in the transport (go-retryablehttp with checkRetry and backoff
// below), never in scattered loops. Which failures are retried depends on the call:
//
//   - idempotent calls (GET, describe, list, drop, PUT labels, rename) are retried on
//     connection errors, HTTP 429 and 5xx (except 501);
//   - other calls (create*, modify, suspend, resume) are retried only when the server
//     certainly did not act: HTTP 429, HTTP 503, or a connection that was never
//     established (dial errors such as "connection refused"). A reset connection, a
//     timeout or a 500 after the request was sent is ambiguous: repeating a create
//     could buy a second paid cluster, so the create calls resolve the ambiguity by
//     looking the object up instead (see CreateCluster and CreateCollection).
//
// An HTTP 200 with an error code and any other 4xx are answers, never retried.

// callStateKey carries a *callState in a request's context, so that the transport
// and checkRetry (which only see the *http.Request) know the call's class and count.
type callStateKey struct{}

// callState is per call (shared by its attempts, which run one after another).
type callState struct {
	idempotent bool
	method     string
	path       string
	attempts   int
	// retryLimit, when >= 0, caps this call's retries below the client's MaxRetries.
	retryLimit int
}

// retryLimitKey carries a per-call retry limit set by WithRetryLimit.
type retryLimitKey struct{}

// WithRetryLimit returns a context under which each call is retried at most n
// times, fewer than the client's MaxRetries if n is smaller. It is for callers
// that have a better fallback than a long series of retries: the provider's read
// of a collection checks the control plane when the cluster endpoint does not
// answer, instead of waiting out the whole backoff against a dropped cluster.
func WithRetryLimit(ctx context.Context, n int) context.Context {
	return context.WithValue(ctx, retryLimitKey{}, max(n, 0))
}

func retryLimitFrom(ctx context.Context) int {
	if n, ok := ctx.Value(retryLimitKey{}).(int); ok {
		return n
	}
	return -1
}

func stateFrom(ctx context.Context) *callState {
	st, _ := ctx.Value(callStateKey{}).(*callState)
	return st
}

// checkRetry is the retryablehttp.CheckRetry of every Client.
func (c *Client) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		// Stop at once: the caller's deadline or cancellation wins over any retry.
		return false, ctx.Err()
	}
	st := stateFrom(ctx)
	idempotent := st != nil && st.idempotent
	retry, reason := classify(idempotent, resp, err)
	if retry && st != nil && st.retryLimit >= 0 && st.attempts > st.retryLimit {
		retry, reason = false, fmt.Sprintf("%s; giving up after %d attempts (the caller's limit)", reason, st.attempts)
	}
	if reason == "" || c.logger == nil {
		return retry, nil
	}
	fields := map[string]any{"retry": retry, "reason": reason}
	if st != nil {
		fields["method"], fields["path"], fields["attempt"] = st.method, st.path, st.attempts
		if retry && st.attempts > c.maxRetries {
			fields["retry"] = false
			fields["reason"] = fmt.Sprintf("%s; giving up after %d attempts", reason, st.attempts)
		}
	}
	c.logger(ctx, "Zilliz API retry decision", fields)
	return retry, nil
}

// classify decides whether one attempt's outcome is retried, and says why; an
// empty reason means there was nothing to decide (a normal answer).
func classify(idempotent bool, resp *http.Response, err error) (bool, string) {
	if err != nil {
		var le *limiterError
		var be *bodyTooLargeError
		switch {
		case errors.As(err, &le):
			return false, "client-side rate limit cannot be met before the deadline"
		case errors.As(err, &be):
			return false, "response too large"
		case isPermanentTransportError(err):
			return false, "permanent error: " + err.Error()
		case isNotSent(err):
			return true, "connection not established: " + err.Error()
		case idempotent:
			return true, "transport error: " + err.Error()
		default:
			return false, "transport error after the request may have been sent; not retried because the call is not idempotent: " + err.Error()
		}
	}
	if resp == nil {
		return false, ""
	}
	if code := rateLimitCode(resp); code != 0 {
		// The cluster's limiter refused the request before acting on it, so even
		// a create may be sent again.
		return true, fmt.Sprintf("HTTP %d with code %d (rejected by the server's rate limiter)", resp.StatusCode, code)
	}
	code := resp.StatusCode
	switch {
	case code == http.StatusTooManyRequests:
		return true, "HTTP 429 (rate limited)"
	case code == http.StatusServiceUnavailable:
		return true, "HTTP 503 (service unavailable)"
	case code == http.StatusNotImplemented:
		return false, ""
	case code == http.StatusRequestTimeout && idempotent:
		// Milvus's timeout middleware (httpserver timeout_middleware.go) answers
		// 408 while the handler may still run: harmless to repeat a read or a
		// drop. A create is not repeated here; its caller checks first.
		return true, "HTTP 408 (server-side request timeout)"
	case code >= 500 && idempotent:
		return true, fmt.Sprintf("HTTP %d", code)
	case code >= 500:
		return false, fmt.Sprintf("HTTP %d after the request was sent; not retried because the call is not idempotent", code)
	}
	return false, ""
}

// Milvus answers a request its rate limiter refused with HTTP 200 and one of
// these codes (zilliz-api.md B.2): 1807 "request is rejected by limiter", 8 the
// server's rate limit.
var rateLimitCodes = map[int]bool{1807: true, 8: true}

// rateLimitCode returns the body code of an HTTP 200 answer that is a rate-limit
// refusal, else 0. The body is already buffered by attemptTransport; it is read
// and put back.
func rateLimitCode(resp *http.Response) int {
	if resp.StatusCode != http.StatusOK || resp.Body == nil {
		return 0
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body = io.NopCloser(bytes.NewReader(b))
	if err != nil || !bytes.Contains(b, []byte(`"code"`)) {
		return 0
	}
	var env struct {
		Code int `json:"code"`
	}
	if json.Unmarshal(b, &env) != nil || !rateLimitCodes[env.Code] {
		return 0
	}
	return env.Code
}

// isPermanentTransportError reports errors that no retry can fix: bad
// certificates, unsupported schemes and the like.
func isPermanentTransportError(err error) bool {
	var (
		unknownAuthority x509.UnknownAuthorityError
		hostname         x509.HostnameError
		invalidCert      x509.CertificateInvalidError
		verification     *tls.CertificateVerificationError
	)
	if errors.As(err, &unknownAuthority) || errors.As(err, &hostname) ||
		errors.As(err, &invalidCert) || errors.As(err, &verification) {
		return true
	}
	msg := err.Error()
	return strings.Contains(msg, "unsupported protocol scheme") ||
		strings.Contains(msg, "invalid header") ||
		(strings.Contains(msg, "stopped after") && strings.Contains(msg, "redirects"))
}

// backoff is the retryablehttp.Backoff of every Client: the server's Retry-After
// when it sent one (capped at maxRetryAfter, not at waitMax), else exponential from
// waitMin doubling per retry, capped at waitMax, with equal jitter so that many clients
// released by the same outage do not return in lockstep.
func backoff(waitMin, waitMax time.Duration, attempt int, resp *http.Response) time.Duration {
	if resp != nil {
		if d, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
			return d
		}
	}
	return expBackoff(waitMin, waitMax, attempt)
}

// expBackoff returns a delay in [d/2, d] where d = waitMin·2^attempt capped at waitMax.
func expBackoff(waitMin, waitMax time.Duration, attempt int) time.Duration {
	d := waitMax
	if attempt < 32 {
		if v := waitMin << uint(attempt); v > 0 && v < waitMax {
			d = v
		}
	}
	half := d / 2
	return half + rand.N(d-half+1)
}

// parseRetryAfter reads Retry-After as delta-seconds or an HTTP date. A zero or
// past value means "no hint" so that the normal backoff still spaces attempts.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	var d time.Duration
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs <= 0 {
			return 0, false
		}
		if secs > int64(maxRetryAfter/time.Second) {
			return maxRetryAfter, true
		}
		d = time.Duration(secs) * time.Second
	} else if t, err := http.ParseTime(v); err == nil {
		d = t.Sub(now)
		if d <= 0 {
			return 0, false
		}
	} else {
		return 0, false
	}
	return min(d, maxRetryAfter), true
}

// keepLastResponse is the retryablehttp.ErrorHandler: when retries run out on an
// HTTP answer (429, 5xx), hand that answer back so that it becomes an *APIError
// with its status, code and request id, instead of a bare "giving up".
func keepLastResponse(resp *http.Response, err error, _ int) (*http.Response, error) {
	if err == nil && resp != nil {
		return resp, nil
	}
	if resp != nil {
		_ = resp.Body.Close()
	}
	return nil, err
}
