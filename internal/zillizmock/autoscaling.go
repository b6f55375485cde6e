package zillizmock

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

// Autoscaling of dedicated clusters. Source: the modify-cluster-v2
// reference (docs.zilliz.com/ja-JP/reference/restful/modify-cluster-v2):
//
//   - POST /v2/clusters/{id}/modify {"autoscaling": {"cu": {"min", "max"} |
//     {"schedules"}, "replica": {"min", "max"} | {"schedules"}}}.
//   - cuSize "and autoscaling.cu are mutually exclusive"; replica "and
//     autoscaling.replica are mutually exclusive"; autoscaling.cu "is
//     unavailable if you have already set cuSize".
//   - "The product of the maximum number of CUs and the maximum number of
//     replicas should not exceed 1024" (cuSize × replica ≤ 1024 likewise).
//   - min/max and schedules are mutually exclusive.
//
// The official provider's client sends cu and replica "in a single request
// to avoid the later call overwriting the earlier one"
// (zilliztech/terraform-provider-zillizcloud client/cluster.go
// ModifyAutoscalingCombined): the object is replaced whole, so a range left
// out is turned off, and {"autoscaling": {}} turns autoscaling off
// (inferred from that comment).
//
// Inferred: the codes (80000 for a range or exclusion error, as for the
// other modify parameter errors; 96023 for the cap, as checkClass); that a
// new range brings the current size within it (the cluster is MODIFYING
// meanwhile); that describe reports "autoscaling" (and "replica") once it
// is on (the newer docs and the official client's Cluster model read
// both); schedules are not modelled and refused. Autoscaling is not carried
// over by a restore ("cluster dynamic and scheduled scaling settings" are
// excluded from backups, docs/create-snapshot).

// autoscalingRecord is a cluster's autoscaling; a nil range is not autoscaled.
type autoscalingRecord struct {
	cu, replica *scaleRange
}

type scaleRange struct{ min, max int }

type scaleRangeWire struct {
	Min       *int            `json:"min,omitempty"`
	Max       *int            `json:"max,omitempty"`
	Schedules json.RawMessage `json:"schedules,omitempty"`
}

type autoscalingWire struct {
	CU      *scaleRangeWire `json:"cu,omitempty"`
	Replica *scaleRangeWire `json:"replica,omitempty"`
}

func (r *scaleRange) wire() *scaleRangeWire {
	if r == nil {
		return nil
	}
	lo, hi := r.min, r.max
	return &scaleRangeWire{Min: &lo, Max: &hi}
}

// parseRange checks one range of a modify body.
func parseRange(name string, w *scaleRangeWire, lo, hi int) (*scaleRange, int, string) {
	if w == nil {
		return nil, 0, ""
	}
	if len(w.Schedules) > 0 && string(w.Schedules) != "null" {
		if w.Min != nil || w.Max != nil {
			return nil, codeBadParameter, fmt.Sprintf("Invalid request parameters: autoscaling.%s min/max and schedules are mutually exclusive.", name)
		}
		return nil, codeBadParameter, "Invalid request parameters: scheduled scaling is not supported by this mock."
	}
	if w.Min == nil && w.Max == nil {
		return nil, 0, "" // an empty range: not autoscaled
	}
	if w.Min == nil || w.Max == nil {
		return nil, codeBadParameter, fmt.Sprintf("Invalid request parameters: autoscaling.%s needs both min and max.", name)
	}
	r := &scaleRange{*w.Min, *w.Max}
	switch {
	case r.min < lo || r.max > hi:
		return nil, codeBadParameter, fmt.Sprintf("Invalid request parameters: autoscaling.%s must be between %d and %d.", name, lo, hi)
	case r.min > r.max:
		return nil, codeBadParameter, fmt.Sprintf("Invalid request parameters: autoscaling.%s.min %d is above max %d.", name, r.min, r.max)
	}
	return r, 0, ""
}

// modifyAutoscaling serves POST /modify {"autoscaling": …}.
func (s *Server) modifyAutoscaling(w *reply, raw json.RawMessage, id string) {
	var req autoscalingWire
	if err := json.Unmarshal(raw, &req); err != nil {
		badBody(w, err)
		return
	}
	cu, code, msg := parseRange("cu", req.CU, 1, maxCUTimesReplica)
	if code == 0 {
		var rep *scaleRange
		rep, code, msg = parseRange("replica", req.Replica, minReplica, maxReplica)
		if code == 0 {
			s.mutate(w, id, promptModify, func(c *clusterRecord, now time.Time) (int, string, *dataPlane) {
				return s.applyAutoscaling(c, now, &autoscalingRecord{cu: cu, replica: rep})
			})
			return
		}
	}
	w.fail(http.StatusOK, code, msg)
}

