// Command terraform-provider-zilliz serves the Zilliz Cloud provider to Terraform.
package main

import (
	"context"
	"flag"
	"log"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/vectorops/terraform-provider-zilliz/internal/provider"
)

// Docs are generated from the schema; run `make generate`.
//go:generate go tool tfplugindocs generate --provider-name zilliz

// version is set at build time by goreleaser: -ldflags "-X main.version=1.2.3".
var version = "dev"

func main() {
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
