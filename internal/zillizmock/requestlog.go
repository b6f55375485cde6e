package zillizmock

import (
	"fmt"
	"io"
	"net/http"
	"time"
)

// mockPathPrefix marks the mock's own endpoints on the control-plane
// listener. They need no key, are never faulted and are not logged, so
// reading the log does not change it.
const mockPathPrefix = "/_mock/"

// Request is one entry of the request log.
type Request struct {
	Time       time.Time `json:"time"`
	Method     string    `json:"method"`
	Path       string    `json:"path"`       // URL path only, e.g. "/v2/clusters/in01-…/drop"
	Query      string    `json:"query"`      // raw query
	ClusterID  string    `json:"clusterId"`  // "" for the control plane; the cluster for a data-plane request
	Collection string    `json:"collection"` // collectionName of a data-plane request (body or query), if any
	Database   string    `json:"database"`   // dbName of a data-plane request, defaulted to "default"
	HTTPStatus int       `json:"httpStatus"` // 0 when the connection was dropped
	Code       int       `json:"code"`       // body code written; 0 when the connection was dropped
	Dropped    bool      `json:"dropped"`
	Fault      string    `json:"fault"` // "", "429", "503", "drop", "drop-after", ..., "rate-limit" (refused for the service's rate)
}

// Requests returns a copy of the request log, oldest first.
func (s *Server) Requests() []Request {
	s.logMu.Lock()
	defer s.logMu.Unlock()
	return append([]Request(nil), s.requests...)
}

// ResetRequests empties the request log.
func (s *Server) ResetRequests() {
	s.logMu.Lock()
	s.requests = nil
	s.logMu.Unlock()
}

// record appends req to the log and prints its line to Options.Log.
// wouldStatus/wouldCode describe the lost answer of a drop-after fault.
func (s *Server) record(req Request, wouldStatus, wouldCode int) {
	var line string
	switch {
	case req.Fault == faultDropAfter:
		line = fmt.Sprintf("%s %s -> dropped after handling (answer would have been HTTP %d, code %d)", req.Method, req.Path, wouldStatus, wouldCode)
	case req.Dropped:
		line = fmt.Sprintf("%s %s -> dropped (fault %s)", req.Method, req.Path, req.Fault)
	default:
		line = fmt.Sprintf("%s %s -> HTTP %d, code %d", req.Method, req.Path, req.HTTPStatus, req.Code)
		if req.Fault != "" {
			line += " (fault " + req.Fault + ")"
		}
	}
	if req.Collection != "" {
		// Name what a data-plane call acted on: "… [in05-…: default.articles]".
		line += fmt.Sprintf(" [%s: %s.%s]", req.ClusterID, req.Database, req.Collection)
	}
	s.logMu.Lock()
	s.requests = append(s.requests, req)
	out := s.logOut
	if out != nil {
		_, _ = io.WriteString(out, line+"\n")
	}
	s.logMu.Unlock()
}

// writeLogLine prints a free-form line to Options.Log, if set.
func (s *Server) writeLogLine(line string) {
	s.logMu.Lock()
	defer s.logMu.Unlock()
	if s.logOut != nil {
		_, _ = io.WriteString(s.logOut, line+"\n")
	}
}

// serveMockAPI answers GET /_mock/requests (the log as a JSON array) and
// POST /_mock/reset-requests (empties it; HTTP 204).
func (s *Server) serveMockAPI(w *reply, r *http.Request) {
	switch r.URL.Path {
	case mockPathPrefix + "requests":
		if r.Method != http.MethodGet {
			methodNotAllowed(w, r)
			return
		}
		reqs := s.Requests()
		if reqs == nil {
			reqs = []Request{} // [] rather than null
		}
		w.json(http.StatusOK, 0, reqs)
	case mockPathPrefix + "reset-requests":
		if r.Method != http.MethodPost {
			methodNotAllowed(w, r)
			return
		}
		s.ResetRequests()
		w.status = http.StatusNoContent
	default:
		notFound(w, r)
	}
}
