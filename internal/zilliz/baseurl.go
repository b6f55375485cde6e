package zilliz

import (
	"fmt"
	"net"
	"net/url"
	"strings"
)

// ValidateBaseURL checks a control-plane base URL: it must parse, use https (or
// plain http only for a loopback host, for local mocks), have a host, and carry no
// user info, query or fragment. Plain http to any other host is refused because
// the API key would cross the network in clear text.
func ValidateBaseURL(raw string) error {
	return validateEndpoint("base URL", raw)
}

// validateEndpoint applies the ValidateBaseURL rules; kind names the value in messages.
func validateEndpoint(kind, raw string) error {
	if strings.TrimSpace(raw) == "" {
		return fmt.Errorf("%s is empty", kind)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("invalid %s %q: %v", kind, raw, err)
	}
	if u.User != nil {
		return fmt.Errorf("invalid %s: it must not contain user info (credentials belong in api_key or token)", kind)
	}
	scheme := strings.ToLower(u.Scheme)
	if scheme != "https" && scheme != "http" {
		if scheme == "" {
			return fmt.Errorf("invalid %s %q: it must start with https://", kind, raw)
		}
		return fmt.Errorf("invalid %s %q: unsupported scheme %q; use https://", kind, raw, u.Scheme)
	}
	host := u.Hostname()
	if host == "" || u.Opaque != "" {
		return fmt.Errorf("invalid %s %q: it has no host", kind, raw)
	}
	if u.RawQuery != "" || u.Fragment != "" || u.ForceQuery {
		return fmt.Errorf("invalid %s %q: it must not contain a query or fragment", kind, raw)
	}
	if scheme == "http" && !isLoopback(host) {
		return fmt.Errorf("invalid %s %q: plain http:// is allowed only for loopback hosts (127.0.0.1, localhost, ::1); use https:// for %s", kind, raw, host)
	}
	return nil
}

// isLoopback reports whether host is localhost, in 127.0.0.0/8, or ::1.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
