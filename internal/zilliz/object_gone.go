package zilliz

import "errors"

// objectGone wraps an answer that means "no such object" only on the route
// that gave it: a code whose meaning the client cannot tell from the code
// alone (the API-key routes' 404, inferred) or a lookup in a list that
// certainly holds every such object. IsNotFound is true for it.
type objectGone struct {
	err  error
	what string
}

func (e *objectGone) Error() string {
	if e.err == nil {
		return e.what + " not found"
	}
	return e.err.Error()
}

func (e *objectGone) Unwrap() error { return e.err }

// gone marks err (or, with a nil err, a lookup that found nothing) as a
// certain "not found".
func gone(err error, what string) error {
	return &objectGone{err: err, what: what}
}

// isCode reports whether err is an API answer with HTTP 200 and that code:
// business answers come with HTTP 200 (recorded-api); an HTTP 404 is far more
// likely a route or base URL that does not exist.
func isCode(err error, code int) bool {
	var e *APIError
	return errors.As(err, &e) && e.HTTPStatus == 200 && e.Code == code
}
