package zilliz

import (
	"context"
	"net"
	"net/url"
	"regexp"
	"strings"
	"sync"
)

// Which cluster owns a cluster endpoint.
//
// On the real service a cluster's connect address carries the cluster id as
// the first label of its host: https://in01-<hex>.<region>.vectordb.zillizcloud.com:443
// for Dedicated clusters, https://in05-<hex>.serverless.<region>.cloud.zilliz.com
// for Serverless ones (zilliz-api.md §0 "Collection endpoint", C). Such an
// endpoint costs no request. Any other endpoint (a private link address, a
// proxy, the mock's loopback listeners) is found among the clusters this
// client has seen: every describe and list answer records its connect
// address. A lookup that finds nothing lists the clusters, at most once per
// Client, with one list in flight shared by every caller; the list is read
// again only when this client created a cluster after it was read (the new
// cluster's endpoint may be missing from it).

// clusterIDPattern is a cluster id, e.g. in01-6183d6bac30f801.
var clusterIDPattern = regexp.MustCompile(`^in[0-9]{2}-[0-9a-z]+$`)

// ClusterIDFromEndpoint reads the cluster id from an endpoint whose host
// starts with it, as Zilliz Cloud's connect addresses do.
func ClusterIDFromEndpoint(endpoint string) (string, bool) {
	u, err := url.Parse(strings.TrimSpace(endpoint))
	if err != nil {
		return "", false
	}
	first, _, _ := strings.Cut(strings.ToLower(u.Hostname()), ".")
	if clusterIDPattern.MatchString(first) {
		return first, true
	}
	return "", false
}

// NormalizeEndpoint spells an endpoint one way: lower-case scheme and host,
// no default port (443 for https, 80 for http), no trailing slash.
func NormalizeEndpoint(endpoint string) string {
	u, err := url.Parse(strings.TrimSpace(endpoint))
	if err != nil {
		return strings.TrimRight(strings.ToLower(endpoint), "/")
	}
	scheme, host, port := strings.ToLower(u.Scheme), strings.ToLower(u.Hostname()), u.Port()
	if (scheme == "https" && port == "443") || (scheme == "http" && port == "80") {
		port = ""
	}
	if port != "" {
		host = net.JoinHostPort(host, port)
	} else if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	return scheme + "://" + host + strings.TrimRight(u.EscapedPath(), "/")
}

// endpointOwners is the client's map from connect addresses to clusters.
type endpointOwners struct {
	mu         sync.Mutex
	byEndpoint map[string]string
	listed     bool // a full list has been read since the last create
	createGen  int  // counts this client's cluster creates
	flight     *ownerList
	lists      int // lists read, for tests
}

// ownerList is one cluster list in flight; done closes when err is set.
type ownerList struct {
	done chan struct{}
	err  error
}

func newEndpointOwners() *endpointOwners {
	return &endpointOwners{byEndpoint: map[string]string{}}
}

// note records that the cluster id serves address (when both are known).
func (o *endpointOwners) note(address, id string) {
	if strings.TrimSpace(address) == "" || id == "" {
		return
	}
	o.mu.Lock()
	o.byEndpoint[NormalizeEndpoint(address)] = id
	o.mu.Unlock()
}

// created marks the list as possibly missing a new cluster.
func (o *endpointOwners) created() {
	o.mu.Lock()
	o.listed = false
	o.createGen++
	o.mu.Unlock()
}

// ClusterForEndpoint returns the id of the cluster whose connect address is
// endpoint, or "" when no cluster this client's key can list has it. It sends
// no request for an endpoint that names its cluster, or one seen before; else
// it lists the clusters (see above). An error is the list's.
func (c *Client) ClusterForEndpoint(ctx context.Context, endpoint string) (string, error) {
	if id, ok := ClusterIDFromEndpoint(endpoint); ok {
		return id, nil
	}
	o, key := c.owners, NormalizeEndpoint(endpoint)
	for {
		o.mu.Lock()
		if id, ok := o.byEndpoint[key]; ok {
			o.mu.Unlock()
			return id, nil
		}
		if o.listed {
			o.mu.Unlock()
			return "", nil
		}
		if f := o.flight; f != nil {
			o.mu.Unlock()
			select {
			case <-f.done:
			case <-ctx.Done():
				return "", ctx.Err()
			}
			if f.err != nil {
				return "", f.err
			}
			continue
		}
		f := &ownerList{done: make(chan struct{})}
		o.flight = f
		o.lists++
		gen := o.createGen
		o.mu.Unlock()

		_, f.err = c.ListAllClusters(ctx) // records every connect address
		o.mu.Lock()
		o.flight = nil
		if f.err == nil && gen == o.createGen {
			o.listed = true
		}
		o.mu.Unlock()
		close(f.done)
		if f.err != nil {
			return "", f.err
		}
	}
}
