package zilliz

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"
	"unicode"
)

// Pacing: one limiter per limit the service documents, not one per host.
//
// Zilliz Cloud limits (zilliz-api.md §0; docs.zilliz.com/docs/limits and
// docs/byoc/limits, "Rate Limit" and "Partitions"):
//
//   - collection operations (create, load, release, drop): 5 requests/s per
//     cluster, Serverless and Dedicated alike;
//   - partition creates: 1/s per cluster;
//   - the control plane: 20 requests/s per user and endpoint, read as one API
//     route (method and path with the ids taken out) per API key.
//
// Milvus sorts requests into the same classes for its own rate limiter
// (internal/proxy/rate_limit_interceptor.go getRequestInfo): create, drop,
// load and release collection are RateType_DDLCollection; create, drop, load
// and release partitions RateType_DDLPartition (one bucket: a partition drop
// spends a token a create could have used, so the provider paces the four
// together at the partition rate); create and drop index RateType_DDLIndex;
// create, drop and alter database RateType_DDLDB. Everything else that
// changes a collection (rename, alter or drop properties, add field, alias,
// user and role calls) is not rate-typed there ("not supported request type
// for rate limiter"). Zilliz documents no rate for index, database and those
// other writes, and none for reads (describe, has, list, get_load_state,
// get_stats): those classes are not paced at all until the server refuses
// one of their requests; they are bounded only by the number in flight per
// host.
//
// The server refuses a request its limiter does not admit before acting on
// it (so even a create may be sent again), in one of these forms:
//
//   - HTTP 200, body code 1807 "request is rejected by limiter, error: …"
//     (Milvus REST v2 wrapperProxyWithLimit, HTTPAbortReturn(c, http.StatusOK,
//     merr.ErrHTTPRateLimit); merr errors.go ErrHTTPRateLimit = 1807);
//   - HTTP 429 with the same body, from Milvus releases whose
//     proxy.http.standardErrorStatus is on (httpserver/status_projection.go
//     statusOverrides maps 1807 to 429);
//   - HTTP 200, body code 8 "rate limit exceeded" (merr ErrServiceRateLimit,
//     the quota center's limiter, as the v1 handlers answer a CheckLimiter
//     refusal with merr.Code(err));
//   - HTTP 429 from a gateway, with or without Retry-After and any body
//     (inferred: no recorded or documented answer of the Zilliz gateway or
//     control plane).
//
// Each refusal halves the class's rate at that scope (an unpaced class starts
// from half the rate it was just sending at), pauses it for the server's
// Retry-After (else one interval at the new rate), and re-schedules the
// requests already queued. The rate then climbs back linearly to the
// documented one within pacingRecovery; an unpaced class goes back to
// unpaced after pacingRecovery without a refusal. A refused request is sent
// again: within a call that has a deadline without counting against
// MaxRetries, for as long as the deadline allows; within a write (anything
// but a read class here, or a control-plane request other than GET) that has
// none, without counting either, for RefusalPatience; within a read that has
// none, as one of its MaxRetries (see retryBudget).

// requestClass is what a request counts against.
type requestClass int

const (
	classRead          requestClass = iota // data-plane reads: describe, has, list, get_*
	classCollectionDDL                     // collection create, drop, load, release
	classPartitionDDL                      // partition create, drop, load, release
	classIndexDDL                          // index create, drop
	classDatabaseDDL                       // database create, drop, alter
	classWrite                             // other data-plane writes
	classControl                           // the control plane
)

var classNames = map[requestClass]string{
	classRead: "reads", classCollectionDDL: "collection operations", classPartitionDDL: "partition operations",
	classIndexDDL: "index operations", classDatabaseDDL: "database operations", classWrite: "other writes",
	classControl: "control plane",
}

func (k requestClass) String() string { return classNames[k] }

// Documented rates (see above) and the pacer's tuning.
const (
	DefaultCollectionOpsPerSecond = 5.0
	DefaultPartitionOpsPerSecond  = 1.0
	DefaultControlPlanePerSecond  = 20.0

	// defaultMaxInFlight bounds the requests in flight per host: Terraform runs
	// 10 operations at once by default, more with -parallelism.
	defaultMaxInFlight = 32
	// pacingRecovery is how long a cut rate takes to climb back.
	pacingRecovery = 10 * time.Second
	// minPacedRate is the floor of a rate cut by refusals.
	minPacedRate = 0.2
)

