package zillizmock

// cloudProvider is one item of GET /v2/clouds.
type cloudProvider struct {
	CloudID     string `json:"cloudId"`
	Description string `json:"description"`
}

// region is one item of GET /v2/regions.
type region struct {
	CloudID  string `json:"cloudId"`
	RegionID string `json:"regionId"`
	Domain   string `json:"domain"`
}

// cloudProviders is the recorded ListCloudProviders answer.
var cloudProviders = []cloudProvider{
	{"aws", "Amazon Web Services"},
	{"gcp", "Google Cloud Platform"},
	{"azure", "Microsoft Azure"},
}

// regions are the recorded ListCloudRegions answers (aws, gcp, azure), in
// their recorded order. They are also the regionIds a create accepts.
var regions = []region{
	{"aws", "aws-ap-northeast-1", "api.cloud.zilliz.com"},
	{"aws", "aws-us-west-2", "api.cloud.zilliz.com"},
	{"aws", "aws-us-east-2", "api.cloud.zilliz.com"},
	{"aws", "aws-us-east-1", "api.cloud.zilliz.com"},
	{"aws", "aws-ap-southeast-1", "api.cloud.zilliz.com"},
	{"aws", "aws-eu-central-1", "api.cloud.zilliz.com"},
	{"gcp", "gcp-europe-west3", "api.cloud.zilliz.com"},
	{"gcp", "gcp-us-central1", "api.cloud.zilliz.com"},
	{"gcp", "gcp-us-east4", "api.cloud.zilliz.com"},
	{"gcp", "gcp-us-west1", "api.cloud.zilliz.com"},
	{"gcp", "gcp-asia-southeast1", "api.cloud.zilliz.com"},
	{"azure", "az-germanywestcentral", "api.cloud.zilliz.com"},
	{"azure", "az-centralus", "api.cloud.zilliz.com"},
	{"azure", "az-eastus", "api.cloud.zilliz.com"},
}

func knownRegion(id string) bool {
	for _, r := range regions {
		if r.RegionID == id {
			return true
		}
	}
	return false
}

func knownCloud(id string) bool {
	for _, c := range cloudProviders {
		if c.CloudID == id {
			return true
		}
	}
	return false
}
