// Package zilliz is the Zilliz Cloud API client used by the Terraform provider.
//
// It speaks the control plane (clusters, projects, regions, clouds; /v2/...) and
// the data plane of a cluster (collections; /v1/vector/...), decodes the
// {code, data | message} envelope into typed values or *APIError, retries in the
// transport, paces its requests to the service's documented limits (pacing.go),
// and waits for cluster states. It knows
// nothing of Terraform, so it can be tested with plain httptest servers.
package zilliz

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// DefaultBaseURL is the Zilliz Cloud control plane used when Config.BaseURL is empty.
const DefaultBaseURL = "https://api.cloud.zilliz.com"

// DefaultMaxRetries is the number of retries after the first attempt when
// Config.MaxRetries is 0; the provider's max_retries defaults to it too.
const DefaultMaxRetries = 8

// DefaultRefusalPatience is Config.RefusalPatience when 0: how long a write
// without a deadline waits out the server's rate-limit refusals.
const DefaultRefusalPatience = 10 * time.Minute

const (
	defaultUserAgent      = "terraform-provider-zilliz/dev"
	defaultRetryWaitMin   = 500 * time.Millisecond
	defaultRetryWaitMax   = 30 * time.Second
	defaultRequestTimeout = 60 * time.Second
	defaultProbeTimeout   = 5 * time.Second

	// maxRetryAfter bounds a server's Retry-After: honoured beyond RetryWaitMax
	// (the server knows best when it will take us again) but never longer than this,
	// so that a bogus header cannot park a Terraform run for hours.
	maxRetryAfter = 2 * time.Minute

	// maxResponseBytes bounds how much of a response body is read. Real answers are
	// a few KiB; a list of 100 clusters is well under 100 KiB.
	maxResponseBytes = 4 << 20
)

// Config configures a Client. The zero value of every field means "use the default".
type Config struct {
	// BaseURL is the control plane; "" means DefaultBaseURL. A trailing slash is tolerated.
	BaseURL string
	// APIKey is sent as a Bearer token to the control plane and is the default
	// data-plane token. It may be empty here; calls that need it fail with ErrNoAPIKey.
	APIKey string
	// APIKeySource says where APIKey came from, in words (for example "the
	// ZILLIZ_API_KEY environment variable"). It is copied into APIError.Credential
	// of every call the key was sent with, so that a refused key can be traced.
	APIKeySource string
	// UserAgent is sent as User-Agent; "" means "terraform-provider-zilliz/dev".
	UserAgent string
	// HTTPClient is an optional base client. Its Transport (and Jar) are used for
	// each attempt; its Timeout is not (see RequestTimeout) and redirects are never
	// followed (the API does not redirect, and a redirect could carry the key to
	// another scheme or host).
	HTTPClient *http.Client

	// MaxRetries is the number of retries after the first attempt; 0 means DefaultMaxRetries (8), a
	// negative value disables retries.
	MaxRetries int
	// RetryWaitMin is the first backoff delay; default 500ms.
	RetryWaitMin time.Duration
	// RetryWaitMax caps the exponential backoff; default 30s. A Retry-After larger
	// than this is still honoured, up to 2 minutes.
	RetryWaitMax time.Duration
	// RequestTimeout bounds each attempt (connect, send, and reading the answer); default 60s.
	RequestTimeout time.Duration
	// RequestsPerSecond, when positive, caps this client's requests to each
	// host (the control plane and every cluster endpoint separately), whatever
	// their class, on top of the class limits below; 0 or a negative value
	// sets no such cap. (Before the class limits it was the only limit, 20 by
	// default.)
	RequestsPerSecond float64
	// CollectionOpsPerSecond paces collection create, drop, load and release
	// per cluster endpoint; 0 means the documented 5/s, a negative value turns
	// the pacing off (refusals still slow it down). See pacing.go.
	CollectionOpsPerSecond float64
	// PartitionOpsPerSecond paces partition create, drop, load and release per
	// cluster endpoint; 0 means the documented 1/s, negative: off.
	PartitionOpsPerSecond float64
	// ControlPlanePerSecond paces the control plane per route and API key;
	// 0 means the documented 20/s, negative: off.
	ControlPlanePerSecond float64
	// MaxInFlightPerHost bounds the requests in flight to one host; 0 means 32.
	MaxInFlightPerHost int
	// MinPacedRate is the lowest rate (requests per second) that refusals for
	// the server's rate cut a class to; 0 means 0.2/s. Tests against a mock
	// that refuses on purpose raise it, so that a refusal costs milliseconds.
	MinPacedRate float64
	// ProbeTimeout bounds an attempt made under WithProbe; 0 means 5s (never
	// more than RequestTimeout).
	ProbeTimeout time.Duration
	// RefusalPatience is how long a write (a request that changes something:
	// a create, update or delete) made without a deadline is sent again while
	// the server keeps refusing it for its rate (HTTP 429, code 1807 or 8);
	// 0 means DefaultRefusalPatience (10 minutes). Such refusals do not count
	// against MaxRetries. A call with a deadline waits them out until its
	// deadline instead; a read without one counts them against MaxRetries.
	RefusalPatience time.Duration

	// Logger, when set, is called once per HTTP attempt and once per retry
	// decision. Fields never include credentials or request/response bodies.
	Logger func(ctx context.Context, msg string, fields map[string]any)
}

