package zillizmock

import (
	"fmt"
	"maps"
	"sort"
	"strings"
	"time"
)

// Cluster status values, as the API spells them.
const (
	StatusCreating   = "CREATING"
	StatusRunning    = "RUNNING"
	StatusModifying  = "MODIFYING"
	StatusSuspending = "SUSPENDING"
	StatusSuspended  = "SUSPENDED"
	StatusResuming   = "RESUMING"
	StatusDeleted    = "DELETED"
)

// knownStatuses are the values SetClusterStatus accepts: every status that
// appears in the sources, including the legacy STOPPING/STOPPED the official
// provider still maps, and RESTORING (free cluster upgrade).
var knownStatuses = map[string]bool{
	StatusCreating: true, StatusRunning: true, StatusModifying: true, StatusSuspending: true,
	StatusSuspended: true, StatusResuming: true, StatusDeleted: true,
	"RESTORING": true, "STOPPING": true, "STOPPED": true,
}

// clusterKind is the product a cluster was created as.
type clusterKind int

const (
	kindDedicated clusterKind = iota
	kindServerless
	kindFree
)

// idPrefix per kind, as seen in recorded ids (the mapping is inferred from
// those samples: in01- dedicated, in03- free, in05- serverless).
func (k clusterKind) idPrefix() string {
	switch k {
	case kindFree:
		return "in03-"
	case kindServerless:
		return "in05-"
	default:
		return "in01-"
	}
}

// Cluster is a snapshot of one cluster; field names mirror describe.
// Username and Password are what create returned (describe never shows
// them); Status and CreateProgress are as of the snapshot.
type Cluster struct {
	ClusterID, ClusterName, ProjectID, Description, RegionID, CUType, Plan, Status,
	ConnectAddress, PrivateLinkAddress, CreateTime, Username, Password string
	CUSize, Replica, CreateProgress int
	Labels                          map[string]string
}

// clusterRecord is the mock's state of one cluster. Status is computed
// lazily from timestamps (advance), so no goroutine runs per cluster.
type clusterRecord struct {
	id, name, projectID, description, regionID, cuType, plan string
	kind                                                     clusterKind
	cuSize, replica                                          int
	labels                                                   map[string]string
	username, password                                       string
	createdAt                                                time.Time
	createDur                                                time.Duration // length of this cluster's CREATING phase

	status string
	// phaseEnd is when the transient status ends and next takes over; zero
	// means the status stays until something changes it (stable statuses and
	// statuses pinned by SetClusterStatus).
	phaseEnd time.Time
	next     string
	// pendingCU / pendingReplica are applied when MODIFYING ends (0 = none):
	// describe keeps showing the old size while the change is in progress.
	pendingCU, pendingReplica int
	deletedAt                 time.Time // start of DELETED

	// address is the connectAddress: the data-plane URL. It stays in
	// describe after the listener is closed (DELETED).
	address     string
	plane       *dataPlane
	collections map[string]*collection // by name: database "default" (databases.go)
	databases   map[string]*databaseRecord
	access      *clusterAccess // users, custom roles and partitions (users.go)
}

// advance brings every cluster's status up to now and forgets clusters whose
// DELETED period is over. Call with s.mu held.
func (s *Server) advance(now time.Time) {
	for _, c := range s.clusters {
		s.resolve(c, now)
	}
	kept := s.order[:0]
	for _, id := range s.order {
		c := s.clusters[id]
		if c.status == StatusDeleted && !now.Before(c.deletedAt.Add(s.opts.DeleteDuration)) {
			delete(s.clusters, id)
			continue
		}
		kept = append(kept, id)
	}
	s.order = kept
}

// resolve ends c's transient phase if its time is up.
func (s *Server) resolve(c *clusterRecord, now time.Time) {
	if c.phaseEnd.IsZero() || now.Before(c.phaseEnd) {
		return
	}
	if c.status == StatusCreating && s.hold {
		return
	}
	if c.pendingCU > 0 {
		c.cuSize, c.pendingCU = c.pendingCU, 0
	}
	if c.pendingReplica > 0 {
		c.replica, c.pendingReplica = c.pendingReplica, 0
	}
	c.status, c.next, c.phaseEnd = c.next, "", time.Time{}
}

// startPhase puts c into a transient status that turns into next after d.
func startPhase(c *clusterRecord, now time.Time, status, next string, d time.Duration) {
	c.status, c.next, c.phaseEnd = status, next, now.Add(d)
}

// createProgress rises linearly from 0 to 100 across CREATING; it stays
// below 100 until the cluster is RUNNING (also while held or pinned).
func (s *Server) createProgress(c *clusterRecord, now time.Time) int {
	if c.status != StatusCreating {
		return 100
	}
	d := c.createDur
	if d <= 0 {
		d = s.opts.CreateDuration
	}
	p := int(now.Sub(c.createdAt) * 100 / d)
	return max(0, min(p, 99))
}

