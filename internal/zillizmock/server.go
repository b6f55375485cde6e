// Package zillizmock is an in-memory Zilliz Cloud: the v2 control plane
// (clusters, projects, regions, clouds) on one loopback listener, and one
// data-plane listener per cluster that speaks the Milvus REST API for
// collections (v1 /v1/vector/collections and v2 /v2/vectordb/collections,
// over one store). Cluster status changes take configurable time, faults can be
// injected, and every request is logged so tests can assert on the traffic.
//
// It is written from the API facts in zilliz-api.md and the recorded real
// responses, never from this repository's client, so that it can catch the
// client's mistakes. It answers like the real service: business errors are
// HTTP 200 with a non-zero body code; only a bad API key is HTTP 401.
package zillizmock

import (
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"regexp"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultProjectID is the id of the mock's single project, "Default Project".
const DefaultProjectID = "proj-4487580fcfe2c8a4391686"

// DefaultAPIKey is the API key the mock accepts when Options.APIKey is empty.
const DefaultAPIKey = "mock-api-key"

// OtherProjectID is the project of Options.OtherProjectAPIKey: a project the
// mock knows of but keeps no clusters in.
const OtherProjectID = "proj-0000000000000000000001"

// Default durations of the asynchronous phases. They are short so a demo
// feels like the real thing without waiting minutes.
const (
	defaultCreateDuration  = 2 * time.Second
	defaultModifyDuration  = 1 * time.Second
	defaultSuspendDuration = 1 * time.Second
	defaultResumeDuration  = 1 * time.Second
	defaultDeleteDuration  = 1 * time.Second
	defaultLoadDuration    = 300 * time.Millisecond
)

// maxBodyBytes bounds what the mock reads of a request body; real requests
// here are small JSON documents.
const maxBodyBytes = 8 << 20

// projectIDPattern is the documented form of a project id: "proj-" and 22
// lowercase hex digits (as in every recorded id).
var projectIDPattern = regexp.MustCompile(`^proj-[0-9a-f]{22}$`)

// Options configures a Server. The zero value is usable: every field has a
// default.
type Options struct {
	// Addr is the control-plane listen address; default "127.0.0.1:0".
	// Data-plane listeners use the same host with a free port.
	Addr string
	// APIKey is the required Bearer key; default DefaultAPIKey.
	APIKey string
	// ProjectID is the id of the one project "Default Project"; default
	// DefaultProjectID. It must have the documented form proj-<22 hex>.
	ProjectID string
	// OtherProjectAPIKey is a valid key of another project (OtherProjectID),
	// as a rotated or mixed-up key would be: it is accepted, but sees none
	// of this project's clusters. Default APIKey + "-other-project".
	OtherProjectAPIKey string

	// DescribeReplicaAndLabels adds replica and labels to describe answers,
	// as the newer docs show them; by default describe answers carry exactly
	// the recorded fields, which have neither.
	DescribeReplicaAndLabels bool
	// MissingClusterAmbiguous answers calls on a cluster that does not exist
	// (never did, or dropped and gone) with 80020 "does not exist or no
	// permission" instead of 96018 "Cluster not found" (inferred: the live
	// API's choice is not recorded).
	MissingClusterAmbiguous bool
	// SystemLabels are labels the service adds to every cluster on its own
	// and keeps through a PUT of the labels (inferred: a managed service may
	// tag clusters; no sample shows it). A client must not mistake them for
	// drift or report them as an inconsistent result.
	SystemLabels map[string]string

	// Durations of the asynchronous phases (0 = the default given here).
	// Tests use milliseconds.

	// CreateDuration is CREATING -> RUNNING, default 2s; createProgress
	// rises linearly from 0 to 100 across it.
	CreateDuration time.Duration
	// CreateDurationFn, if set, gives each new cluster its own CREATING
	// duration instead (a result <= 0 means CreateDuration); createProgress
	// rises across that cluster's own duration. It is called once per create,
	// with the new cluster's id, under the mock's lock: it must not call the
	// Server. Benchmarks use it for a random 1-5 s phase per cluster.
	CreateDurationFn func(clusterID string) time.Duration
	// ModifyDuration is MODIFYING -> RUNNING, default 1s.
	ModifyDuration time.Duration
	// SuspendDuration is SUSPENDING -> SUSPENDED, default 1s.
	SuspendDuration time.Duration
	// ResumeDuration is RESUMING -> RUNNING, default 1s.
	ResumeDuration time.Duration
	// DeleteDuration is how long a dropped cluster is still described with
	// status DELETED before describe answers "not found"; default 1s.
	DeleteDuration time.Duration
	// LoadDuration is how long a collection reports LoadStateLoading (with
	// loadProgress below 100) after a create with indexes or a load, before
	// LoadStateLoaded; default 300ms, negative loads at once. Milvus loads
	// asynchronously: getCollectionLoadState (handler_v2.go) answers
	// LoadStateLoading until GetLoadingProgress reports 100.
	LoadDuration time.Duration

	// DropCollectionDescription makes v2 creates store no collection
	// description, as servers before Milvus PR #40023 (Feb 2025) did: the
	// create handler did not pass it into the schema.
	DropCollectionDescription bool

	// Latency is added to every request, control and data plane.
	Latency time.Duration
	// Faults are injected into requests; see Faults.
	Faults Faults
	// Log, if non-nil, receives one line per request:
	// "METHOD PATH -> HTTP <status>, code <code>".
	Log io.Writer
	// Seed drives ids, passwords and fault randomness; 0 = time-based.
	Seed int64
	// Clock is the time the asynchronous phases run on; nil means the wall
	// clock. Tests pass a *ManualClock to step through phases without sleeping.
	// (Latency and faults still act in real time: they model the network.)
	Clock Clock

	// MemberAPIKey is a valid key of an organisation Member who is Project
	// Admin of the Default Project: what needs an Organization Owner
	// (projects, API keys) is refused with 96013. Default APIKey + "-member".
	MemberAPIKey string
	// ProjectRegionIDs adds regionIds to project answers, as the
	// list-projects-v2 page shows them; by default project answers carry
	// exactly the recorded fields, which have none.
	ProjectRegionIDs bool
	// APIKeysRoute is the path segment of the API-key routes: "api-keys"
	// (default, the reference pages) or "apiKeys" (the official client's
	// spelling; inferred that a server may serve only that one).
	APIKeysRoute string
	// BackupDuration is how long a backup is CREATING before it is
	// AVAILABLE (or FAILED, see SetBackupFailure); default 2s.
	BackupDuration time.Duration
	// RestoreDuration is how long a cluster restored from a backup is
	// RESTORING before it is RUNNING; default 3s.
	RestoreDuration time.Duration
	// CredentialDelay (inferred: the official provider's users report a 401
	// right after a cluster is created) makes a cluster's data plane refuse
	// every credential with HTTP 401 code 1800 until this long after the
	// cluster became RUNNING, and a new user's own credentials until this
	// long after the user was created; 0 (the default) accepts them at once.
	CredentialDelay time.Duration
	// RBACMilvusGroupNames makes role describe name the built-in privilege
	// groups the Milvus way (CollectionReadOnly, ...) whatever spelling was
	// granted (COLL_RO, ...): (inferred) the docs use both spellings and do
	// not say which one describe answers with.
	RBACMilvusGroupNames bool

	// IndexDescribeWithoutParams answers /v2/vectordb/indexes/describe as the
	// handler_v2.go versions up to commit c1c38337 do: indexType and
	// metricType, and no key-value params (no build parameters at all).
	IndexDescribeWithoutParams bool

	// RateLimits are the service's documented request limits, enforced with
	// the server's refusals (ratelimit.go); the zero value enforces them.
	RateLimits RateLimits
	// DescribeRoleExactDatabase makes role describe list only the grants on
	// exactly the request's database, as older Milvus releases do (the
	// catalog's ListGrant there: `if dbName != entity.DbName { return nil }`;
	// recent ones also match "*" both ways). Then asking for "*" does not
	// show a grant on a named database.
	DescribeRoleExactDatabase bool
}

// Server is a running mock. Create it with New and stop it with Close.
type Server struct {
	opts       Options // defaults applied; durations never zero
	projectID  string
	apiKey     string
	otherKey   string    // a valid key of OtherProjectID
	createdAt  time.Time // the project's createTime
	controlURL string
	dataHost   string // host the data-plane listeners bind to
	advertHost string // host written into connectAddress

	rng *lockedRand

	latency atomic.Int64 // time.Duration

	faultMu sync.Mutex
	faults  Faults
	faulted int // requests faulted since SetFaults, for Faults.Count

	logMu    sync.Mutex
	requests []Request
	logOut   io.Writer

	// mu guards the cluster state below.
	mu        sync.Mutex
	clusters  map[string]*clusterRecord
	order     []string        // cluster ids in creation order, for list
	issuedIDs map[string]bool // every id ever handed out, so none is reused
	hold      bool            // HoldCreating

	limits *limiter // nil when Options.RateLimits.Off
	hung   hangs    // endpoints that never answer (hang.go)

	control  *http.Server
	serveWG  sync.WaitGroup // Serve goroutines (control and data planes)
	flightMu sync.Mutex
	flightWG sync.WaitGroup // handlers in flight
	closed   bool
	done     chan struct{} // closed by Close: aborts latency sleeps
	once     sync.Once

	access        accessState    // projects, API keys, private endpoints (projects.go)
	capacityState *capacityState // backups, policies, jobs, autoscaling (backups.go); guarded by mu

	sleeping atomic.Int32 // requests waiting in sleep (latency, slow fault): tests wait on it

	aliasTargets map[aliasKey][]string // guarded by mu; see alias_history.go
}

// New starts a mock listening right away on opts.Addr.
func New(opts Options) (*Server, error) {
	if opts.Addr == "" {
		opts.Addr = "127.0.0.1:0"
	}
	if opts.APIKey == "" {
		opts.APIKey = DefaultAPIKey
	}
	if opts.ProjectID == "" {
		opts.ProjectID = DefaultProjectID
	}
	if opts.OtherProjectAPIKey == "" {
		opts.OtherProjectAPIKey = opts.APIKey + "-other-project"
	}
	if opts.MemberAPIKey == "" {
		opts.MemberAPIKey = opts.APIKey + "-member"
	}
	if !projectIDPattern.MatchString(opts.ProjectID) {
		return nil, fmt.Errorf("zillizmock: project id %q does not have the form proj-<22 lowercase hex digits>", opts.ProjectID)
	}
	if opts.Clock == nil {
		opts.Clock = systemClock{}
	}
	if err := opts.Faults.validate(); err != nil {
		return nil, err
	}
	setDefault(&opts.CreateDuration, defaultCreateDuration)
	setDefault(&opts.ModifyDuration, defaultModifyDuration)
	setDefault(&opts.SuspendDuration, defaultSuspendDuration)
	setDefault(&opts.ResumeDuration, defaultResumeDuration)
	setDefault(&opts.DeleteDuration, defaultDeleteDuration)
	switch {
	case opts.LoadDuration == 0:
		opts.LoadDuration = defaultLoadDuration
	case opts.LoadDuration < 0:
		opts.LoadDuration = 0
	}

	ln, err := net.Listen("tcp", opts.Addr)
	if err != nil {
		return nil, fmt.Errorf("zillizmock: listen on %s: %w", opts.Addr, err)
	}
	host, port, err := net.SplitHostPort(ln.Addr().String())
	if err != nil {
		_ = ln.Close()
		return nil, fmt.Errorf("zillizmock: listener address: %w", err)
	}
	advert := host
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		// Listening on all interfaces: loopback is the address that always
		// reaches it from this machine.
		advert = "127.0.0.1"
	}

	s := &Server{
		opts:       opts,
		projectID:  opts.ProjectID,
		apiKey:     opts.APIKey,
		otherKey:   opts.OtherProjectAPIKey,
		createdAt:  opts.Clock.Now().UTC().Truncate(time.Second),
		controlURL: "http://" + net.JoinHostPort(advert, port),
		dataHost:   host,
		advertHost: advert,
		rng:        newLockedRand(opts.Seed),
		faults:     opts.Faults,
		logOut:     opts.Log,
		clusters:   map[string]*clusterRecord{},
		issuedIDs:  map[string]bool{},
		done:       make(chan struct{}),
	}
	if !opts.RateLimits.Off {
		s.limits = newLimiter(opts.RateLimits)
	}
	s.latency.Store(int64(opts.Latency))
	s.control = newHTTPServer(s.controlHandler())
	s.serve(s.control, ln)
	return s, nil
}

