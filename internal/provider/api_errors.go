package provider

import (
	"context"
	"errors"
	"fmt"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
)

// apiErrorDetail turns a client error into a diagnostic detail that names the
// API's code, message and request id.
func apiErrorDetail(err error) string {
	var apiErr *zilliz.APIError
	if errors.As(err, &apiErr) {
		detail := fmt.Sprintf("Zilliz Cloud answered %s %s with code %d (HTTP %d): %s",
			apiErr.Method, apiErr.Path, apiErr.Code, apiErr.HTTPStatus, apiErr.Message)
		if apiErr.RequestID != "" {
			detail += "\nRequest id: " + apiErr.RequestID
		}
		return detail
	}
	return err.Error()
}

// waitErrorDetail explains a failed wait and what Terraform does about it.
func waitErrorDetail(err error, op string) string {
	detail := apiErrorDetail(err)
	if errors.Is(err, context.DeadlineExceeded) {
		detail += fmt.Sprintf("\n\nThe %s timeout ran out. The cluster is kept in state (tainted on create) so that "+
			"it is neither lost nor duplicated; raise timeouts { %s = \"...\" } if the cluster needs longer.", op, op)
	}
	return detail
}
