package zillizmock

import (
	"fmt"
	"time"
)

// BackdateCluster moves a cluster's createTime back by age, as if it had been
// created that long ago (a test of a clean-up job that only drops old
// clusters needs old ones). Its status is left as it is.
func (s *Server) BackdateCluster(id string, age time.Duration) error {
	if age < 0 {
		return fmt.Errorf("zillizmock: negative age %v", age)
	}
	return s.outOfBand(id, func(c *clusterRecord, _ time.Time) (*dataPlane, error) {
		c.createdAt = c.createdAt.Add(-age)
		return nil, nil
	})
}
