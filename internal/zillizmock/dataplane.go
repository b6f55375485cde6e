package zillizmock

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
)

// Data-plane body codes (Milvus REST; zilliz-api.md B). v1 success is 200.
const (
	codeV1OK               = 200
	codeCollectionNotFound = 100
	codeDatabaseNotFound   = 800
	codeInvalidParameter   = 1100
	codeNotAuthenticated   = 1800
	codeNotJSON            = 1801
	codeMissingParameters  = 1802
	codeUnexpected         = 65535
	codeRequestTimeout     = 10001 // merr.TimeoutCode
)

// defaultDatabase is the database every cluster has (more in databases.go).
const defaultDatabase = "default"

// dataPlane is one cluster's endpoint: its own loopback listener, whose URL
// is the cluster's connectAddress.
type dataPlane struct {
	url string
	srv *http.Server
	keepOpenFlag
}

// close stops the listener and its open connections: afterwards a client
// gets "connection refused", as for a cluster that is gone. A hung endpoint
// (hang.go) stays open.
func (p *dataPlane) close() {
	if p.keepOpen.Load() {
		return
	}
	_ = p.srv.Close()
}

// startDataPlane opens the endpoint of cluster id. It must be called with
// s.mu held, so that Close, which collects the listeners under s.mu after
// setting s.closed, either sees the new one or makes this fail.
func (s *Server) startDataPlane(id string) (*dataPlane, error) {
	s.flightMu.Lock()
	closed := s.closed
	s.flightMu.Unlock()
	if closed {
		return nil, errors.New("the mock is shutting down")
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(s.dataHost, "0"))
	if err != nil {
		return nil, err
	}
	_, port, err := net.SplitHostPort(ln.Addr().String())
	if err != nil {
		_ = ln.Close()
		return nil, err
	}
	p := &dataPlane{
		url: "http://" + net.JoinHostPort(s.advertHost, port),
		srv: newHTTPServer(s.pipeline(id, s.dataHandler(id))),
	}
	s.serve(p.srv, ln)
	return p, nil
}

// servesData reports whether the endpoint answers in this status. A
// cluster being modified keeps serving (a scale runs online); CREATING,
// SUSPENDING, SUSPENDED and RESUMING do not (inferred: the prompts say to
// use the database once the status is RUNNING).
func servesData(status string) bool {
	return status == StatusRunning || status == StatusModifying
}

// dataHandler serves cluster id's endpoint. Readiness is checked before
// auth because a cluster that is not up cannot check credentials either.
func (s *Server) dataHandler(id string) handlerFunc {
	return func(w *reply, r *http.Request, body []byte) {
		s.mu.Lock()
		s.advance(s.now())
		status := StatusDeleted
		if c, ok := s.clusters[id]; ok {
			status = c.status
		}
		s.mu.Unlock()

		if !servesData(status) {
			// (inferred) No source says how a cluster that is not ready
			// answers; 503 with the common envelope tells a client to retry.
			w.fail(http.StatusServiceUnavailable, http.StatusServiceUnavailable, fmt.Sprintf("cluster %s is not ready (status %s)", id, status))
			return
		}
		tok, _ := bearer(r)
		who, ok := s.authenticate(id, tok) // users.go
		if !ok {
			// Milvus REST: no or unknown credentials are HTTP 401 code 1800.
			w.fail(http.StatusUnauthorized, codeNotAuthenticated, "user hasn't authenticated")
			return
		}
		if !s.authorize(w, r, body, id, who) { // roles.go
			return
		}
		w.dbExists = func(db string) bool { return s.hasDatabase(id, db) }
		s.routeData(w, r, body, id)
	}
}

func tokenMatches(tok, want string) bool {
	return tok != "" && subtle.ConstantTimeCompare([]byte(tok), []byte(want)) == 1
}

func (s *Server) routeData(w *reply, r *http.Request, body []byte, id string) {
	path := strings.TrimSuffix(r.URL.Path, "/")
	switch {
	case path == "/v1/vector/collections":
		if allow(w, r, http.MethodGet) {
			s.v1ListCollections(w, r, id)
		}
	case path == "/v1/vector/collections/create":
		if allow(w, r, http.MethodPost) {
			s.v1CreateCollection(w, body, id)
		}
	case path == "/v1/vector/collections/describe":
		// Milvus registers GET; the Zilliz docs' examples send POST with
		// the same query. Both are accepted (inferred).
		if allow(w, r, http.MethodGet, http.MethodPost) {
			s.v1DescribeCollection(w, r, body, id)
		}
	case path == "/v1/vector/collections/drop":
		if allow(w, r, http.MethodPost) {
			s.v1DropCollection(w, body, id)
		}
	case strings.HasPrefix(path, "/v2/vectordb/"):
		s.serveVectorDBV2(w, r, body, id)
	default:
		notFound(w, r)
	}
}
