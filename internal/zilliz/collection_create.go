package zilliz

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Creating a collection answers two questions in one call: does a
// collection of that name exist already (then it is not ours), and did an
// attempt whose answer never came create it (then it is). The server's
// rule makes the second one simple: Milvus rootcoord
// (create_collection_task.go) answers a create whose name exists with
// success when the schema is identical and with "create duplicate
// collection with different parameters" otherwise, for v1 and v2 alike. So
// CreateCollection and CreateCollectionV2 first check the name, then send
// the create, and after an answer that may be lost send the identical
// create again.

// CollectionExistsError says the collection existed before this create.
type CollectionExistsError struct {
	Database, Name string
}

func (e *CollectionExistsError) Error() string {
	return fmt.Sprintf("a collection named %q already exists in database %q", e.Name, e.Database)
}

// PartialCreateError says the create made the collection but a later step of
// the same request failed (the server creates the collection, then its
// indexes, then loads it: an index the server refuses fails the request
// after the collection exists).
type PartialCreateError struct {
	Err error
}

func (e *PartialCreateError) Error() string {
	return "the collection was created, but the request failed afterwards: " + e.Err.Error()
}

func (e *PartialCreateError) Unwrap() error { return e.Err }

// IsCollectionExists reports whether a create found the name taken before it ran.
func IsCollectionExists(err error) bool {
	var e *CollectionExistsError
	return errors.As(err, &e)
}

// CollectionCreated reports whether a failed create still made the collection.
func CollectionCreated(err error) bool {
	var e *PartialCreateError
	return errors.As(err, &e)
}

// createMayHaveHappened tells whether a create that failed with err may
// still have been carried out: its answer was lost (see answerMayBeLost),
// or it was HTTP 408. Milvus's REST timeoutMiddleware
// (httpserver/timeout_middleware.go) answers 408 with code 10001 when the
// request timeout passes, while the handler goes on in its goroutine and may
// finish the create.
func createMayHaveHappened(ctx context.Context, err error) bool {
	var ae *APIError
	if errors.As(err, &ae) && ae.HTTPStatus == http.StatusRequestTimeout {
		return ctx.Err() == nil
	}
	return answerMayBeLost(ctx, err)
}

// isDuplicateCreate tells whether err refuses a create because the name is
// taken (Milvus "create duplicate collection with different parameters", or
// a Zilliz gateway's already-exists code).
func isDuplicateCreate(err error) bool {
	var ae *APIError
	return IsAlreadyExists(err) || (errors.As(err, &ae) && strings.Contains(ae.Message, "duplicate collection"))
}

// createRoundPause is how much longer each round of a create waits than the
// one before (0.5 s, 1 s, 1.5 s, 2 s): time for a request the server is still
// working on (408) to end.
const createRoundPause = 500 * time.Millisecond

// nameCheckedKey marks a context whose caller has just checked that the
// collection's name is free (WithNameCheckedFree).
type nameCheckedKey struct{}

// WithNameCheckedFree returns a context under which a collection create
// skips its own name check: the caller has just made it (the provider checks
// the name while it waits for a new cluster's endpoint to accept its
// credentials), and a second has call would be a request for nothing.
func WithNameCheckedFree(ctx context.Context) context.Context {
	return context.WithValue(ctx, nameCheckedKey{}, true)
}

// createCollection runs the protocol described above with send as the create.
func (d *DataPlane) createCollection(ctx context.Context, database, name string, send func(context.Context) error) error {
	if checked, _ := ctx.Value(nameCheckedKey{}).(bool); !checked {
		// A cluster made in the same apply may not serve its endpoint yet: wait
		// for an answer to the name check, within ctx.
		var has bool
		var hasErr error
		err := Wait(ctx, WaitOptions{Immediate: true, MaxInterval: 5 * time.Second, clock: d.c.clock()}, func(ctx context.Context) (bool, int, error) {
			has, hasErr = d.HasCollection(ctx, database, name)
			return !IsUnavailable(hasErr), -1, nil
		})
		switch {
		case hasErr != nil:
			return hasErr
		case err != nil:
			return err
		case has:
			return &CollectionExistsError{Database: dbOrDefault(database), Name: name}
		}
	}

	var lost error // an attempt that may have created it
	for round := 0; round < createRounds; round++ {
		if round > 0 {
			// Give a request the server is still working on (408) time to end.
			select {
			case <-ctx.Done():
			case <-d.c.clock().After(time.Duration(round) * createRoundPause):
			}
			if ctx.Err() != nil {
				return lost
			}
		}
		err := send(ctx)
		switch {
		case err == nil:
			return nil
		case createMayHaveHappened(ctx, err) || IsUnavailable(err):
			lost = err
			continue // the identical create again: success if the lost one made it
		case isDuplicateCreate(err) && lost != nil:
			// The name was free before the first attempt, so the collection
			// that is there now is that attempt's.
			return nil //nolint:nilerr // the refusal proves the earlier attempt succeeded
		case isDuplicateCreate(err):
			return err // made by someone else since the name check
		}
		if exists, herr := d.HasCollection(ctx, database, name); herr == nil && exists {
			return &PartialCreateError{Err: err}
		}
		return err
	}
	// Every answer was lost or a timeout, each create possibly carried out:
	// the name was free before the first, so a collection there now is ours.
	if exists, herr := d.HasCollection(ctx, database, name); herr == nil && exists {
		return nil
	}
	return lost
}
