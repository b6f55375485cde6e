package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timeouts/resource/timeouts"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
)

// operationTimeouts are a resource's default timeouts and what each covers,
// written into the timeouts block's descriptions so that every resource page
// shows its defaults.
type operationTimeouts struct {
	create, update, delete            time.Duration
	createWaits, updateWaits, deletes string // what each operation waits for, in words
}

// The default timeouts of each resource with a timeouts block, and what each
// operation waits for.
var (
	clusterTimeouts = operationTimeouts{
		create: defaultClusterCreateTimeout, createWaits: "waiting until the cluster is `RUNNING` (or `SUSPENDED`) included",
		update: defaultClusterUpdateTimeout, updateWaits: "waiting until a scaled, resumed or suspended cluster settles included",
		delete: defaultClusterDeleteTimeout, deletes: "waiting until Zilliz Cloud reports the cluster gone included",
	}
	backupTimeouts = operationTimeouts{
		create: defaultBackupCreateTimeout, createWaits: "waiting for a backup already in progress and until this one is `AVAILABLE` included",
		delete: defaultBackupDeleteTimeout, deletes: "waiting for a backup still being made before it can be deleted included",
	}
	collectionTimeouts = operationTimeouts{
		create: defaultCollectionCreateTimeout, createWaits: "waiting for a cluster endpoint that does not serve yet, index builds and loading included",
		update: defaultCollectionUpdateTimeout, updateWaits: "index builds and loading included",
		delete: defaultCollectionDeleteTimeout, deletes: "the drop call and its retries included",
	}
)

// timeoutsBlock is the timeouts block of a resource, with its defaults documented.
func timeoutsBlock(ctx context.Context, t operationTimeouts) schema.Block {
	describe := func(op string, d time.Duration, covers string) string {
		return fmt.Sprintf("How long %s may take, %s, as a duration such as `30s`, `10m` or `1h`. Default `%s`. "+
			"When it runs out the apply fails and says what Terraform kept in state.", op, covers, durationText(d))
	}
	opts := timeouts.Opts{
		Create: true, CreateDescription: describe("creating", t.create, t.createWaits),
		Delete: true, DeleteDescription: describe("destroying", t.delete, t.deletes),
	}
	if t.update > 0 { // a resource whose every change replaces it has no update timeout
		opts.Update, opts.UpdateDescription = true, describe("an in-place update", t.update, t.updateWaits)
	}
	return timeouts.Block(ctx, opts)
}

// durationText writes a default such as 45m or 1h30m without zero units.
func durationText(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
