package zilliz

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
)

// API key organisation roles (Create API Key (V2): "Owner, Member, or
// Billing-Admin") and project roles ("Admin, Read-Write, or Read-Only").
const (
	OrgRoleOwner        = "Owner"
	OrgRoleMember       = "Member"
	OrgRoleBillingAdmin = "Billing-Admin"

	ProjectRoleAdmin     = "Admin"
	ProjectRoleReadWrite = "Read-Write"
	ProjectRoleReadOnly  = "Read-Only"
)

// MaxAPIKeysPerOrganization is the documented limit of customized API keys
// (docs.zilliz.com/docs/manage-api-keys: "Each organization can contain up to
// 100 customized API keys").
const MaxAPIKeysPerOrganization = 100

// MaxProjectsPerOrganization is the documented limit of projects
// (docs.zilliz.com/docs/manage-projects: "a maximum of 100 projects in each
// organization").
const MaxProjectsPerOrganization = 100

// APIKeyProjectAccess is one entry of a key's "projects" in a create or
// update body (Create API Key (V2)): the project, the role in it, and either
// every cluster (AllCluster) or the listed ones. The official provider found
// that the API ignores clusterIds while allCluster is true (its commit
// 76e6a01), so AllCluster is always sent.
type APIKeyProjectAccess struct {
	ProjectID  string   `json:"projectId"`
	Role       string   `json:"role"`
	AllCluster bool     `json:"allCluster"`
	ClusterIDs []string `json:"clusterIds,omitempty"`
}

// APIKeyRequest is the body of POST /v2/api-keys and PUT
// /v2/api-keys/{id}. An update replaces the whole role set ("Role assignments
// use full replacement semantics", Update API Key (V2)); name and orgRole are
// required in both.
type APIKeyRequest struct {
	Name        string                `json:"name"`
	Description string                `json:"description,omitempty"`
	OrgRole     string                `json:"orgRole"`
	Projects    []APIKeyProjectAccess `json:"projects,omitempty"`
}

// CreatedAPIKey is the create answer: the new key's id and its secret, which
// the API returns only here ("The secret is returned only once").
type CreatedAPIKey struct {
	APIKeyID string
	Secret   string
}