// Client calls the Zilliz Cloud API. It is safe for concurrent use; one Client
// (one http.Client, one set of pacers) serves a whole provider run, including the
// data planes returned by DataPlane.
type Client struct {
	baseURL          string
	apiKey           string
	keySource        string
	userAgent        string
	maxRetries       int
	waitMin, waitMax time.Duration
	refusalPatience  time.Duration // Config.RefusalPatience
	logger           func(ctx context.Context, msg string, fields map[string]any)
	retry            *retryablehttp.Client
	apiKeys          apiKeysRoute // which spelling of the API-key routes the server serves
	regions          regionsOnce  // AllRegions
	waitClock        clock        // the client's own waits (see clock.go); nil = the wall clock
	// owners maps cluster endpoints to their clusters (endpoint_owner.go).
	owners    *endpointOwners
	transport *attemptTransport
}

// NewClient validates cfg and builds a Client. An empty APIKey is accepted so that
// a provider can be configured before its key is known; calls then fail with ErrNoAPIKey.
func NewClient(cfg Config) (*Client, error) {
	base := cfg.BaseURL
	if base == "" {
		base = DefaultBaseURL
	}
	if err := ValidateBaseURL(base); err != nil {
		return nil, err
	}
	c := &Client{
		baseURL:    strings.TrimRight(base, "/"),
		apiKey:     cfg.APIKey,
		keySource:  cfg.APIKeySource,
		userAgent:  cfg.UserAgent,
		maxRetries: cfg.MaxRetries,
		logger:     cfg.Logger,
	}
	if c.userAgent == "" {
		c.userAgent = defaultUserAgent
	}
	switch {
	case c.maxRetries == 0:
		c.maxRetries = DefaultMaxRetries
	case c.maxRetries < 0:
		c.maxRetries = 0
	}
	waitMin, waitMax, timeout := cfg.RetryWaitMin, cfg.RetryWaitMax, cfg.RequestTimeout
	if waitMin <= 0 {
		waitMin = defaultRetryWaitMin
	}
	if waitMax <= 0 {
		waitMax = defaultRetryWaitMax
	}
	if waitMax < waitMin {
		waitMax = waitMin
	}
	if timeout <= 0 {
		timeout = defaultRequestTimeout
	}
	c.waitMin, c.waitMax = waitMin, waitMax
	c.refusalPatience = cfg.RefusalPatience
	if c.refusalPatience <= 0 {
		c.refusalPatience = DefaultRefusalPatience
	}

	rates := map[requestClass]float64{
		classCollectionDDL: rateOrDefault(cfg.CollectionOpsPerSecond, DefaultCollectionOpsPerSecond),
		classPartitionDDL:  rateOrDefault(cfg.PartitionOpsPerSecond, DefaultPartitionOpsPerSecond),
		classControl:       rateOrDefault(cfg.ControlPlanePerSecond, DefaultControlPlanePerSecond),
	}
	probeTimeout := cfg.ProbeTimeout
	if probeTimeout <= 0 {
		probeTimeout = defaultProbeTimeout
	}

	// Terraform runs up to 10 operations at once (more with -parallelism), often
	// against one cluster endpoint: keep that many connections open per host
	// instead of the default 2, so that each request does not pay a new handshake.
	pooled := http.DefaultTransport.(*http.Transport).Clone() //nolint:forcetypeassert // the standard library's own type
	pooled.MaxIdleConnsPerHost = 32
	baseRT := http.RoundTripper(pooled)
	var jar http.CookieJar
	if cfg.HTTPClient != nil {
		if cfg.HTTPClient.Transport != nil {
			baseRT = cfg.HTTPClient.Transport
		}
		jar = cfg.HTTPClient.Jar
	}
	pacing := newPacing(rates, cfg.RequestsPerSecond, cfg.MaxInFlightPerHost)
	pacing.floor = cfg.MinPacedRate
	c.transport = &attemptTransport{
		base:         baseRT,
		pacing:       pacing,
		timeout:      timeout,
		probeTimeout: min(probeTimeout, timeout),
		logger:       cfg.Logger,
	}
	httpClient := &http.Client{
		Transport: c.transport,
		Jar:       jar,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
	c.retry = &retryablehttp.Client{
		HTTPClient:   httpClient,
		Logger:       nil, // our attemptTransport and checkRetry log, with safe fields only
		RetryWaitMin: waitMin,
		RetryWaitMax: waitMax,
		// checkRetry decides how often a call is sent (refusals for the
		// server's rate do not count against MaxRetries), and prepareRetry
		// waits the backoff it chose.
		RetryMax:     math.MaxInt32,
		CheckRetry:   c.checkRetry,
		Backoff:      func(time.Duration, time.Duration, int, *http.Response) time.Duration { return 0 },
		PrepareRetry: prepareRetry,
		ErrorHandler: keepLastResponse,
	}
	c.owners = newEndpointOwners()
	return c, nil
}

// rateOrDefault is a configured rate: 0 means def, negative means unpaced (0).
func rateOrDefault(v, def float64) float64 {
	switch {
	case v == 0:
		return def
	case v < 0:
		return 0
	}
	return v
}

// request describes one API call.
type request struct {
	method string
	base   string // endpoint without trailing slash: the control plane or a cluster
	path   string // already escaped, starting with "/"
	query  url.Values
	body   any // JSON-encoded when non-nil
	token  string
	// credential says where token came from (APIError.Credential).
	credential string
	// controlPlane: base is the control plane, not a cluster endpoint.
	controlPlane bool
	// idempotent says whether a retry can never do harm (reads, drop, PUT labels,
	// rename). Other calls are retried only when the server certainly did not act.
	idempotent bool
}

// envelope is the {code, data | message} wrapper of every answer.
type envelope struct {
	Code    json.RawMessage `json:"code"`
	Message json.RawMessage `json:"message"`
	Error   json.RawMessage `json:"error"` // not Zilliz's shape, but seen from proxies and mocks
	Data    json.RawMessage `json:"data"`
}

// control builds a control-plane request authenticated with the API key.
func (c *Client) control(method, path string, idempotent bool) request {
	return request{method: method, base: c.baseURL, path: path, token: c.apiKey, credential: c.keySource,
		controlPlane: true, idempotent: idempotent}
}

// do performs r and decodes the envelope's data into out (when out is non-nil).
func (c *Client) do(ctx context.Context, r request, out any) error {
	if r.token == "" {
		return ErrNoAPIKey
	}
	target := r.base + r.path
	if len(r.query) > 0 {
		target += "?" + r.query.Encode()
	}
	var raw any // stays a nil interface without a body, so GETs carry no Content-Length
	if r.body != nil {
		b, err := json.Marshal(r.body)
		if err != nil {
			return fmt.Errorf("%s %s: encoding request: %w", r.method, r.path, err)
		}
		raw = b
	}
	st := &callState{idempotent: r.idempotent, write: r.isWrite(), retryLimit: retryLimitFrom(ctx)}
	ctx = context.WithValue(ctx, callStateKey{}, st)
	req, err := retryablehttp.NewRequestWithContext(ctx, r.method, target, raw)
	if err != nil {
		return fmt.Errorf("%s %s: %w", r.method, r.path, err)
	}
	st.method, st.path = r.method, req.URL.Path
	req.Header.Set("Authorization", "Bearer "+r.token)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	if raw != nil {
		req.Header.Set("Content-Type", "application/json")
	}

	resp, err := c.retry.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return &transportError{Method: r.method, Base: r.base, Path: st.path, Attempts: st.attempts, Err: err, ctxDone: ctx.Err() != nil}
	}
	defer func() { _ = resp.Body.Close() }()
	// The attempt transport has already buffered the (bounded) body.
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(resp.Body); err != nil {
		return &transportError{Method: r.method, Base: r.base, Path: st.path, Attempts: st.attempts, Err: err, ctxDone: ctx.Err() != nil}
	}
	err = decodeEnvelope(resp, buf.Bytes(), r.method, st.path, out)
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		apiErr.Endpoint, apiErr.ControlPlane, apiErr.Credential = r.base, r.controlPlane, r.credential
	}
	if err != nil && st.patienceSpent {
		err = fmt.Errorf("the server refused this request for its rate limit %d times over %s and the provider stopped waiting "+
			"(a create, update or delete without a timeout waits out such refusals for %s); "+
			"apply again later, or lower the request rate: %w", st.refusals, st.refusedFor.Round(time.Second), c.refusalPatience, err)
	}
	return err
}