// createDuration picks and records c's CREATING duration: what
// Options.CreateDurationFn says for c.id, else CreateDuration. Call with s.mu
// held, once c.id is set.
func (s *Server) createDuration(c *clusterRecord) time.Duration {
	c.createDur = s.opts.CreateDuration
	if f := s.opts.CreateDurationFn; f != nil {
		if d := f(c.id); d > 0 {
			c.createDur = d
		}
	}
	return c.createDur
}

// markDeleted moves c to DELETED (describe still answers for DeleteDuration)
// and takes its data plane away at once: a dropped cluster's endpoint is
// gone. The returned plane must be closed after s.mu is released.
func markDeleted(c *clusterRecord, now time.Time) *dataPlane {
	c.status, c.next, c.phaseEnd = StatusDeleted, "", time.Time{}
	c.pendingCU, c.pendingReplica = 0, 0
	c.deletedAt = now
	p := c.plane
	c.plane = nil
	return p
}

// live reports whether c counts as an existing cluster for list, name
// uniqueness and instanceCount. (inferred) A DELETED cluster sits in the
// recycle bin: describe still shows it, but it is not listed and no longer
// holds its name, so a replace with the same name works once drop returned.
func (c *clusterRecord) live() bool { return c.status != StatusDeleted }

func (s *Server) snapshot(c *clusterRecord, now time.Time) Cluster {
	return Cluster{
		ClusterID:          c.id,
		ClusterName:        c.name,
		ProjectID:          c.projectID,
		Description:        c.description,
		RegionID:           c.regionID,
		CUType:             c.cuType,
		Plan:               c.plan,
		Status:             c.status,
		ConnectAddress:     c.address,
		PrivateLinkAddress: "",
		CreateTime:         c.createdAt.UTC().Format(time.RFC3339),
		Username:           c.username,
		Password:           c.password,
		CUSize:             c.cuSize,
		Replica:            c.replica,
		CreateProgress:     s.createProgress(c, now),
		Labels:             maps.Clone(nonNilLabels(c.labels)),
	}
}