func setDefault(d *time.Duration, def time.Duration) {
	if *d <= 0 {
		*d = def
	}
}

// newHTTPServer builds an http.Server that does not print to the standard
// logger: hijacked and dropped connections are part of the job here.
func newHTTPServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ErrorLog:          log.New(io.Discard, "", 0),
	}
}

// serve runs srv on ln in a goroutine that Close waits for.
func (s *Server) serve(srv *http.Server, ln net.Listener) {
	s.serveWG.Add(1)
	go func() {
		defer s.serveWG.Done()
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.writeLogLine(fmt.Sprintf("zillizmock: serve %s: %v", ln.Addr(), err))
		}
	}()
}

// URL is the control-plane base URL, e.g. "http://127.0.0.1:41234" (no
// trailing slash).
func (s *Server) URL() string { return s.controlURL }

// APIKey is the Bearer key the control plane accepts.
func (s *Server) APIKey() string { return s.apiKey }

// OtherProjectAPIKey is a valid key that belongs to another project: it sees
// none of this project's clusters.
func (s *Server) OtherProjectAPIKey() string { return s.otherKey }

// ProjectID is the id of the mock's single project.
func (s *Server) ProjectID() string { return s.projectID }

// MemberAPIKey is a valid key of an organisation Member (not an owner).
func (s *Server) MemberAPIKey() string { return s.opts.MemberAPIKey }

