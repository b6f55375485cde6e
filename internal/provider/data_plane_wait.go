package provider

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
)

// A cluster made in the same apply may not serve its endpoint yet (503 or no
// connection until it is RUNNING), and a fresh cluster may refuse even the
// right credentials for a while (HTTP 401: users of the official provider
// report it right after a create; how long is not documented). Creates on a
// cluster endpoint first run a read that is safe to repeat (the check that
// the name is free) until the endpoint answers it, within the create
// timeout, and only then send the create once: no call that changes anything
// is retried blindly.
//
// A refusal of the credentials is waited out only on a cluster this
// provider process created (the same apply), and only while the cluster
// refuses the provider's API key too: a cluster that takes the key but not
// the resource's token was given a wrong token, and that is reported at once.

// newClusters holds the endpoints (normalized) of the clusters this process
// created and saw RUNNING.
var newClusters sync.Map

// rememberNewCluster records a cluster created by this apply.
func rememberNewCluster(endpoint string) {
	if endpoint != "" {
		newClusters.Store(zilliz.NormalizeEndpoint(endpoint), true)
	}
}

// createdByThisApply tells whether this process created the cluster behind endpoint.
func createdByThisApply(endpoint string) bool {
	_, ok := newClusters.Load(zilliz.NormalizeEndpoint(endpoint))
	return ok
}

// credentialsMayLag tells whether a refusal of dp's credentials may be the
// new cluster's and not theirs: the cluster was created by this apply, and
// it refuses the provider's API key as well (or dp uses that key).
func credentialsMayLag(ctx context.Context, dp *zilliz.DataPlane, probe func(context.Context, *zilliz.DataPlane) error) bool {
	if !createdByThisApply(dp.Endpoint()) {
		return false
	}
	keyDP, other := dp.WithAPIKey()
	if !other {
		return true
	}
	return zilliz.IsCredentialRefused(probe(ctx, keyDP))
}

// awaitDataPlane runs probe on dp until it succeeds. It waits while the
// endpoint does not serve, and while it refuses the credentials if that may
// be the new cluster's doing (credentialsMayLag); anything else is
// returned at once.
func awaitDataPlane(ctx context.Context, dp *zilliz.DataPlane, probe func(context.Context, *zilliz.DataPlane) error) error {
	var last error
	refusals := 0
	endpoint := dp.Endpoint()
	err := zilliz.Wait(ctx, zilliz.WaitOptions{Immediate: true, MaxInterval: 5 * time.Second}, func(ctx context.Context) (bool, int, error) {
		ctx = zilliz.WithProbe(ctx)
		last = probe(ctx, dp)
		switch {
		case last == nil:
			return true, -1, nil
		case zilliz.IsUnavailable(last):
			tflog.Debug(ctx, "the cluster endpoint does not serve yet; waiting", map[string]any{"endpoint": endpoint, "error": last.Error()})
			return false, -1, nil
		case zilliz.IsCredentialRefused(last):
			if !credentialsMayLag(ctx, dp, probe) {
				return true, -1, nil
			}
			refusals++
			tflog.Info(ctx, "the new cluster does not accept credentials yet; waiting", map[string]any{"endpoint": endpoint, "refusals": refusals})
			return false, -1, nil
		}
		return true, -1, nil
	})
	switch {
	case last == nil:
		return nil
	case err != nil && errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("the cluster endpoint did not accept requests before the create timeout ran out (%d refusals of the credentials): %w", refusals, last)
	case zilliz.IsCredentialRefused(last):
		return &credentialsRefusedError{err: last}
	}
	return last
}

// createTimeoutBlock is the timeouts block of the resources on a cluster
// endpoint that wait only when they are created (roles, users, partitions),
// with its default documented as timeoutsBlock does.
func createTimeoutBlock(ctx context.Context) schema.Block {
	return timeouts.Block(ctx, timeouts.Opts{
		Create: true,
		CreateDescription: fmt.Sprintf("How long creating may take, waiting for a cluster endpoint that does not serve or accept credentials yet included, "+
			"as a duration such as `30s`, `10m` or `1h`. Default `%s`. When it runs out the apply fails; nothing was created.", durationText(defaultAccessCreateTimeout)),
	})
}

// credentialsRefusedError is a 401 from a cluster this apply did not create.
type credentialsRefusedError struct{ err error }

func (e *credentialsRefusedError) Error() string {
	return "the cluster refused the credentials (HTTP 401). Check the resource's token, or the provider's api_key when no token is set: " +
		"it must be an API key of the cluster's project or username:password of a cluster user with the privileges needed.\n\n" + apiErrorDetail(e.err)
}

func (e *credentialsRefusedError) Unwrap() error { return e.err }
