package zilliz

import (
	"errors"
	"net/http"
	"testing"
)

// Every APIError names where the call went (control plane or a cluster
// endpoint) and where the key or token sent with it came from, so that a
// refused credential can be traced to the setting that holds it.
func TestAPIErrorNamesEndpointAndCredential(t *testing.T) {
	t.Parallel()
	srv := newRecorder(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		reply(w, http.StatusUnauthorized, map[string]any{"code": 21119, "message": "The apikey is illegal"})
	})
	cfg := fastConfig(srv.srv.URL)
	cfg.APIKeySource = "the ZILLIZ_API_KEY environment variable"
	c := newTestClient(t, cfg)

	withKey, err := c.DataPlane(srv.srv.URL, "")
	if err != nil {
		t.Fatal(err)
	}
	withToken, err := c.DataPlane(srv.srv.URL, "db_admin:secret")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name         string
		call         func() error
		controlPlane bool
		credential   string
	}{
		{"control plane", func() error { _, err := c.ListProjects(t.Context()); return err }, true, cfg.APIKeySource},
		{"data plane with the API key", func() error { _, err := withKey.ListCollections(t.Context(), ""); return err }, false, cfg.APIKeySource},
		{"data plane with the API key keeps its source", func() error {
			_, err := withKey.WithTokenSource("ignored").ListCollections(t.Context(), "")
			return err
		}, false, cfg.APIKeySource},
		{"data plane with a token", func() error { _, err := withToken.ListCollections(t.Context(), ""); return err }, false, "the token given for this endpoint"},
		{"data plane with a described token", func() error {
			_, err := withToken.WithTokenSource("the collection's token_wo").ListCollections(t.Context(), "")
			return err
		}, false, "the collection's token_wo"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var apiErr *APIError
			if err := tc.call(); !errors.As(err, &apiErr) {
				t.Fatalf("err = %v, want an *APIError", err)
			}
			if apiErr.ControlPlane != tc.controlPlane || apiErr.Endpoint != srv.srv.URL || apiErr.Credential != tc.credential {
				t.Errorf("ControlPlane %v, Endpoint %q, Credential %q; want %v, %q, %q",
					apiErr.ControlPlane, apiErr.Endpoint, apiErr.Credential, tc.controlPlane, srv.srv.URL, tc.credential)
			}
		})
	}
}

func TestIsRegionRefused(t *testing.T) {
	t.Parallel()
	for code, want := range map[int]bool{96001: true, 96019: true, 96020: true, 80025: true, 96018: false, 0: false} {
		if got := IsRegionRefused(&APIError{HTTPStatus: 200, Code: code}); got != want {
			t.Errorf("IsRegionRefused(code %d) = %v, want %v", code, got, want)
		}
	}
}
