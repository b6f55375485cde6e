package zilliz

import (
	"net/http"
	"testing"
)

// An HTTP 408 from Milvus's timeout middleware is retried for calls that are
// safe to repeat, and left to the caller's check for the rest (creates).
func TestClassifyRequestTimeout(t *testing.T) {
	t.Parallel()
	resp := &http.Response{StatusCode: http.StatusRequestTimeout, Header: http.Header{}}
	for _, tc := range []struct {
		idempotent, want bool
	}{{true, true}, {false, false}} {
		if got, reason := classify(tc.idempotent, resp, nil); got != tc.want {
			t.Errorf("classify(idempotent=%v, 408) = %v (%s), want %v", tc.idempotent, got, reason, tc.want)
		}
	}
}
