package zillizmock

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// handlerFunc is what the planes implement: it writes into a buffered reply.
type handlerFunc func(w *reply, r *http.Request, body []byte)

// pipeline is what every request on either plane goes through, in order:
// read the body, wait the latency, pick a fault (drop / 429 / 503 answer
// before anything is handled), refuse it if the service's rate limit is spent
// (ratelimit.go), run the handler, then either send its answer
// or, for drop-after, lose it; finally log.
func (s *Server) pipeline(clusterID string, h handlerFunc) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if clusterID == "" && strings.HasPrefix(r.URL.Path, mockPathPrefix) {
			w := newReply()
			s.serveMockAPI(w, r)
			w.flush(rw)
			return
		}
		if !s.enter() {
			dropConnection(rw)
			return
		}
		defer s.leave()

		req := Request{
			Time:      time.Now(),
			Method:    r.Method,
			Path:      r.URL.Path,
			Query:     r.URL.RawQuery,
			ClusterID: clusterID,
		}
		body, readErr := io.ReadAll(io.LimitReader(r.Body, maxBodyBytes))
		r.Body = io.NopCloser(bytes.NewReader(body))
		if clusterID != "" {
			req.Collection, req.Database = dataPlaneTarget(r, body)
		}

		s.sleep(r, time.Duration(s.latency.Load()))
		if s.hang(r, req) {
			return
		}

		fault, f := s.pickFault(r.URL.Path)
		req.Fault = fault
		if fault == faultDrop {
			req.Dropped = true
			s.record(req, 0, 0)
			dropConnection(rw)
			return
		}

		if fault == faultSlow {
			s.sleep(r, f.SlowBy)
		}
		w := newReply()
		switch {
		case fault == fault429 || fault == fault503:
			writeFault(w, fault, f)
		case readErr != nil:
			w.fail(http.StatusBadRequest, http.StatusBadRequest, "could not read the request body: "+readErr.Error())
		case s.refuse(w, r, clusterID):
			req.Fault = faultRateLimit // refused for the service's rate, not handled
		default:
			h(w, r, body)
		}
		if fault == fault408 {
			// The handler ran; the middleware's timeout answer went out instead.
			w = newReply()
			w.fail(http.StatusRequestTimeout, codeRequestTimeout, "request timeout")
		}
		if clusterID == "" {
			// The official client keeps the "requestid" header of each answer
			// for error reports (inferred: the form of real values is not recorded).
			w.header.Set("requestid", fmt.Sprintf("%016x", s.rng.uint64()))
		}

		if fault == faultDropAfter {
			req.Dropped = true
			s.record(req, w.status, w.code)
			dropConnection(rw)
			return
		}
		req.HTTPStatus = w.status
		if req.HTTPStatus == 0 {
			req.HTTPStatus = http.StatusOK
		}
		req.Code = w.code
		s.record(req, 0, 0)
		w.flush(rw)
	})
}

// dataPlaneTarget finds the collection and database a data-plane request is
// about, for the log: collectionName/dbName from the JSON body, else from
// the query; the database defaults to "default" as on the server.
func dataPlaneTarget(r *http.Request, body []byte) (collection, db string) {
	var b struct {
		CollectionName string `json:"collectionName"`
		DBName         string `json:"dbName"`
	}
	_ = json.Unmarshal(body, &b) // best effort: a bad body is the handler's business
	q := r.URL.Query()
	collection = firstNonEmpty(b.CollectionName, q.Get("collectionName"))
	db = firstNonEmpty(b.DBName, q.Get("dbName"), r.Header.Get("DB-Name"), defaultDatabase)
	return collection, db
}

func firstNonEmpty(v ...string) string {
	for _, s := range v {
		if s != "" {
			return s
		}
	}
	return ""
}

// notFound answers an unknown route. (inferred: the real gateway's answer to
// an unknown path was not recorded; the common envelope with the HTTP status
// as code keeps clients on one decoding path.) What a client can rely on is
// the HTTP 404 alone: a base URL that names another host gets that host's own
// 404 page (net/http answers "404 page not found" in plain text), and the
// real API answers a missing object with HTTP 200 and a code, never 404.
func notFound(w *reply, r *http.Request) {
	w.fail(http.StatusNotFound, http.StatusNotFound, fmt.Sprintf("Not Found: no route for %s %s", r.Method, r.URL.Path))
}

// methodNotAllowed answers a known path with the wrong method (inferred, as
// notFound).
func methodNotAllowed(w *reply, r *http.Request) {
	w.fail(http.StatusMethodNotAllowed, http.StatusMethodNotAllowed, fmt.Sprintf("Method Not Allowed: %s %s", r.Method, r.URL.Path))
}

// allow reports whether r uses one of methods, answering 405 if not.
func allow(w *reply, r *http.Request, methods ...string) bool {
	for _, m := range methods {
		if r.Method == m {
			return true
		}
	}
	w.header.Set("Allow", strings.Join(methods, ", "))
	methodNotAllowed(w, r)
	return false
}

// bearer returns the token of an "Authorization: Bearer <token>" header.
func bearer(r *http.Request) (string, bool) {
	h := r.Header.Get("Authorization")
	const p = "Bearer "
	if len(h) < len(p) || !strings.EqualFold(h[:len(p)], p) {
		return "", false
	}
	tok := strings.TrimSpace(h[len(p):])
	return tok, tok != ""
}
