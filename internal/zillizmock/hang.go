package zillizmock

import (
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
)

// Endpoints that accept connections and never answer.
//
// A client outside a cluster's network (an IP allow list that does not hold
// its address, a private endpoint reached from outside its VPC), or one
// calling the address of a cluster dropped behind a load balancer that still
// accepts connections, sees a connection that is accepted and then silent
// (inferred: no source describes how either looks on the wire; a silent
// connection is the case a client must bound with its own timeout, while a
// refused one fails at once anyway). SetEndpointHanging makes a cluster's endpoint
// behave so, also after the cluster is dropped: its listener then stays open
// until the endpoint is set answering again or the Server closes.

// faultHang marks a request the hung endpoint took and never answered.
const faultHang = "hang"

// hangs holds the hung endpoints of a Server.
type hangs struct {
	mu     sync.Mutex
	ids    map[string]bool
	planes map[string]*dataPlane // planes kept open for hung clusters
}

// SetEndpointHanging makes cluster id's endpoint accept connections and never
// answer them (hang true), or answer again (false). The hanging endpoint
// logs each request it takes at once, with Fault "hang" and no status, and
// keeps it open until the client gives up or the Server closes. A dropped
// cluster's hanging endpoint stays open (see above).
func (s *Server) SetEndpointHanging(id string, hang bool) error {
	s.mu.Lock()
	c, ok := s.clusters[id]
	var plane *dataPlane
	if ok {
		plane = c.plane
	}
	s.mu.Unlock()
	s.hung.mu.Lock()
	defer s.hung.mu.Unlock()
	if s.hung.ids == nil {
		s.hung.ids, s.hung.planes = map[string]bool{}, map[string]*dataPlane{}
	}
	switch {
	case hang && plane == nil:
		return fmt.Errorf("zillizmock: cluster %q has no open endpoint", id)
	case hang:
		s.hung.ids[id] = true
		s.hung.planes[id] = plane
		plane.keepOpen.Store(true)
	default:
		delete(s.hung.ids, id)
		if p := s.hung.planes[id]; p != nil {
			delete(s.hung.planes, id)
			p.keepOpen.Store(false)
			if !ok || c.plane != p {
				p.close() // the cluster was dropped meanwhile
			}
		}
	}
	return nil
}

func (s *Server) isHanging(id string) bool {
	s.hung.mu.Lock()
	defer s.hung.mu.Unlock()
	return s.hung.ids[id]
}

// hang takes a request on a hanging endpoint: it is logged at once and held
// until the client goes away or the Server closes. It reports whether the
// endpoint hangs (then the request is done with).
func (s *Server) hang(r *http.Request, req Request) bool {
	if req.ClusterID == "" || !s.isHanging(req.ClusterID) {
		return false
	}
	req.Fault, req.Dropped = faultHang, true
	s.record(req, 0, 0)
	select {
	case <-r.Context().Done():
	case <-s.done:
	}
	return true
}

// closeHungPlanes closes the listeners kept open for hung endpoints (Close).
func (s *Server) closeHungPlanes() {
	s.hung.mu.Lock()
	planes := s.hung.planes
	s.hung.planes = nil
	s.hung.mu.Unlock()
	for _, p := range planes {
		p.keepOpen.Store(false)
		p.close()
	}
}

// keepOpenFlag is embedded in dataPlane: a hung endpoint's listener is not
// closed when its cluster is dropped.
type keepOpenFlag struct{ keepOpen atomic.Bool }
