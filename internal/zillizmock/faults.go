package zillizmock

import (
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Fault names as they appear in Request.Fault.
const (
	fault429       = "429"
	fault503       = "503"
	faultDrop      = "drop"
	faultDropAfter = "drop-after"
	faultSlow      = "slow"
	fault408       = "408-after"
)

// Faults are injected failures, each a fraction of requests between 0 and 1.
// One random draw per request picks at most one fault, in the order drop,
// 429, 503, drop-after, slow, 408-after, so each rate is the share of requests it hits (as
// long as the rates add up to at most 1). Faults never apply to /_mock/*.
type Faults struct {
	// Rate429 is the fraction answered HTTP 429 with a Retry-After header and
	// the body {"code":429,"message":"Too many requests"}. (inferred: the
	// docs state a limit of 20 requests/second but no recorded or documented
	// answer shape; this is the common envelope with the HTTP status as code.)
	Rate429 float64
	// RetryAfter is the Retry-After value sent with a 429: whole seconds,
	// rounded up, at least 1 when positive; 0 sends "0".
	RetryAfter time.Duration
	// Rate5xx is the fraction answered HTTP 503
	// {"code":503,"message":"Service unavailable"} (inferred shape, as above).
	Rate5xx float64
	// RateDrop is the fraction whose connection is closed without an answer,
	// decided before handling, so nothing changes.
	RateDrop float64
	// RateDropAfter is the fraction that is handled (state changes!) but whose
	// answer is lost: the connection is closed after the handler ran. It
	// reproduces "the create succeeded but its answer never arrived".
	RateDropAfter float64
	// RateSlow is the fraction answered only after an extra SlowBy. A client
	// that gives up first still has its request carried out (the mock stops
	// waiting when the connection goes, then handles it): an answer slower than
	// the client's timeout is an answer lost, not a request never made.
	RateSlow float64
	SlowBy   time.Duration
	// Rate408 is the fraction that is handled (state changes!) but answered
	// HTTP 408 {"code":10001,"message":"request timeout"}: Milvus's REST
	// timeoutMiddleware (httpserver/timeout_middleware.go) runs the handler
	// in a goroutine and, when the request timeout passes first, writes
	// defaultResponse (HTTP 408, code merr.TimeoutCode = 10001) while the
	// handler goes on and may well finish the create.
	Rate408 float64
	// PathPrefix, if set, limits faults to URL paths with this prefix.
	PathPrefix string
	// Count, if positive, ends the faults after that many faulted requests
	// (a burst): SetFaults starts a new count.
	Count int
}

func (f Faults) validate() error {
	for name, r := range map[string]float64{
		"Rate429": f.Rate429, "Rate5xx": f.Rate5xx, "RateDrop": f.RateDrop, "RateDropAfter": f.RateDropAfter, "RateSlow": f.RateSlow,
		"Rate408": f.Rate408,
	} {
		if r < 0 || r > 1 || math.IsNaN(r) {
			return fmt.Errorf("zillizmock: Faults.%s = %v, want a fraction between 0 and 1", name, r)
		}
	}
	if f.RetryAfter < 0 {
		return fmt.Errorf("zillizmock: Faults.RetryAfter = %v, want >= 0", f.RetryAfter)
	}
	return nil
}

// pickFault decides the fault for one request ("" for none).
func (s *Server) pickFault(path string) (string, Faults) {
	s.faultMu.Lock()
	f := s.faults
	s.faultMu.Unlock()
	if strings.HasPrefix(path, mockPathPrefix) {
		return "", f
	}
	if f.PathPrefix != "" && !strings.HasPrefix(path, f.PathPrefix) {
		return "", f
	}
	if f.RateDrop <= 0 && f.Rate429 <= 0 && f.Rate5xx <= 0 && f.RateDropAfter <= 0 && f.RateSlow <= 0 && f.Rate408 <= 0 {
		return "", f
	}
	if f.Count > 0 {
		s.faultMu.Lock()
		done := s.faulted >= f.Count
		s.faultMu.Unlock()
		if done {
			return "", f
		}
	}
	x := s.rng.float64()
	for _, c := range []struct {
		rate float64
		name string
	}{{f.RateDrop, faultDrop}, {f.Rate429, fault429}, {f.Rate5xx, fault503}, {f.RateDropAfter, faultDropAfter}, {f.RateSlow, faultSlow}, {f.Rate408, fault408}} {
		if c.rate <= 0 {
			continue
		}
		if x < c.rate {
			s.faultMu.Lock()
			s.faulted++
			s.faultMu.Unlock()
			return c.name, f
		}
		x -= c.rate
	}
	return "", f
}

// retryAfterSeconds renders d for the Retry-After header.
func retryAfterSeconds(d time.Duration) string {
	if d <= 0 {
		return "0"
	}
	return strconv.FormatInt(int64(math.Ceil(d.Seconds())), 10)
}

// writeFault answers a 429 or 503 fault.
func writeFault(w *reply, name string, f Faults) {
	switch name {
	case fault429:
		w.header.Set("Retry-After", retryAfterSeconds(f.RetryAfter))
		w.fail(http.StatusTooManyRequests, http.StatusTooManyRequests, "Too many requests")
	case fault503:
		w.fail(http.StatusServiceUnavailable, http.StatusServiceUnavailable, "Service unavailable")
	}
}

// dropConnection closes the client's connection without an answer.
func dropConnection(rw http.ResponseWriter) {
	conn, _, err := http.NewResponseController(rw).Hijack()
	if err != nil {
		// Not hijackable (HTTP/2): abort the response, which also resets the
		// stream without an answer.
		panic(http.ErrAbortHandler)
	}
	_ = conn.Close()
}

// lockedRand is a seeded generator shared by ids, passwords and faults.
type lockedRand struct {
	mu sync.Mutex
	r  *rand.Rand
}

func newLockedRand(seed int64) *lockedRand {
	if seed == 0 {
		seed = time.Now().UnixNano()
	}
	return &lockedRand{r: rand.New(rand.NewPCG(uint64(seed), uint64(seed)^0x9e3779b97f4a7c15))}
}

func (l *lockedRand) float64() float64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.r.Float64()
}

func (l *lockedRand) uint64() uint64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.r.Uint64()
}

// shuffle permutes n elements with swap.
func (l *lockedRand) shuffle(n int, swap func(i, j int)) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.r.Shuffle(n, swap)
}

func (l *lockedRand) intN(n int) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.r.IntN(n)
}
