package zillizmock

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"time"
)

// The service's documented request limits, enforced with the server's
// answers, on by default so that clients and benchmarks meet them as they
// would the real service.
//
// Limits (zilliz-api.md §0; docs.zilliz.com/docs/limits and docs/byoc/limits,
// "Rate Limit" and "Partitions"):
//
//   - collection operations (create, load, release, drop): 5 requests/s per
//     cluster, Serverless and Dedicated alike;
//   - partition creates: 1/s per cluster; Milvus counts partition create,
//     drop, load and release against one bucket (RateType_DDLPartition in
//     internal/proxy/rate_limit_interceptor.go getRequestInfo), so the mock
//     does too (inferred: that the documented rate is that bucket's);
//   - the control plane: 20 requests/s per user and endpoint, read as per API
//     route (method and path, cluster ids taken out) and API key.
//
// Each limit is a token bucket refilled at its rate, holding at most one
// second's worth (inferred: Milvus's ratelimitutil.Limiter is a token bucket;
// the burst the service gives it is not documented).
//
// Answers to a refused request, which the server does not act on:
//
//   - v2 data plane: HTTP 200 {"code":1807,"message":"request is rejected by
//     limiter, error: rate limit exceeded[rate=5]"}: Milvus handler_v2.go
//     wrapperProxyWithLimit answers a CheckLimiter refusal with
//     HTTPAbortReturn(c, http.StatusOK, merr.ErrHTTPRateLimit) and appends the
//     limiter's error (merr errors.go: ErrHTTPRateLimit 1807 "request is
//     rejected by limiter", ErrServiceRateLimit 8 "rate limit exceeded"; the
//     "[rate=5]" detail is inferred);
//   - v1 data plane: HTTP 200 {"code":8,"message":"rate limit exceeded[rate=5]"}
//     (inferred: Milvus's v1 handlers answer a CheckLimiter refusal with the
//     limiter error's own code, handler_v1.go query; its v1 create checks no
//     limit, but the service documents the limit for collection creates);
//   - control plane: HTTP 429 with Retry-After: 1 and {"code":429,"message":
//     "Too many requests"} (inferred: no documented or recorded answer).

// RateLimits configures the limits; the zero value is the documented one.
type RateLimits struct {
	// Off turns every limit off, for tests that send faster on purpose.
	Off bool
	// CollectionOpsPerSecond is the collection create/drop/load/release rate
	// per cluster; 0 means 5.
	CollectionOpsPerSecond float64
	// PartitionOpsPerSecond is the partition create/drop/load/release rate per
	// cluster; 0 means 1.
	PartitionOpsPerSecond float64
	// ControlPlanePerSecond is the rate per control-plane route and API key;
	// 0 means 20.
	ControlPlanePerSecond float64
	// Clock is the time the buckets refill on; nil means the wall clock (the
	// limits model the service's front door, like Latency, not its phases).
	// Tests pass a *ManualClock to count tokens without timing windows.
	Clock Clock
}

// Documented rates (see above).
const (
	defaultCollectionOpsPerSecond = 5
	defaultPartitionOpsPerSecond  = 1
	defaultControlPlanePerSecond  = 20
)

// faultRateLimit marks a refused request in the log (Request.Fault).
const faultRateLimit = "rate-limit"

// Milvus code of a refusal by the REST layer's limiter.
const (
	codeRejectedByLimiter = 1807
	codeRateLimit         = 8
)

// limiter holds the buckets of one Server.
type limiter struct {
	cfg      RateLimits
	mu       sync.Mutex
	buckets  map[string]*bucket
	refusals int
}

type bucket struct {
	rate   float64
	tokens float64
	last   time.Time
}

