#!/usr/bin/env bash
# The README's demo: a real terraform apply / plan / destroy of this folder against
# zilliz-mock, the in-memory Zilliz Cloud, with the provider built from this checkout.
# Needs Go and a Terraform or OpenTofu CLI (TERRAFORM, else `terraform` on PATH);
# no account, no registry: the provider is wired in through a throw-away
# dev_overrides config.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
terraform=${TERRAFORM:-$(command -v terraform || true)}
if [ -z "$terraform" ] || [ ! -x "$terraform" ]; then
  echo "demo: no Terraform CLI found; run it through 'make demo', which provides one" >&2
  exit 1
fi
cli=$(basename "$terraform") # terraform or tofu, for the step titles
export CHECKPOINT_DISABLE=1
export TF_IN_AUTOMATION=1

tmp=$(mktemp -d)
mock_pid=""
cleanup() {
  if [ -n "$mock_pid" ]; then kill "$mock_pid" 2>/dev/null || true; wait "$mock_pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "Building the provider and zilliz-mock"
(cd "$repo" && go build -o "$tmp/bin/terraform-provider-zilliz" . && go build -o "$tmp/zilliz-mock" ./cmd/zilliz-mock)

step "Starting zilliz-mock on a free loopback port"
api_key="demo-$(date +%s)"
"$tmp/zilliz-mock" -listen 127.0.0.1:0 -api-key "$api_key" -create-duration 2s -transition-duration 1s \
  -delete-duration 1s >"$tmp/mock.log" 2>&1 &
mock_pid=$!
for _ in $(seq 1 100); do
  [ -s "$tmp/mock.log" ] && break
  sleep 0.05
done
base_url=$(head -n 1 "$tmp/mock.log")
case "$base_url" in
  http://127.0.0.1:*) echo "zilliz-mock listening at $base_url" ;;
  *) echo "demo: zilliz-mock did not start: $(cat "$tmp/mock.log")" >&2; exit 1 ;;
esac

cat >"$tmp/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "registry.terraform.io/vectorops/zilliz" = "$tmp/bin"
  }
  direct {}
}
RC
# OpenTofu reads TF_CLI_CONFIG_FILE too, but prefers TOFU_CLI_CONFIG_FILE when set.
export TF_CLI_CONFIG_FILE="$tmp/terraformrc" TOFU_CLI_CONFIG_FILE="$tmp/terraformrc"
export ZILLIZ_API_KEY="$api_key" ZILLIZ_BASE_URL="$base_url"
export TF_VAR_project_id=proj-4487580fcfe2c8a4391686
mkdir "$tmp/work"
cp "$repo/examples/quickstart/main.tf" "$tmp/work/"
cd "$tmp/work"

# dev_overrides need no `terraform init`: nothing is fetched from a registry.
step "$cli apply (a Serverless cluster and a collection on its endpoint)"
"$terraform" apply -auto-approve -no-color

step "$cli plan -detailed-exitcode (expect: no changes)"
set +e
"$terraform" plan -detailed-exitcode -no-color >"$tmp/plan.txt" 2>&1
plan_rc=$?
set -e
grep -E 'No changes|Plan:' "$tmp/plan.txt" || true
if [ "$plan_rc" -ne 0 ]; then
  echo "demo: the plan after apply was not empty (exit $plan_rc)" >&2
  cat "$tmp/plan.txt" >&2
  exit 1
fi

step "$cli destroy"
"$terraform" destroy -auto-approve -no-color

step "Drop calls the mock received"
grep -E '^(DELETE /v2/clusters/[^ ]+/drop|POST /v1/vector/collections/drop)' "$tmp/mock.log"
if ! grep -q '^DELETE /v2/clusters/.*/drop' "$tmp/mock.log" || ! grep -q '^POST /v1/vector/collections/drop' "$tmp/mock.log"; then
  echo "demo: the mock saw no drop calls" >&2
  exit 1
fi
echo
echo "Done: created, checked for drift and destroyed against zilliz-mock. See examples/quickstart/README.md to run it against Zilliz Cloud."
