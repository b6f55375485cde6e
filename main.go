// Command terraform-provider-zilliz serves the Zilliz Cloud provider to Terraform.
package main

import (
	"context"
	"flag"
	"log"
	"os"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/vectorops/terraform-provider-zilliz/internal/provider"
)

// Docs are generated from the schema; run `make generate`.
//go:generate go tool tfplugindocs generate --provider-name zilliz

// version is set at build time by goreleaser: -ldflags "-X main.version=1.2.3".
var version = "dev"

// sdkLogVars are the framework's own log levels. When no TF_LOG* variable is
// set, Terraform throws plugin logs away, yet the framework would still encode a
// trace line for every step of every request (about a quarter of the provider's
// CPU in a large plan): switch them off then.
var sdkLogVars = []string{"TF_LOG_SDK", "TF_LOG_SDK_FRAMEWORK", "TF_LOG_SDK_PROTO"}

func quietSDKLogsUnlessAsked() {
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "TF_LOG") {
			return
		}
	}
	for _, v := range sdkLogVars {
		_ = os.Setenv(v, "off")
	}
}

func main() {
	quietSDKLogsUnlessAsked()
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/vectorops/zilliz",
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err.Error())
	}
}
