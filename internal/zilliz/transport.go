package zilliz

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"sync"
	"time"
)

// attemptTransport runs one HTTP attempt: it waits for its turn (pacing.go),
// bounds the attempt with its own timeout, buffers the (bounded) answer so that the
// timeout also covers reading it, tells the pacer about a refusal, and logs the
// attempt. go-retryablehttp sits on top of it and decides about retries.
type attemptTransport struct {
	base    http.RoundTripper
	pacing  *pacing
	timeout time.Duration
	// probeTimeout bounds an attempt made under WithProbe.
	probeTimeout time.Duration
	logger       func(ctx context.Context, msg string, fields map[string]any)
	// answers is when each host last answered (any HTTP answer).
	answers sync.Map // host -> time.Time
}

func (t *attemptTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	attempt := 1
	if st := stateFrom(ctx); st != nil {
		st.attempts++
		st.refused = false
		attempt = st.attempts
	}
	if t.pacing != nil {
		release, err := t.pacing.wait(ctx, req)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, err
		}
		defer release()
	}

	start := time.Now()
	timeout := t.timeout
	if isProbe(ctx) {
		timeout = min(timeout, t.probeTimeout)
	}
	actx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	resp, err := t.base.RoundTrip(req.WithContext(actx))
	var body []byte
	if err == nil {
		body, err = readBounded(resp.Body, maxResponseBytes)
		_ = resp.Body.Close()
		if err == nil {
			resp.Body = io.NopCloser(bytes.NewReader(body))
			resp.ContentLength = int64(len(body))
		} else {
			resp = nil
		}
	}
	if err != nil && ctx.Err() == nil && errors.Is(actx.Err(), context.DeadlineExceeded) {
		err = &attemptTimeoutError{timeout: timeout.String(), err: err}
	}
	if resp != nil {
		t.answers.Store(req.URL.Host, time.Now())
	}
	refused := resp != nil && isRateLimitRefusal(resp.StatusCode, body)
	if refused && t.pacing != nil {
		retryAfter, _ := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
		t.pacing.refused(req, retryAfter)
	}
	if st := stateFrom(ctx); st != nil {
		st.refused = refused
	}
	t.log(ctx, req, attempt, start, resp, body, err)
	if err != nil {
		return nil, err
	}
	return resp, nil
}

// log reports one attempt. Only the method, host and URL path are logged: never
// headers (Authorization), the query, or bodies (a create answer holds the password).
func (t *attemptTransport) log(ctx context.Context, req *http.Request, attempt int, start time.Time, resp *http.Response, body []byte, err error) {
	if t.logger == nil {
		return
	}
	fields := map[string]any{
		"method":      req.Method,
		"host":        req.URL.Host,
		"path":        req.URL.Path,
		"attempt":     attempt,
		"duration_ms": time.Since(start).Milliseconds(),
		"status":      0,
	}
	if resp != nil {
		fields["status"] = resp.StatusCode
		fields["request_id"] = requestID(resp.Header)
		if code, ok := codeOf(body); ok {
			fields["code"] = code
		}
		if isRateLimitRefusal(resp.StatusCode, body) {
			fields["rate_limited"] = true
		}
	}
	if err != nil {
		fields["error"] = err.Error()
	}
	t.logger(ctx, "Zilliz API request", fields)
}

// readBounded reads all of r but fails when it holds more than limit bytes.
func readBounded(r io.Reader, limit int) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, int64(limit)+1))
	if err != nil {
		return nil, err
	}
	if len(b) > limit {
		return nil, &bodyTooLargeError{limit: limit}
	}
	return b, nil
}

// codeOf extracts the envelope code from a body, for logging.
func codeOf(body []byte) (int, bool) {
	var env struct {
		Code json.RawMessage `json:"code"`
	}
	if json.Unmarshal(body, &env) != nil {
		return 0, false
	}
	return parseCode(env.Code)
}

// answeredWithin reports whether host answered any request within d.
func (t *attemptTransport) answeredWithin(host string, d time.Duration) bool {
	v, ok := t.answers.Load(host)
	return ok && time.Since(v.(time.Time)) < d //nolint:forcetypeassert // only time.Time is stored
}

// AnsweredRecently reports whether endpoint has answered any request of this
// client (any HTTP answer, an error included) in the last few minutes: an
// endpoint that did is within this machine's reach, and one that gives no
// answer now is slow or failing, not out of reach.
func (c *Client) AnsweredRecently(endpoint string) bool {
	u, err := url.Parse(endpoint)
	if err != nil || c.transport == nil {
		return false
	}
	return c.transport.answeredWithin(u.Host, recentAnswer)
}

// recentAnswer is how long an answer counts as proof of reach.
const recentAnswer = 10 * time.Minute
