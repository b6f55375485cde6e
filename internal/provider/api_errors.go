package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
)

// apiErrorDetail turns a client error into a diagnostic detail that names the
// API's code (when the answer had one), HTTP status, message and request id,
// followed by what to do about it where the answer says (apiErrorAdvice).
func apiErrorDetail(err error) string {
	var apiErr *zilliz.APIError
	if !errors.As(err, &apiErr) {
		return err.Error()
	}
	detail := "Zilliz Cloud answered " + apiErr.Method + " " + apiErr.Path + " with "
	if apiErr.Code != 0 {
		// Code 0 is "success", or no code at all (a page that is not the
		// API's envelope): never worth printing in an error.
		detail += fmt.Sprintf("code %d (HTTP %d)", apiErr.Code, apiErr.HTTPStatus)
	} else {
		detail += fmt.Sprintf("HTTP %d", apiErr.HTTPStatus)
	}
	if apiErr.Message != "" {
		detail += ": " + apiErr.Message
	}
	if apiErr.RequestID != "" {
		detail += "\nRequest id: " + apiErr.RequestID
	}
	if advice := apiErrorAdvice(apiErr); advice != "" {
		detail += "\n\n" + advice
	}
	return detail
}

// apiErrorAdvice says what to do about an answer whose cause is most likely in
// the configuration: a refused key or token (and where it came from), a URL
// that is not the API's, a region that does not exist.
func apiErrorAdvice(e *zilliz.APIError) string {
	credential := e.Credential
	if credential == "" {
		credential = "the provider's api_key"
	}
	switch {
	case e.ControlPlane && zilliz.IsUnauthorized(e):
		return fmt.Sprintf("Zilliz Cloud refused the API key. The key sent was %s. Check that it is a current key "+
			"(a key deleted or rotated in the Zilliz Cloud console stops working at once) of the organisation that holds "+
			"these projects, with a role that reaches them. The guide Provider Configuration and Authentication lists the role each resource needs.",
			credential)
	case !e.ControlPlane && (e.HTTPStatus == http.StatusUnauthorized || (e.HTTPStatus < 400 && zilliz.IsUnauthorized(e))):
		return fmt.Sprintf("The cluster endpoint %s refused the credentials. The token sent was %s. A cluster "+
			"accepts an API key that reaches its project, or username:password of one of its users: "+
			"set token (or token_wo) to one of those, or leave both out to send the provider's api_key.",
			e.Endpoint, credential)
	case !e.ControlPlane && e.HTTPStatus == http.StatusForbidden:
		return fmt.Sprintf("The cluster endpoint %s accepted the credentials, but they may not do this. The token sent was %s. "+
			"Grant its user a role with this privilege, or use credentials that have it.", e.Endpoint, credential)
	case e.ControlPlane && e.HTTPStatus == http.StatusNotFound:
		return fmt.Sprintf("%s does not serve the Zilliz Cloud API: check base_url (or ZILLIZ_BASE_URL). "+
			"It should be %s (https://api.cloud.zilliz.com.cn for regions in China), without a path.",
			e.Endpoint, zilliz.DefaultBaseURL)
	case !e.ControlPlane && e.HTTPStatus == http.StatusNotFound:
		return fmt.Sprintf("%s does not serve this call. Check cluster_endpoint: it should be the cluster's "+
			"connect_address (zilliz_cluster.<name>.connect_address, or the zilliz_cluster data source), not the "+
			"control plane's URL. A cluster on an older Milvus version may also lack this API.", e.Endpoint)
	case zilliz.IsRegionRefused(e):
		return "Zilliz Cloud does not offer this region_id for this plan. The zilliz_regions data source lists the " +
			"regions this control plane offers; check that the plan is available there too."
	}
	return ""
}

// waitErrorDetail explains a failed wait and what Terraform does about it.
func waitErrorDetail(err error, op string) string {
	detail := apiErrorDetail(err)
	switch {
	case !errors.Is(err, context.DeadlineExceeded):
	case op == "create":
		detail += "\n\nThe create timeout ran out before the cluster was ready. Terraform keeps it in state, marked tainted, " +
			"so that it is neither lost nor created twice: the next apply drops it and creates it again. If it comes up after all " +
			"(the Zilliz Cloud console shows it RUNNING), run terraform untaint on it (terraform untaint zilliz_cluster.<name>) " +
			"to keep it instead. Raise timeouts { create = \"...\" } if clusters need longer."
	default:
		detail += fmt.Sprintf("\n\nThe %s timeout ran out. The cluster is kept in state as Zilliz Cloud last described it; "+
			"raise timeouts { %s = \"...\" } if the cluster needs longer.", op, op)
	}
	return detail
}

// apiKeySource says where the provider's API key came from, for messages
// about a refused key (zilliz.Config.APIKeySource).
func apiKeySource(configured bool) string {
	if configured {
		return "the provider's api_key, set in the provider block"
	}
	return "the provider's api_key, taken from the " + envAPIKey + " environment variable"
}

// accessErrorDetail is apiErrorDetail, in words when the API key's role was
// not enough for what it tried to do ("create projects", "manage API keys").
func accessErrorDetail(err error, doing string) string {
	detail := apiErrorDetail(err)
	if zilliz.IsOwnerRequired(err) {
		detail = "The provider's API key may not " + doing + ": that needs the key of an Organization Owner of the Zilliz Cloud organisation " +
			"(a Member's or Project Admin's key is refused). Configure the provider with an Organization Owner's API key " +
			"(api_key or ZILLIZ_API_KEY), or do this in the Zilliz Cloud console.\n\n" + detail
	}
	return detail
}