// SetFaults replaces the fault configuration; safe while serving.
func (s *Server) SetFaults(f Faults) {
	s.faultMu.Lock()
	s.faults = f
	s.faulted = 0
	s.faultMu.Unlock()
}

// SetLatency changes the latency added to every request; safe while serving.
func (s *Server) SetLatency(d time.Duration) { s.latency.Store(int64(d)) }

// Close stops the control plane and every cluster's data-plane listener,
// and waits for their goroutines and in-flight handlers to finish.
func (s *Server) Close() {
	s.once.Do(func() {
		s.flightMu.Lock()
		s.closed = true
		s.flightMu.Unlock()
		close(s.done)

		_ = s.control.Close()
		// Listeners are collected under s.mu, which startDataPlane also
		// holds and where it checks s.closed: a cluster created concurrently
		// either is collected here or gets no listener at all.
		s.mu.Lock()
		var planes []*dataPlane
		for _, c := range s.clusters {
			if c.plane != nil {
				planes = append(planes, c.plane)
				c.plane = nil
			}
		}
		s.mu.Unlock()
		for _, p := range planes {
			p.close()
		}
		s.closeHungPlanes()
		s.flightWG.Wait()
		s.serveWG.Wait()
	})
}

// enter registers a handler in flight; false once Close has begun, so that
// Close's Wait never races with a new Add.
func (s *Server) enter() bool {
	s.flightMu.Lock()
	defer s.flightMu.Unlock()
	if s.closed {
		return false
	}
	s.flightWG.Add(1)
	return true
}

func (s *Server) leave() { s.flightWG.Done() }

// sleep waits d, returning early when the request is cancelled or the
// server closes, so Close never waits on an artificial latency.
func (s *Server) sleep(r *http.Request, d time.Duration) {
	if d <= 0 {
		return
	}
	s.sleeping.Add(1)
	defer s.sleeping.Add(-1)
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-r.Context().Done():
	case <-s.done:
	}
}
