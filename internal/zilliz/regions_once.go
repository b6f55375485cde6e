package zilliz

import (
	"context"
	"slices"
	"sync"
)

// regionsOnce keeps the first answer of AllRegions for a Client's life.
type regionsOnce struct {
	mu   sync.Mutex
	done bool
	list []Region
	err  error
}

// AllRegions returns every region of every cloud (GET /v2/regions), asking
// the API once per Client: later calls, concurrent ones included, get the
// first answer, a failure included. One Client serves one provider run, in
// which regions do not change, and a plan that checks the region of many
// clusters must neither ask many times nor wait many times for a failing call.
// The first caller's ctx bounds the one request.
func (c *Client) AllRegions(ctx context.Context) ([]Region, error) {
	c.regions.mu.Lock()
	defer c.regions.mu.Unlock()
	if !c.regions.done {
		c.regions.list, c.regions.err = c.ListRegions(ctx, "")
		c.regions.done = true
	}
	return slices.Clone(c.regions.list), c.regions.err
}
