package zillizmock

// The history of each alias's target, for tests that must show an alias was
// never missing while it moved to another collection. A reader polling the
// alias can only sample it; the mock applies every change under its lock, so
// the list of targets it recorded is every state a reader could have seen.
// (An alter moves an alias in one step, as Milvus rootcoord meta_table.go
// AlterAlias does; see aliases.go.)

// aliasKey names one alias of one database of one cluster.
type aliasKey struct{ cluster, db, alias string }

// aliasChanged records the target alias has now ("" once dropped). It runs
// under s.mu, after each change; a target equal to the last one recorded
// (an identical create) is not a change.
func (s *Server) aliasChanged(clusterID, db, alias, target string) {
	if s.aliasTargets == nil {
		s.aliasTargets = map[aliasKey][]string{}
	}
	k := aliasKey{clusterID, db, alias}
	if h := s.aliasTargets[k]; len(h) > 0 && h[len(h)-1] == target {
		return
	}
	s.aliasTargets[k] = append(s.aliasTargets[k], target)
}

// AliasTargets returns every target alias has had in database db of the
// cluster, oldest first: the collection it named after each change, "" for
// each time it was dropped. An alias moved with one alter shows the two
// collections one after the other, with no "" between them.
func (s *Server) AliasTargets(clusterID, db, alias string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.aliasTargets[aliasKey{clusterID, firstNonEmpty(db, defaultDatabase), alias}]...)
}