func newLimiter(cfg RateLimits) *limiter {
	if cfg.CollectionOpsPerSecond <= 0 {
		cfg.CollectionOpsPerSecond = defaultCollectionOpsPerSecond
	}
	if cfg.PartitionOpsPerSecond <= 0 {
		cfg.PartitionOpsPerSecond = defaultPartitionOpsPerSecond
	}
	if cfg.ControlPlanePerSecond <= 0 {
		cfg.ControlPlanePerSecond = defaultControlPlanePerSecond
	}
	if cfg.Clock == nil {
		cfg.Clock = systemClock{}
	}
	return &limiter{cfg: cfg, buckets: map[string]*bucket{}}
}

// take spends a token of bucket key (rate per second) if one is there.
func (l *limiter) take(key string, rate float64) bool {
	now := l.cfg.Clock.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.buckets[key]
	if !ok {
		b = &bucket{rate: rate, tokens: burstOf(rate), last: now}
		l.buckets[key] = b
	}
	if now.After(b.last) {
		b.tokens = min(burstOf(rate), b.tokens+now.Sub(b.last).Seconds()*rate)
		b.last = now
	}
	if b.tokens < 1 {
		l.refusals++
		return false
	}
	b.tokens--
	return true
}

// burstOf is a bucket's size: one second's worth, at least one token.
func burstOf(rate float64) float64 { return max(1, rate) }

// collectionOps and partitionOps sort the data-plane routes that are rate-limited.
var (
	collectionOps = map[string]bool{
		"/v1/vector/collections/create": true, "/v1/vector/collections/drop": true,
		"/v2/vectordb/collections/create": true, "/v2/vectordb/collections/drop": true,
		"/v2/vectordb/collections/load": true, "/v2/vectordb/collections/release": true,
	}
	partitionOps = map[string]bool{
		"/v2/vectordb/partitions/create": true, "/v2/vectordb/partitions/drop": true,
		"/v2/vectordb/partitions/load": true, "/v2/vectordb/partitions/release": true,
	}
	// routeIDSegment is a path segment that names an object (cluster,
	// project or backup id): it holds a digit.
	routeIDSegment = regexp.MustCompile(`[0-9]`)
)

// refuse answers r with the server's refusal when its limit is spent, and
// says so. clusterID is "" on the control plane.
func (s *Server) refuse(w *reply, r *http.Request, clusterID string) bool {
	l := s.limits
	if l == nil {
		return false
	}
	path := strings.TrimSuffix(r.URL.Path, "/")
	if clusterID == "" {
		tok, _ := bearer(r)
		if l.take("control|"+controlRoute(r.Method, path)+"|"+tok, l.cfg.ControlPlanePerSecond) {
			return false
		}
		w.header.Set("Retry-After", "1")
		w.fail(http.StatusTooManyRequests, http.StatusTooManyRequests, "Too many requests")
		return true
	}
	var rate float64
	switch {
	case collectionOps[path]:
		rate = l.cfg.CollectionOpsPerSecond
		if l.take("collections|"+clusterID, rate) {
			return false
		}
	case partitionOps[path]:
		rate = l.cfg.PartitionOpsPerSecond
		if l.take("partitions|"+clusterID, rate) {
			return false
		}
	default:
		return false
	}
	detail := fmt.Sprintf("rate limit exceeded[rate=%g]", rate)
	if strings.HasPrefix(path, "/v1/") {
		w.fail(http.StatusOK, codeRateLimit, detail)
	} else {
		w.fail(http.StatusOK, codeRejectedByLimiter, "request is rejected by limiter, error: "+detail)
	}
	return true
}

// controlRoute is a control-plane request's route for its bucket.
func controlRoute(method, path string) string {
	seg := strings.Split(strings.Trim(path, "/"), "/")
	for i := 1; i < len(seg); i++ {
		if routeIDSegment.MatchString(seg[i]) {
			seg[i] = "{id}"
		}
	}
	return method + " /" + strings.Join(seg, "/")
}

// RateLimitRefusals is how many requests the mock refused for the service's
// rate limits (each is also in the request log with Fault "rate-limit").
func (s *Server) RateLimitRefusals() int {
	if s.limits == nil {
		return 0
	}
	s.limits.mu.Lock()
	defer s.limits.mu.Unlock()
	return s.limits.refusals
}
