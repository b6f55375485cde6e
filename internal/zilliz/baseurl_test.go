package zilliz

import (
	"strings"
	"testing"
)

func TestValidateBaseURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		url     string
		wantErr string // "" = valid
	}{
		{"https://api.cloud.zilliz.com", ""},
		{"https://api.cloud.zilliz.com/", ""},
		{"HTTPS://api.cloud.zilliz.com.cn", ""},
		{"https://in01-x.gcp-us-west1.vectordb.zillizcloud.com:443", ""},
		{"http://127.0.0.1:8080", ""},
		{"http://127.1.2.3", ""},
		{"http://localhost:9999/", ""},
		{"http://LOCALHOST", ""},
		{"http://[::1]:8080", ""},
		{"http://example.com", "plain http:// is allowed only for loopback hosts (127.0.0.1, localhost, ::1); use https:// for example.com"},
		{"http://10.0.0.1", "use https:// for 10.0.0.1"},
		{"http://localhost.example.com", "use https:// for localhost.example.com"},
		{"ftp://api.cloud.zilliz.com", `unsupported scheme "ftp"`},
		{"api.cloud.zilliz.com", "must start with https://"},
		{"https://", "has no host"},
		{"https:///v2", "has no host"},
		{"https://user:pw@api.cloud.zilliz.com", "must not contain user info"},
		{"https://api.cloud.zilliz.com/?x=1", "must not contain a query"},
		{"", "empty"},
		{"https://api.cloud.zilliz.com:port", "invalid base URL"},
	}
	for _, tc := range tests {
		t.Run(tc.url, func(t *testing.T) {
			t.Parallel()
			err := ValidateBaseURL(tc.url)
			if tc.wantErr == "" {
				if err != nil {
					t.Errorf("ValidateBaseURL(%q) = %v, want nil", tc.url, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("ValidateBaseURL(%q) = %v, want an error containing %q", tc.url, err, tc.wantErr)
			}
			if err != nil && strings.Contains(err.Error(), "pw@") {
				t.Errorf("error repeats credentials: %v", err)
			}
		})
	}
}