func nonNilLabels(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

// Clusters returns a snapshot of every cluster that still exists (not yet
// fully gone), any status, in creation order.
func (s *Server) Clusters() []Cluster {
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.advance(now)
	out := make([]Cluster, 0, len(s.order))
	for _, id := range s.order {
		out = append(out, s.snapshot(s.clusters[id], now))
	}
	return out
}

// Cluster returns a snapshot of one cluster, if it still exists.
func (s *Server) Cluster(id string) (Cluster, bool) {
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.advance(now)
	c, ok := s.clusters[id]
	if !ok {
		return Cluster{}, false
	}
	return s.snapshot(c, now), true
}

// outOfBand runs an out-of-band change (as if done in the console) on a
// cluster that still exists.
func (s *Server) outOfBand(id string, f func(c *clusterRecord, now time.Time) (*dataPlane, error)) error {
	now := s.now()
	s.mu.Lock()
	s.advance(now)
	c, ok := s.clusters[id]
	if !ok {
		s.mu.Unlock()
		return fmt.Errorf("zillizmock: unknown cluster %q", id)
	}
	p, err := f(c, now)
	s.mu.Unlock()
	if p != nil {
		p.close()
	}
	return err
}

// DropClusterNow removes a cluster at once, as if dropped in the console
// long ago: describe answers "not found" and its endpoint is closed.
func (s *Server) DropClusterNow(id string) error {
	return s.outOfBand(id, func(c *clusterRecord, now time.Time) (*dataPlane, error) {
		p := markDeleted(c, now)
		delete(s.clusters, id)
		s.order = removeString(s.order, id)
		return p, nil
	})
}

// RenameCluster changes a cluster's name without any checks.
func (s *Server) RenameCluster(id, name string) error {
	return s.outOfBand(id, func(c *clusterRecord, _ time.Time) (*dataPlane, error) {
		c.name = name
		return nil, nil
	})
}

// ScaleCluster sets a cluster's cuSize at once (no MODIFYING phase).
func (s *Server) ScaleCluster(id string, cuSize int) error {
	return s.outOfBand(id, func(c *clusterRecord, _ time.Time) (*dataPlane, error) {
		c.cuSize, c.pendingCU = cuSize, 0
		return nil, nil
	})
}

// SetClusterStatus pins a cluster's status, e.g. "SUSPENDED", until an API
// call changes it; a pinned transient status (such as "CREATING") never ends
// by itself. "DELETED" behaves like a drop: the endpoint closes and the
// cluster is gone after DeleteDuration.
func (s *Server) SetClusterStatus(id, status string) error {
	if !knownStatuses[status] {
		return fmt.Errorf("zillizmock: unknown cluster status %q", status)
	}
	return s.outOfBand(id, func(c *clusterRecord, now time.Time) (*dataPlane, error) {
		if status == StatusDeleted {
			return markDeleted(c, now), nil
		}
		if c.status == StatusDeleted {
			return nil, fmt.Errorf("zillizmock: cluster %q is DELETED", id)
		}
		// A pinned status ends any phase, and its pending size change with it.
		c.status, c.next, c.phaseEnd = status, "", time.Time{}
		c.pendingCU, c.pendingReplica = 0, 0
		return nil, nil
	})
}

// AutoSuspend suspends an idle Free or Serverless cluster as Zilliz Cloud
// does on its own: "free/serverless clusters are auto-suspended after 7 days
// idle and can be resumed" (docs.zilliz.com/docs/manage-cluster, zilliz-api.md
// A.6). Nobody called the suspend API (which refuses these plans with
// 96021/96022); resume brings the cluster back. Dedicated clusters are never
// suspended by the service, so they are refused here.
func (s *Server) AutoSuspend(id string) error {
	return s.outOfBand(id, func(c *clusterRecord, _ time.Time) (*dataPlane, error) {
		if c.kind == kindDedicated {
			return nil, fmt.Errorf("zillizmock: cluster %q is dedicated: only Free and Serverless clusters are suspended automatically", id)
		}
		if c.status != StatusRunning {
			return nil, fmt.Errorf("zillizmock: cluster %q is %s, not RUNNING", id, c.status)
		}
		c.status, c.next, c.phaseEnd = StatusSuspended, "", time.Time{}
		return nil, nil
	})
}

// HoldCreating, while true, keeps clusters in CREATING (createProgress stays
// below 100) past their CreateDuration; releasing lets them finish, at once
// if their time is already up. Clusters that were due to finish before the
// hold began are finished first, so the hold never moves time backwards.
func (s *Server) HoldCreating(hold bool) {
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.advance(now)
	s.hold = hold
}

// DropCollectionNow removes a collection out of band.
func (s *Server) DropCollectionNow(clusterID, db, name string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.advance(s.now())
	c, ok := s.clusters[clusterID]
	if !ok {
		return fmt.Errorf("zillizmock: unknown cluster %q", clusterID)
	}
	if _, ok := c.collectionsIn(db)[name]; !ok {
		return fmt.Errorf("zillizmock: cluster %q has no collection %q in database %q", clusterID, name, db)
	}
	if err := c.refuseDropWithAliases(db, name); err != nil {
		return fmt.Errorf("zillizmock: %s", err.msg)
	}
	delete(c.collectionsIn(db), name)
	return nil
}

// Collections returns the sorted collection names of a cluster's database
// (nil if the cluster or database is unknown).
func (s *Server) Collections(clusterID, db string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.advance(s.now())
	c, ok := s.clusters[clusterID]
	if !ok || c.database(db) == nil {
		return nil
	}
	return sortedNames(c.collectionsIn(db))
}

func sortedNames(m map[string]*collection) []string {
	names := make([]string, 0, len(m))
	for n := range m {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func removeString(list []string, v string) []string {
	out := list[:0]
	for _, x := range list {
		if x != v {
			out = append(out, x)
		}
	}
	return out
}

// newClusterID returns an unused id: kind prefix + 15 lowercase hex digits.
// Call with s.mu held.
func (s *Server) newClusterID(k clusterKind) string {
	for {
		id := fmt.Sprintf("%s%015x", k.idPrefix(), s.rng.uint64()>>4)
		if !s.issuedIDs[id] {
			s.issuedIDs[id] = true
			return id
		}
	}
}

// Password alphabet: the recorded passwords mix letters, digits and symbols
// such as ( ) ; , + ! > -. Quotes, backslash, '$' and '%' are left out so the
// password survives shells and Terraform strings unescaped.
const (
	pwLower  = "abcdefghijklmnopqrstuvwxyz"
	pwUpper  = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	pwDigit  = "0123456789"
	pwSymbol = "()+,-;!>.<*"
)

// newPassword returns 16 characters with at least one of each class.
func (s *Server) newPassword() string {
	all := pwLower + pwUpper + pwDigit + pwSymbol
	for {
		b := make([]byte, 16)
		for i := range b {
			b[i] = all[s.rng.intN(len(all))]
		}
		p := string(b)
		if strings.ContainsAny(p, pwLower) && strings.ContainsAny(p, pwUpper) &&
			strings.ContainsAny(p, pwDigit) && strings.ContainsAny(p, pwSymbol) {
			return p
		}
	}
}