// isWrite says whether r changes something: on the control plane anything
// but a GET; on a cluster endpoint any request its pacing class does not
// count as a read (describe, has, list, get_load_state, get_stats; pacing.go).
func (r request) isWrite() bool {
	if r.controlPlane {
		return r.method != http.MethodGet
	}
	return dataPlaneClass(r.method, r.path) != classRead
}

// decodeEnvelope turns an HTTP answer into out or an *APIError.
func decodeEnvelope(resp *http.Response, body []byte, method, path string, out any) error {
	apiErr := &APIError{
		HTTPStatus: resp.StatusCode,
		RequestID:  requestID(resp.Header),
		Method:     method,
		Path:       path,
	}
	var env envelope
	if err := json.Unmarshal(body, &env); err != nil || !bytes.HasPrefix(bytes.TrimSpace(body), []byte("{")) {
		// Not our envelope: a proxy's HTML error page, a plain-text 502, ...
		apiErr.Message = bodyPrefix(body)
		if resp.StatusCode < 400 && apiErr.Message != "" {
			apiErr.Message = "unexpected non-JSON response: " + apiErr.Message
		} else if resp.StatusCode < 400 {
			apiErr.Message = "unexpected empty response"
		}
		return apiErr
	}
	apiErr.Message = rawText(env.Message)
	if apiErr.Message == "" {
		apiErr.Message = rawText(env.Error)
	}
	code, hasCode := parseCode(env.Code)
	apiErr.Code = code
	if resp.StatusCode >= 400 {
		if apiErr.Message == "" && !hasCode {
			apiErr.Message = bodyPrefix(body)
		}
		return apiErr
	}
	if !hasCode {
		// Every documented answer carries a code; treating its absence as success
		// could turn a proxy's "{}" into a silently empty cluster.
		if apiErr.Message == "" {
			apiErr.Message = "response has no code field: " + bodyPrefix(body)
		}
		return apiErr
	}
	if code != 0 && code != 200 {
		return apiErr
	}
	if out == nil || len(env.Data) == 0 || string(env.Data) == "null" {
		return nil
	}
	if err := json.Unmarshal(env.Data, out); err != nil {
		return &decodeError{Method: method, Path: path, Err: err}
	}
	return nil
}