// applyAutoscaling replaces c's autoscaling. Call with s.mu held.
func (s *Server) applyAutoscaling(c *clusterRecord, now time.Time, a *autoscalingRecord) (int, string, *dataPlane) {
	if code, msg := dedicatedOnly(c); code != 0 {
		return code, msg, nil
	}
	if c.status != StatusRunning {
		return stateError(c)
	}
	maxCU, maxRep := c.cuSize, c.replica
	if a.cu != nil {
		for _, n := range []int{a.cu.min, a.cu.max} {
			if !cuSizeAllowed(c.plan, n) {
				return codeNoClusterClass, fmt.Sprintf("No cluster class for cuSize %d on the %s plan.", n, c.plan), nil
			}
		}
		maxCU = a.cu.max
	}
	if a.replica != nil {
		maxRep = a.replica.max
	}
	if maxRep > 1 && c.plan != "Enterprise" {
		return codeNoClusterClass, fmt.Sprintf("Replica %d is not available on the %s plan: more than one replica needs the Enterprise plan.", maxRep, c.plan), nil
	}
	if maxCU*maxRep > maxCUTimesReplica {
		return codeNoClusterClass, fmt.Sprintf("The maximum CUs × the maximum replicas = %d exceeds %d.", maxCU*maxRep, maxCUTimesReplica), nil
	}
	st := s.capacity()
	if a.cu == nil && a.replica == nil {
		delete(st.autoscaling, c.id)
		return 0, "", nil // off: the cluster keeps its current size
	}
	st.autoscaling[c.id] = a
	cu, rep := c.cuSize, c.replica
	if a.cu != nil {
		cu = min(max(cu, a.cu.min), a.cu.max)
	}
	if a.replica != nil {
		rep = min(max(rep, a.replica.min), a.replica.max)
	}
	if cu != c.cuSize || rep != c.replica {
		c.pendingCU, c.pendingReplica = cu, rep
		startPhase(c, now, StatusModifying, StatusRunning, s.opts.ModifyDuration)
	}
	return 0, "", nil
}

// fixedSizeConflict refuses a fixed cuSize (replica) while autoscaling.cu
// (autoscaling.replica) is on: "This is unavailable if you have already set
// cuSize" and its converse (inferred code 80000).
func (s *Server) fixedSizeConflict(id string, cuSize, replica bool) (int, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.capacity().autoscaling[id]
	switch {
	case a == nil:
	case cuSize && a.cu != nil:
		return codeBadParameter, "Invalid request parameters: cuSize and autoscaling.cu are mutually exclusive; turn CU autoscaling off first."
	case replica && a.replica != nil:
		return codeBadParameter, "Invalid request parameters: replica and autoscaling.replica are mutually exclusive; turn replica autoscaling off first."
	}
	return 0, ""
}

// autoscaledAnswer is the describe answer of a cluster with autoscaling on:
// the usual answer plus "replica" and "autoscaling" (inferred shape: the
// modify body's, as the official client's Cluster model reads it).
func (s *Server) autoscaledAnswer(c Cluster, base any) any {
	s.mu.Lock()
	a := s.capacity().autoscaling[c.ClusterID]
	s.mu.Unlock()
	if a == nil {
		return base
	}
	b, err := json.Marshal(base)
	if err != nil {
		return base
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		return base
	}
	m["replica"] = c.Replica
	m["autoscaling"] = autoscalingWire{CU: a.cu.wire(), Replica: a.replica.wire()}
	return m
}

// AutoscalingInfo is a cluster's autoscaling as tests see it; zero ranges
// are not autoscaled.
type AutoscalingInfo struct {
	CUMin, CUMax, ReplicaMin, ReplicaMax int
}

// Autoscaling returns a cluster's autoscaling, and false when it is off.
func (s *Server) Autoscaling(id string) (AutoscalingInfo, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.capacity().autoscaling[id]
	if a == nil {
		return AutoscalingInfo{}, false
	}
	var info AutoscalingInfo
	if a.cu != nil {
		info.CUMin, info.CUMax = a.cu.min, a.cu.max
	}
	if a.replica != nil {
		info.ReplicaMin, info.ReplicaMax = a.replica.min, a.replica.max
	}
	return info, true
}

// Autoscale is the service's autoscaler acting on its own: it sets the
// cluster's cuSize and replica (0 = unchanged) within the autoscaling
// ranges, at once and without a MODIFYING phase. A dimension that is not
// autoscaled, or a value outside its range, is refused.
func (s *Server) Autoscale(id string, cuSize, replica int) error {
	return s.outOfBand(id, func(c *clusterRecord, _ time.Time) (*dataPlane, error) {
		a := s.capacity().autoscaling[id]
		if a == nil {
			return nil, fmt.Errorf("zillizmock: cluster %q has no autoscaling", id)
		}
		check := func(name string, v int, r *scaleRange) error {
			switch {
			case v == 0:
				return nil
			case r == nil:
				return fmt.Errorf("zillizmock: cluster %q does not autoscale its %s", id, name)
			case v < r.min || v > r.max:
				return fmt.Errorf("zillizmock: %s %d is outside the autoscaling range %d-%d of cluster %q", name, v, r.min, r.max, id)
			}
			return nil
		}
		if err := check("cuSize", cuSize, a.cu); err != nil {
			return nil, err
		}
		if err := check("replica", replica, a.replica); err != nil {
			return nil, err
		}
		if cuSize > 0 {
			c.cuSize = cuSize
		}
		if replica > 0 {
			c.replica = replica
		}
		return nil, nil
	})
}
