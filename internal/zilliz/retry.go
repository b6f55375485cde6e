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
// below), never in scattered loops. A refusal for the server's rate (HTTP 429,
// or code 1807 or 8) is sent again, paced (pacing.go): without counting against
// MaxRetries in a call that has a deadline (until the deadline) and in a write
// that has none (for RefusalPatience); as one of MaxRetries in a read that has
// no deadline (see retryBudget). Which failures are retried depends on the call:
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
	// write says the request changes something (see isWrite): its refusals
	// are waited out even without a deadline, for RefusalPatience.
	write    bool
	method   string
	path     string
	attempts int
	// firstRefusal is when (on the client's clock) the server first refused
	// this call for its rate; zero: not yet.
	firstRefusal time.Time
	// refusals counts this call's refusals for the server's rate.
	refusals int
	// patienceSpent says the call stopped because a write was refused for
	// longer than RefusalPatience; refusedFor is how long it was refused.
	patienceSpent bool
	refusedFor    time.Duration
	// failures counts the retried attempts that were not rate-limit refusals:
	// only those count against MaxRetries and the caller's limit.
	failures int
	// refused says the last attempt was refused by the server's rate limiter
	// (set by attemptTransport).
	refused bool
	// wait is the backoff before the next attempt, decided by checkRetry and
	// waited for in prepareRetry.
	wait time.Duration
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

// probeKey marks a context made by WithProbe.
type probeKey struct{}

// WithProbe returns a context under which each attempt is short (at most the
// client's ProbeTimeout, default 5 s) and a call is not retried when the
// endpoint does not answer at all; a failure the endpoint answers (a 503) is
// retried twice, and a refusal for the server's rate is waited out as ever. It is for a first look at a cluster
// endpoint that may belong to a dropped cluster, or may be out of this
// machine's reach: the caller asks the control plane next instead of riding
// out the whole backoff.
func WithProbe(ctx context.Context) context.Context {
	return context.WithValue(WithRetryLimit(ctx, probeRetries), probeKey{}, true)
}

// probeRetries is how often a probe repeats an answer that is a failure
// (a 503, say); a probe that got no answer is not repeated.
const probeRetries = 2

func isProbe(ctx context.Context) bool {
	v, _ := ctx.Value(probeKey{}).(bool)
	return v
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
	if retry && st != nil {
		retry, reason = c.retryBudget(ctx, st, resp, err, reason)
	}
	if reason == "" || c.logger == nil {
		return retry, nil
	}
	fields := map[string]any{"retry": retry, "reason": reason}
	if st != nil {
		fields["method"], fields["path"], fields["attempt"] = st.method, st.path, st.attempts
	}
	c.logger(ctx, "Zilliz API retry decision", fields)
	return retry, nil
}

// retryBudget decides whether a retry classify allows still fits the call.
// A rate-limit refusal is sent again with no backoff of its own (the pacer
// spaces it) and without counting against MaxRetries or the caller's limit:
//
//   - within a call that has a deadline (a create, update or delete under its
//     timeout), until that deadline;
//   - within a write that has none (a create, update or delete of a resource
//     without timeouts), for RefusalPatience from the first refusal, so that
//     an apply never fails for a limit it could wait out, yet a server that
//     refuses for ever does not stall it without end.
//
// Within a read that has no deadline (a refresh during plan), a refusal
// counts against MaxRetries and the caller's limit like any other failure,
// so that a server refusing every request fails the plan instead of stalling
// it. Other failures count against those limits and are sent again after
// backoff.
func (c *Client) retryBudget(ctx context.Context, st *callState, resp *http.Response, err error, reason string) (bool, string) {
	if st.refused {
		st.refusals++
		if _, ok := ctx.Deadline(); ok {
			st.wait = 0
			return true, reason
		}
		if st.write {
			now := c.clock().Now()
			if st.firstRefusal.IsZero() {
				st.firstRefusal = now
			}
			if now.Sub(st.firstRefusal) < c.refusalPatience {
				st.wait = 0
				return true, reason
			}
			st.patienceSpent, st.refusedFor = true, now.Sub(st.firstRefusal)
			return false, fmt.Sprintf("%s; giving up after %d attempts: refused for its rate for %s, the patience of a write without a timeout", reason, st.attempts, c.refusalPatience)
		}
	}
	st.failures++
	if isProbe(ctx) && IsNoAnswer(&transportError{Err: err}) {
		return false, reason + "; not repeated: a probe that gets no answer asks the control plane next"
	}
	limit, whose := c.maxRetries, ""
	if st.retryLimit >= 0 && st.retryLimit < limit {
		limit, whose = st.retryLimit, " (the caller's limit)"
	}
	if st.failures > limit {
		return false, fmt.Sprintf("%s; giving up after %d attempts%s", reason, st.attempts, whose)
	}
	st.wait = 0
	if !st.refused {
		st.wait = backoff(c.waitMin, c.waitMax, st.failures-1, resp)
	}
	return true, reason
}

// prepareRetry is the retryablehttp.PrepareRetry of every Client: it waits
// the backoff checkRetry decided (retryablehttp's own Backoff is zero, since
// only checkRetry knows whether an attempt was a refusal).
func prepareRetry(req *http.Request) error {
	st := stateFrom(req.Context())
	if st == nil {
		return nil
	}
	return sleepCtx(req.Context(), st.wait)
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
		return true, "HTTP 429 (rejected by the server's rate limiter)"
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

// Milvus answers a request its rate limiter refused with one of these codes,
// with HTTP 200 (or 429 where standard statuses are on; see pacing.go): 1807
// "request is rejected by limiter", 8 "rate limit exceeded".
var rateLimitCodes = map[int]bool{1807: true, 8: true}

// isRateLimitRefusal reports an answer that refuses a request for the
// server's rate: HTTP 429 with any body, or HTTP 200 with code 1807 or 8.
func isRateLimitRefusal(status int, body []byte) bool {
	if status == http.StatusTooManyRequests {
		return true
	}
	if status != http.StatusOK || !bytes.Contains(body, []byte(`"code"`)) {
		return false
	}
	code, ok := codeOf(body)
	return ok && rateLimitCodes[code]
}

// rateLimitCode returns the body code of an HTTP 200 or 429 answer that is a
// rate-limit refusal, else 0. The body is already buffered by
// attemptTransport; it is read and put back.
func rateLimitCode(resp *http.Response) int {
	if (resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusTooManyRequests) || resp.Body == nil {
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
// certificates, unsupported schemes, a host name that does not resolve, and
// the like.
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
	if isNoSuchHost(err) {
		return true
	}
	msg := err.Error()
	return strings.Contains(msg, "unsupported protocol scheme") ||
		strings.Contains(msg, "invalid header") ||
		(strings.Contains(msg, "stopped after") && strings.Contains(msg, "redirects"))
}

// backoff is the delay before retrying a failure (not a refusal): the server's Retry-After
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
