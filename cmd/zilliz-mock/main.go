// Command zilliz-mock serves the in-memory Zilliz Cloud of package
// zillizmock until it is stopped, for the demo and for users' own CI.
//
// It prints the control-plane base URL alone on the first line of stdout,
// so a script can read it, then one line per request (unless -quiet).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"

	"github.com/vectorops/terraform-provider-zilliz/internal/zillizmock"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// run is main without the process: it serves until ctx is done and returns
// the exit status (0 also for -h, 2 for bad flags, 1 if the mock fails).
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("zilliz-mock", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var (
		listen     = fs.String("listen", "127.0.0.1:0", "control-plane listen `address`; port 0 picks a free port")
		apiKey     = fs.String("api-key", zillizmock.DefaultAPIKey, "API `key` clients must send as Bearer token")
		projectID  = fs.String("project-id", zillizmock.DefaultProjectID, "`id` of the single project, proj-<22 hex digits>")
		createDur  = fs.Duration("create-duration", 2*time.Second, "how long a new cluster stays CREATING")
		transDur   = fs.Duration("transition-duration", time.Second, "how long MODIFYING, SUSPENDING and RESUMING last")
		deleteDur  = fs.Duration("delete-duration", time.Second, "how long a dropped cluster is still described as DELETED")
		loadDur    = fs.Duration("load-duration", 300*time.Millisecond, "how long a collection reports LoadStateLoading after a create with indexes or a load (negative: loaded at once)")
		oldDesc    = fs.Bool("drop-collection-description", false, "store no collection description on a v2 create, as servers before Milvus PR #40023 did")
		latency    = fs.Duration("latency", 0, "latency added to every request")
		rate429    = fs.Float64("fault-429-rate", 0, "fraction of requests answered 429 Too Many Requests")
		retryAfter = fs.Duration("fault-retry-after", time.Second, "Retry-After sent with an injected 429")
		rate5xx    = fs.Float64("fault-5xx-rate", 0, "fraction of requests answered 503 Service Unavailable")
		rateDrop   = fs.Float64("fault-drop-rate", 0, "fraction of requests whose connection is closed without an answer")
		rateDropAf = fs.Float64("fault-drop-after-rate", 0, "fraction of requests handled (state changes) whose answer is then lost")
		rate408    = fs.Float64("fault-408-rate", 0, "fraction of requests handled (state changes) but answered 408 Request Timeout, as Milvus's timeout middleware does")
		rateSlow   = fs.Float64("fault-slow-rate", 0, "fraction of requests answered only after -fault-slow-by (still carried out if the client gives up)")
		slowBy     = fs.Duration("fault-slow-by", 5*time.Second, "extra delay of a slow answer")
		faultPath  = fs.String("fault-path-prefix", "", "inject faults only into URL paths with this `prefix`")
		seed       = fs.Int64("seed", 0, "seed for ids, passwords and faults; 0 = time-based")
		quiet      = fs.Bool("quiet", false, "do not print a line per request")
		noLimits   = fs.Bool("no-rate-limits", false, "do not enforce the service's documented rate limits (5 collection operations/s per cluster, 20 control-plane requests/s per route and key)")
	)
	fs.Usage = func() {
		_, _ = fmt.Fprintf(fs.Output(), "Usage: zilliz-mock [flags]\n\nServes an in-memory Zilliz Cloud API until SIGINT or SIGTERM.\nThe first line of stdout is the base URL.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		_, _ = fmt.Fprintf(stderr, "zilliz-mock: unexpected arguments: %v\n", fs.Args())
		fs.Usage()
		return 2
	}

	// Request lines wait until the URL line is out, so the URL is always
	// the first line even if a client is quicker than this process.
	out := &afterFirstLine{w: stdout, ready: make(chan struct{})}
	opts := zillizmock.Options{
		Addr:                      *listen,
		APIKey:                    *apiKey,
		ProjectID:                 *projectID,
		CreateDuration:            *createDur,
		ModifyDuration:            *transDur,
		SuspendDuration:           *transDur,
		ResumeDuration:            *transDur,
		DeleteDuration:            *deleteDur,
		LoadDuration:              *loadDur,
		Latency:                   *latency,
		DropCollectionDescription: *oldDesc,
		Faults: zillizmock.Faults{
			Rate429:       *rate429,
			RetryAfter:    *retryAfter,
			Rate5xx:       *rate5xx,
			RateDrop:      *rateDrop,
			RateDropAfter: *rateDropAf,
			RateSlow:      *rateSlow,
			SlowBy:        *slowBy,
			Rate408:       *rate408,
			PathPrefix:    *faultPath,
		},
		Seed:       *seed,
		RateLimits: zillizmock.RateLimits{Off: *noLimits},
	}
	if !*quiet {
		opts.Log = out
	}
	s, err := zillizmock.New(opts)
	if err != nil {
		_, _ = fmt.Fprintf(stderr, "zilliz-mock: %v\n", err)
		return 1
	}
	// One write: os.Stdout is unbuffered, so the line is out at once.
	_, err = io.WriteString(stdout, s.URL()+"\n")
	close(out.ready) // before any Close: handlers may be waiting to log
	if err != nil {
		s.Close()
		_, _ = fmt.Fprintf(stderr, "zilliz-mock: write URL: %v\n", err)
		return 1
	}

	<-ctx.Done()
	s.Close()
	return 0
}

// afterFirstLine holds writes back until ready is closed and serialises
// them, so request lines never interleave or come before the URL.
type afterFirstLine struct {
	mu    sync.Mutex
	w     io.Writer
	ready chan struct{}
}

func (a *afterFirstLine) Write(p []byte) (int, error) {
	<-a.ready
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.w.Write(p)
}
