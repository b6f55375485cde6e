package provider

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/vectorops/terraform-provider-zilliz/internal/zilliz"
)

// The server's rules for cluster users, roles and their grants, checked at
// plan time. Sources: Milvus proxy/util.go ValidateUsername (a letter first,
// then letters, digits and underscores, at most proxy.maxUsernameLength =
// 32); the Zilliz docs for passwords (8 to 64 characters with three of
// uppercase, lowercase, digits and special characters,
// docs.zilliz.com/docs/cluster-users-sdk) and role names (at most 255
// characters, starting with a letter or an underscore, then letters, digits
// and underscores: the Zilliz CLI reference and Milvus's RBAC tests).

var (
	clusterUserNameRegexp = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*$`)
	privilegeRegexp       = regexp.MustCompile(`^[A-Za-z][A-Za-z_]*$`)
)

const (
	maxClusterUserNameLength = 32
	maxClusterRoleNameLength = 255
	minPasswordLength        = 8
	maxPasswordLength        = 64
)

func clusterUserNameValidators() []validator.String {
	return []validator.String{
		stringvalidator.LengthBetween(1, maxClusterUserNameLength),
		stringvalidator.RegexMatches(clusterUserNameRegexp, "must start with a letter and contain only letters, digits and underscores"),
		notBuiltin{what: "user", names: []string{zilliz.BuiltinUser, "root"},
			why: "Every cluster has the user db_admin; it cannot be dropped or changed through the API (its password is reset in the Zilliz Cloud console), so Terraform cannot own it."},
	}
}

func clusterRoleNameValidators() []validator.String {
	return []validator.String{
		stringvalidator.LengthBetween(1, maxClusterRoleNameLength),
		stringvalidator.RegexMatches(collectionNameRegexp, collectionNameRule),
		notBuiltin{what: "role", names: zilliz.BuiltinRoles(),
			why: "Built-in cluster roles cannot be edited or dropped. Bind them to users with zilliz_cluster_user.roles instead."},
	}
}

// notBuiltin refuses the names of the objects every cluster has.
type notBuiltin struct {
	what  string
	names []string
	why   string
}

func (v notBuiltin) Description(context.Context) string {
	return "must not be a built-in " + v.what + ": " + strings.Join(v.names, ", ")
}

func (v notBuiltin) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (v notBuiltin) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	for _, n := range v.names {
		if req.ConfigValue.ValueString() == n {
			resp.Diagnostics.AddAttributeError(req.Path, "Built-in "+v.what+" cannot be managed",
				fmt.Sprintf("%q is a built-in %s of every cluster. %s", n, v.what, v.why))
		}
	}
}

// passwordRuleError says what is wrong with a password, or "".
func passwordRuleError(p string) string {
	n := len([]rune(p))
	classes := 0
	for _, has := range []func(rune) bool{
		func(r rune) bool { return r >= 'A' && r <= 'Z' },
		func(r rune) bool { return r >= 'a' && r <= 'z' },
		func(r rune) bool { return r >= '0' && r <= '9' },
		func(r rune) bool { return (r < 'A' || r > 'Z') && (r < 'a' || r > 'z') && (r < '0' || r > '9') },
	} {
		if strings.IndexFunc(p, has) >= 0 {
			classes++
		}
	}
	switch {
	case n < minPasswordLength || n > maxPasswordLength:
		return fmt.Sprintf("The password has %d characters; Zilliz Cloud needs %d to %d.", n, minPasswordLength, maxPasswordLength)
	case classes < 3:
		return fmt.Sprintf("The password has %d of the four kinds of characters; Zilliz Cloud needs three of: uppercase letters, lowercase letters, digits, special characters.", classes)
	}
	return ""
}

// passwordRule checks a password at plan time. Write-only values are in the
// configuration during validation, so password_wo is checked too; the value
// is never printed.
type passwordRule struct{}

func (passwordRule) Description(context.Context) string {
	return "8 to 64 characters with three of: uppercase letters, lowercase letters, digits, special characters"
}

func (v passwordRule) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (passwordRule) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if msg := passwordRuleError(req.ConfigValue.ValueString()); msg != "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Password does not meet the cluster's rules", msg)
	}
}

// grantScopeValidators: "*" or a database / collection name.
func grantScopeValidators(what string) []validator.String {
	return []validator.String{
		stringvalidator.LengthBetween(1, 255),
		stringvalidator.RegexMatches(regexp.MustCompile(`^(\*|[A-Za-z_][A-Za-z0-9_]*)$`),
			`must be "*" (every `+what+`) or a `+what+` name: letters, digits and underscores, starting with a letter or an underscore`),
	}
}

// grantLevelError applies the levels of the built-in privilege groups: a
// cluster group only on database "*" and collection "*", a database group
// only on collection "*", a collection group on a named collection only in
// a named database (Milvus tests/integration/rbac/privilege_group_test.go,
// TestGrantV2BuiltinPrivilegeGroup). It returns "" when the grant is fine.
func grantLevelError(privilege, database, collection string) string {
	switch zilliz.PrivilegeGroupLevel(privilege) {
	case zilliz.PrivilegeLevelCluster:
		if database != "*" || collection != "*" {
			return fmt.Sprintf("%s is a cluster-level privilege group: grant it with database = \"*\" and collection = \"*\".", privilege)
		}
	case zilliz.PrivilegeLevelDatabase:
		if collection != "*" {
			return fmt.Sprintf("%s is a database-level privilege group: grant it with collection = \"*\" (on database %q, or \"*\" for every database).", privilege, database)
		}
	case zilliz.PrivilegeLevelCollection:
		if database == "*" && collection != "*" {
			return fmt.Sprintf("%s on collection %q needs a named database: the cluster grants a named collection only within one database.", privilege, collection)
		}
	}
	return ""
}

// endpointPlan reads the kind of cluster from a Zilliz Cloud endpoint's
// host: in01- is a Dedicated cluster, in03- (Free) and in05- (Serverless)
// are not, and so is any *.serverless.* host (zilliz-api.md A.2/A.3; the
// prefix mapping is inferred from recorded ids). known is false when the
// host says nothing (a private link, a local mock).
func endpointPlan(endpoint string) (dedicated, known bool) {
	u, err := url.Parse(strings.TrimSpace(endpoint))
	if err != nil {
		return false, false
	}
	host := strings.ToLower(u.Hostname())
	if strings.Contains(host, ".serverless.") {
		return false, true
	}
	switch id, _ := clusterIDFromEndpoint(endpoint); {
	case strings.HasPrefix(id, "in01-"):
		return true, true
	case strings.HasPrefix(id, "in03-"), strings.HasPrefix(id, "in05-"):
		return false, true
	}
	return false, false
}

// notDedicatedError tells why users and custom roles cannot be made on the
// cluster behind endpoint, or "" when they can or it cannot be told. It
// reads the host first and otherwise asks the control plane (one list of
// clusters; any failure there says nothing). "This feature is available
// only to Dedicated clusters" (docs.zilliz.com/docs/cluster-users,
// cluster-roles-sdk).
func notDedicatedError(ctx context.Context, client *zilliz.Client, endpoint types.String, what string) string {
	if endpoint.IsNull() || endpoint.IsUnknown() {
		return ""
	}
	ep := endpoint.ValueString()
	if dedicated, known := endpointPlan(ep); known {
		if dedicated {
			return ""
		}
		return fmt.Sprintf("%s exist on Dedicated clusters only (plan Standard or Enterprise); %s is the endpoint of a Free or Serverless cluster.", what, ep)
	}
	if client == nil {
		return ""
	}
	clusters, err := client.ListAllClusters(ctx)
	if err != nil {
		return ""
	}
	for _, c := range clusters {
		if sameEndpoint(c.ConnectAddress, ep) && (c.Plan == planFree || c.Plan == planServerless) {
			return fmt.Sprintf("%s exist on Dedicated clusters only (plan Standard or Enterprise); cluster %s at %s is a %s cluster.", what, c.ClusterID, ep, c.Plan)
		}
	}
	return ""
}