// parseCode reads the envelope's code, tolerating a quoted number.
func parseCode(raw json.RawMessage) (int, bool) {
	if len(raw) == 0 || string(raw) == "null" {
		return 0, false
	}
	var n json.Number
	if err := json.Unmarshal(raw, &n); err == nil {
		if i, err := strconv.Atoi(n.String()); err == nil {
			return i, true
		}
		if f, err := n.Float64(); err == nil {
			return int(f), true
		}
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		if i, err := strconv.Atoi(strings.TrimSpace(s)); err == nil {
			return i, true
		}
	}
	return 0, false
}

// rawText renders a JSON value as text: strings unquoted, anything else as JSON.
func rawText(raw json.RawMessage) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s
	}
	return string(raw)
}

// bodyPrefix is the first 200 bytes of a body, for error messages.
func bodyPrefix(body []byte) string {
	const n = 200
	s := strings.TrimSpace(string(body))
	if len(s) > n {
		s = s[:n]
	}
	return s
}

// requestID reads the server's request id, which support needs to find a call.
func requestID(h http.Header) string {
	if id := h.Get("requestid"); id != "" {
		return id
	}
	return h.Get("x-request-id")
}

// escape escapes one path segment (an id or a name).
func escape(segment string) string {
	return url.PathEscape(segment)
}

// requireID rejects an empty id before it turns "describe one" into "list all".
func requireID(what, id string) error {
	if strings.TrimSpace(id) == "" {
		return fmt.Errorf("%s is empty", what)
	}
	return nil
}