// UnmarshalJSON reads {apiKeyId, apiKey} (the official client's field names);
// the docs call the secret "its one-time secret" without a sample, so
// "secret" is read as well (inferred).
func (k *CreatedAPIKey) UnmarshalJSON(b []byte) error {
	var raw struct {
		APIKeyID string `json:"apiKeyId"`
		APIKey   string `json:"apiKey"`
		Secret   string `json:"secret"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	k.APIKeyID, k.Secret = raw.APIKeyID, raw.APIKey
	if k.Secret == "" {
		k.Secret = raw.Secret
	}
	return nil
}

// APIKeyCluster is a cluster a key may reach.
type APIKeyCluster struct {
	ClusterID   string `json:"clusterId"`
	ClusterName string `json:"clusterName"`
}

// APIKeyProject is a key's access to one project as the API describes it.
type APIKeyProject struct {
	ProjectID   string          `json:"projectId"`
	ProjectName string          `json:"projectName"`
	Role        string          `json:"role"`
	AllCluster  bool            `json:"allCluster"`
	Clusters    []APIKeyCluster `json:"clusters"`
}

// APIKey is a customized API key as described or listed (Delete/Describe
// API Key (V2) response fields). It never holds the secret.
type APIKey struct {
	APIKeyID    string          `json:"apiKeyId"`
	Name        string          `json:"name"`
	Description string          `json:"description"`
	CreatorName string          `json:"creatorName"`
	CreatedBy   string          `json:"createdBy"`
	OrgRole     string          `json:"orgRole"`
	Projects    []APIKeyProject `json:"projects"`
	CreateTime  string          `json:"createTime"`
}

// apiKeyPage is one page of the key list ({apiKeys, count, currentPage,
// pageSize}: the official client).
type apiKeyPage struct {
	APIKeys     []APIKey `json:"apiKeys"`
	Count       int      `json:"count"`
	CurrentPage int      `json:"currentPage"`
	PageSize    int      `json:"pageSize"`
}

// API key routes. The reference pages (Create/Update/Delete API Key (V2))
// use /v2/api-keys; the official client sends /v2/apiKeys. The client uses
// the documented one and, when the server answers HTTP 404 (no such route),
// switches to the other spelling for good.
const (
	apiKeysRouteDocumented = "/v2/api-keys"
	apiKeysRouteCamel      = "/v2/apiKeys"
)

// apiKeysRoute is the spelling that works; shared by every call of a Client.
type apiKeysRoute struct{ camel atomic.Bool }

func (a *apiKeysRoute) base() string {
	if a.camel.Load() {
		return apiKeysRouteCamel
	}
	return apiKeysRouteDocumented
}

// apiKeyCall sends one call on an API-key route (suffix after the base,
// already escaped) and retries it once on the other spelling when the route
// itself is missing (HTTP 404 without a business code: a route that exists
// answers a missing key with HTTP 200 and a code).
func (c *Client) apiKeyCall(ctx context.Context, method, suffix string, query url.Values, body any, idempotent bool, out any) error {
	route := &c.apiKeys
	base := route.base()
	r := c.control(method, base+suffix, idempotent)
	r.query, r.body = query, body
	err := c.do(ctx, r, out)
	var ae *APIError
	if err == nil || !errors.As(err, &ae) || ae.HTTPStatus != http.StatusNotFound {
		return err
	}
	other := apiKeysRouteCamel
	if base == apiKeysRouteCamel {
		other = apiKeysRouteDocumented
	}
	r = c.control(method, other+suffix, idempotent)
	r.query, r.body = query, body
	if err2 := c.do(ctx, r, out); !isRouteMissing(err2) {
		route.camel.Store(other == apiKeysRouteCamel)
		return err2
	}
	return err
}

func isRouteMissing(err error) bool {
	var ae *APIError
	return errors.As(err, &ae) && ae.HTTPStatus == http.StatusNotFound
}

// codeAPIKeyNotFound is what a key id that does not exist gets (inferred: the
// official provider, whose commit 3eba148 aligned its key resource with the
// production API, treats body code 404 as "key gone" in Read and Delete).
const codeAPIKeyNotFound = 404

// CreateAPIKey creates a customized key and returns its id and secret. It is
// not retried once it may have reached the server: a second key would be
// made, and a lost answer's secret cannot be fetched again.
func (c *Client) CreateAPIKey(ctx context.Context, req APIKeyRequest) (*CreatedAPIKey, error) {
	if strings.TrimSpace(req.Name) == "" {
		return nil, errors.New("API key name is empty")
	}
	var out CreatedAPIKey
	if err := c.apiKeyCall(ctx, http.MethodPost, "", nil, req, false, &out); err != nil {
		return nil, err
	}
	if out.APIKeyID == "" {
		return nil, &decodeError{Method: http.MethodPost, Path: apiKeysRouteDocumented, Err: errors.New("success answer without an apiKeyId")}
	}
	return &out, nil
}

// DescribeAPIKey returns one key (GET /v2/api-keys/{id}). A key that does not
// exist is an error for which IsNotFound is true.
func (c *Client) DescribeAPIKey(ctx context.Context, id string) (*APIKey, error) {
	if err := requireID("API key id", id); err != nil {
		return nil, err
	}
	var out APIKey
	if err := c.apiKeyCall(ctx, http.MethodGet, "/"+escape(id), nil, nil, true, &out); err != nil {
		if isCode(err, codeAPIKeyNotFound) {
			return nil, gone(err, "API key "+id)
		}
		return nil, err
	}
	return &out, nil
}

// ListAPIKeys returns every customized key of the organisation, all pages.
func (c *Client) ListAPIKeys(ctx context.Context) ([]APIKey, error) {
	const pageSize = 100
	all := []APIKey{}
	seen := map[string]bool{}
	for page := 1; page <= maxClusterPages; page++ {
		q := url.Values{"pageSize": {strconv.Itoa(pageSize)}, "currentPage": {strconv.Itoa(page)}}
		var p apiKeyPage
		if err := c.apiKeyCall(ctx, http.MethodGet, "", q, nil, true, &p); err != nil {
			return nil, err
		}
		for _, k := range p.APIKeys {
			if !seen[k.APIKeyID] {
				seen[k.APIKeyID] = true
				all = append(all, k)
			}
		}
		if len(p.APIKeys) == 0 || (p.Count > 0 && len(all) >= p.Count) || (p.Count <= 0 && len(p.APIKeys) < pageSize) {
			return all, nil
		}
	}
	return all, nil
}

// UpdateAPIKey replaces a key's name, description, organisation role and
// project access (PUT /v2/api-keys/{id}); the secret stays. The same body
// twice gives the same key, so it is retried freely.
func (c *Client) UpdateAPIKey(ctx context.Context, id string, req APIKeyRequest) error {
	if err := requireID("API key id", id); err != nil {
		return err
	}
	err := c.apiKeyCall(ctx, http.MethodPut, "/"+escape(id), nil, req, true, nil)
	if isCode(err, codeAPIKeyNotFound) {
		return gone(err, "API key "+id)
	}
	return err
}

// DeleteAPIKey deletes a key for good (DELETE /v2/api-keys/{id}); its secret
// stops working. A key that does not exist is an error for which IsNotFound
// is true.
func (c *Client) DeleteAPIKey(ctx context.Context, id string) error {
	if err := requireID("API key id", id); err != nil {
		return err
	}
	err := c.apiKeyCall(ctx, http.MethodDelete, "/"+escape(id), nil, nil, true, nil)
	if isCode(err, codeAPIKeyNotFound) {
		return gone(err, "API key "+id)
	}
	return err
}