// dataPlaneClass sorts a data-plane request by its path (see above). New
// routes fall into their class by the same rules: a last segment that reads
// (describe*, list*, get*, has*) or a GET is a read; a known DDL resource and
// verb is its DDL class; anything else is another write.
func dataPlaneClass(method, path string) requestClass {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	last := segs[len(segs)-1]
	resource := ""
	if len(segs) >= 2 {
		resource = segs[len(segs)-2]
	}
	switch {
	case method == http.MethodGet || isReadVerb(last):
		return classRead
	case resource == "collections" && (last == "create" || last == "drop" || last == "load" || last == "release"):
		return classCollectionDDL
	case resource == "partitions" && (last == "create" || last == "drop" || last == "load" || last == "release"):
		return classPartitionDDL
	case resource == "indexes" && (last == "create" || last == "drop"):
		return classIndexDDL
	case resource == "databases" && (last == "create" || last == "drop" || last == "alter" || last == "drop_properties"):
		return classDatabaseDDL
	}
	return classWrite
}

func isReadVerb(s string) bool {
	for _, p := range []string{"describe", "list", "get", "has"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// controlRoute is a control-plane request's route: its method and path with
// every segment that holds a digit (cluster, project, backup ids) replaced,
// e.g. "GET /v2/clusters/{id}". The version segment stays.
func controlRoute(method, path string) string {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	for i, s := range segs {
		if i > 0 && strings.IndexFunc(s, unicode.IsDigit) >= 0 {
			segs[i] = "{id}"
		}
	}
	return method + " /" + strings.Join(segs, "/")
}

// keyID identifies an API key in a pacer's scope without keeping the key.
func keyID(authorization string) string {
	sum := sha256.Sum256([]byte(authorization))
	return hex.EncodeToString(sum[:6])
}

// pacer paces one class at one scope (a cluster endpoint, or a control-plane
// route and key) as a virtual schedule without bursts: the next request may
// start one interval after the previous one. Its methods take the time, so
// it is tested with explicit times.
type pacer struct {
	mu   sync.Mutex
	base float64 // the documented rate; 0: not paced until refused
	// rate is the current rate; 0 means unpaced.
	rate float64
	// next is when the next request may start (a refusal's pause moves it on).
	next time.Time
	// pausedUntil is the end of the longest Retry-After seen.
	pausedUntil time.Time
	// cutAt and cutRate describe the last cut; zero cutAt: none in force.
	cutAt   time.Time
	cutRate float64
	// gen counts cuts, so that a request scheduled before one is re-scheduled.
	gen int
	// starts are the recent start times of an unpaced class, to know the rate
	// it was sending at when the first refusal comes.
	starts   []time.Time
	refusals int
	// floor is the lowest rate refusals cut it to (minPacedRate by default).
	floor float64
}

func newPacer(base float64) *pacer {
	return &pacer{base: base, rate: base, floor: minPacedRate}
}

func interval(rate float64) time.Duration {
	return time.Duration(float64(time.Second) / rate)
}

// recover lets the rate climb back after a cut; call with mu held.
func (p *pacer) recover(now time.Time) {
	if p.cutAt.IsZero() {
		return
	}
	elapsed := now.Sub(p.cutAt)
	if p.base <= 0 {
		if elapsed >= pacingRecovery {
			p.rate, p.cutAt = 0, time.Time{}
		}
		return
	}
	p.rate = min(p.base, p.cutRate+(p.base-p.cutRate)*elapsed.Seconds()/pacingRecovery.Seconds())
	if p.rate >= p.base {
		p.cutAt = time.Time{}
	}
}

// reserve schedules one request wanting to start at now and returns when it
// may start and the cut generation it was scheduled under. A start later than
// deadline (when not zero) is not taken: ok is false and nothing changes.
func (p *pacer) reserve(now, deadline time.Time) (start time.Time, gen int, ok bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.recover(now)
	start = now
	if p.next.After(start) {
		start = p.next
	}
	if !deadline.IsZero() && start.After(deadline) {
		return start, p.gen, false
	}
	if p.rate > 0 {
		p.next = start.Add(interval(p.rate))
	} else {
		p.remember(start)
	}
	return start, p.gen, true
}

// remember keeps the start times of the last second (unpaced classes only).
func (p *pacer) remember(t time.Time) {
	cut := 0
	for cut < len(p.starts) && t.Sub(p.starts[cut]) > time.Second {
		cut++
	}
	p.starts = append(p.starts[cut:], t)
}

// current reports whether a request scheduled under gen still holds its slot.
func (p *pacer) current(gen int) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.gen == gen
}

// refuse records a refusal seen at now, with the server's Retry-After (0 when
// none). Refusals of requests that were in flight together (within one
// interval of the last cut) cut the rate once.
func (p *pacer) refuse(now time.Time, retryAfter time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.recover(now)
	p.refusals++
	if p.cutAt.IsZero() || p.rate <= 0 || now.Sub(p.cutAt) >= interval(p.rate) {
		from := p.rate
		if from <= 0 {
			// Unpaced until now: start from the rate it was sending at (at
			// least 2/s, so a lone request is not paced below 1/s).
			from = float64(max(len(p.starts), 2))
		}
		p.rate = max(p.floor, from/2)
		p.cutRate, p.cutAt = p.rate, now
		p.starts = nil
	}
	pause := retryAfter
	if pause <= 0 {
		pause = interval(p.rate)
	}
	// Every request scheduled so far takes a new turn (gen), so the schedule
	// starts afresh after the pause instead of after the old queue.
	p.next = now.Add(pause)
	if retryAfter > 0 && p.next.After(p.pausedUntil) {
		p.pausedUntil = p.next
	}
	if p.pausedUntil.After(p.next) {
		p.next = p.pausedUntil // a shorter pause never ends a server's longer one
	}
	p.gen++
}

// pacing holds the pacers and in-flight bounds of one Client.
type pacing struct {
	rates       map[requestClass]float64 // documented rates; absent or <= 0: unpaced
	hostCap     float64                  // max_requests_per_second; <= 0: none
	maxInFlight int

	mu       sync.Mutex
	pacers   map[string]*pacer
	inFlight map[string]chan struct{}
	// floor is the lowest rate refusals cut a class to (Config.MinPacedRate).
	floor float64
}

func newPacing(rates map[requestClass]float64, hostCap float64, maxInFlight int) *pacing {
	if maxInFlight <= 0 {
		maxInFlight = defaultMaxInFlight
	}
	return &pacing{
		rates: rates, hostCap: hostCap, maxInFlight: maxInFlight,
		pacers: map[string]*pacer{}, inFlight: map[string]chan struct{}{},
	}
}

// classify returns a request's class and the scope of its pacer. The data
// plane's routes are /v1/vector/... and /v2/vectordb/... on a cluster
// endpoint; everything else is the control plane's.
func (p *pacing) classify(req *http.Request) (requestClass, string) {
	path := req.URL.Path
	if strings.HasPrefix(path, "/v1/vector/") || path == "/v1/vector" || strings.HasPrefix(path, "/v2/vectordb/") {
		return dataPlaneClass(req.Method, path), req.URL.Host
	}
	return classControl, controlRoute(req.Method, path) + " key " + keyID(req.Header.Get("Authorization"))
}

func (p *pacing) pacer(key string, base float64) *pacer {
	p.mu.Lock()
	defer p.mu.Unlock()
	pc, ok := p.pacers[key]
	if !ok {
		pc = newPacer(base)
		if p.floor > 0 {
			pc.floor = p.floor
		}
		p.pacers[key] = pc
	}
	return pc
}

// pacersFor returns the class pacer of req and, with a host cap, the host's.
func (p *pacing) pacersFor(req *http.Request) (requestClass, *pacer, *pacer) {
	class, scope := p.classify(req)
	pc := p.pacer(fmt.Sprintf("%d|%s", class, scope), p.rates[class])
	var hc *pacer
	if p.hostCap > 0 {
		hc = p.pacer("host|"+req.URL.Host, p.hostCap)
	}
	return class, pc, hc
}

// slot returns the in-flight semaphore of a host.
func (p *pacing) slot(host string) chan struct{} {
	p.mu.Lock()
	defer p.mu.Unlock()
	s, ok := p.inFlight[host]
	if !ok {
		s = make(chan struct{}, p.maxInFlight)
		p.inFlight[host] = s
	}
	return s
}

// wait blocks until req may be sent: its class's turn at its scope, the host
// cap's, and a free in-flight slot. It returns the function that frees the
// slot, or a *limiterError when the turn comes after ctx's deadline (nothing
// is waited for then), or ctx's error.
func (p *pacing) wait(ctx context.Context, req *http.Request) (func(), error) {
	class, pc, hc := p.pacersFor(req)
	deadline, _ := ctx.Deadline()
	for {
		now := time.Now()
		start, gen, ok := pc.reserve(now, deadline)
		if ok && hc != nil {
			var capStart time.Time
			if capStart, _, ok = hc.reserve(start, deadline); ok && capStart.After(start) {
				start = capStart
			}
		}
		if !ok {
			return nil, &limiterError{err: fmt.Errorf("the next %s request to %s may start at %s, after this operation's deadline (%s)",
				class, req.URL.Host, start.Format(time.RFC3339), deadline.Format(time.RFC3339))}
		}
		if err := sleepCtx(ctx, start.Sub(now)); err != nil {
			return nil, err
		}
		if pc.current(gen) {
			break
		}
		// A refusal came in while this request waited: take a new turn at
		// the rate the server allows now.
	}
	s := p.slot(req.URL.Host)
	select {
	case s <- struct{}{}:
		return func() { <-s }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// refused tells the pacer of req that the server refused it for its rate.
func (p *pacing) refused(req *http.Request, retryAfter time.Duration) {
	_, pc, _ := p.pacersFor(req)
	pc.refuse(time.Now(), retryAfter)
}

// sleepCtx waits d, or until ctx ends.
func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
