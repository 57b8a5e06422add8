#!/usr/bin/env bash
# Builds the envtest control plane (kube-apiserver, etcd and
# kube-controller-manager) from the Go module proxy, because setup-envtest's
# binary downloads are not always reachable. kube-controller-manager is not
# part of setup-envtest's archives; the e2e tests run it beside the API server
# so that namespace deletion, role aggregation and garbage collection happen.
# The binaries land in the setup-envtest store layout so either tool can reuse
# them; an existing, complete build is reused as it is.
set -euo pipefail

K8S_VERSION=${ENVTEST_K8S_VERSION:-1.36.3}
ETCD_VERSION=${ENVTEST_ETCD_VERSION:-3.6.16}
GOOS_GOARCH="$(go env GOOS)-$(go env GOARCH)"
STORE=${ENVTEST_STORE:-${XDG_DATA_HOME:-$HOME/.local/share}/kubebuilder-envtest}
DEST="$STORE/k8s/${K8S_VERSION}-${GOOS_GOARCH}"

if [[ -x "$DEST/kube-apiserver" && -x "$DEST/etcd" && -x "$DEST/kube-controller-manager" ]]; then
  echo "$DEST"
  exit 0
fi

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$DEST"
export GOFLAGS=-mod=mod

build_etcd() {
  local dir="$WORK/etcd"
  mkdir -p "$dir"
  cat >"$dir/main.go" <<'GO'
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
GO
  (
    cd "$dir"
    go mod init envtest/etcd >/dev/null 2>&1
    go get "go.etcd.io/etcd/server/v3@v${ETCD_VERSION}" >/dev/null
    go mod tidy >/dev/null
    CGO_ENABLED=0 go build -trimpath -o "$DEST/etcd.tmp" .
  )
  mv "$DEST/etcd.tmp" "$DEST/etcd"
}

# kube_module writes, once, the throw-away module that builds commands of
# k8s.io/kubernetes: it requires the release and pins every staging module
# (listed there as v0.0.0) to its published v0.<minor>.<patch>.
kube_module() {
  local dir="$WORK/kubernetes"
  if [[ ! -f "$dir/go.mod" ]]; then
    mkdir -p "$dir"
    local kgomod
    kgomod=$(go mod download -json "k8s.io/kubernetes@v${K8S_VERSION}" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
    {
      echo "module envtest/kubernetes"
      echo
      echo "go $(go env GOVERSION | sed 's/^go//; s/\.[0-9]*$//')"
      echo
      echo "require k8s.io/kubernetes v${K8S_VERSION}"
      echo
      grep -E '^\s+k8s\.io/[a-z0-9-]+ v0\.0\.0$' "$kgomod" | awk -v v="v0.${K8S_VERSION#1.}" '{print "replace " $1 " => " $1 " " v}'
    } >"$dir/go.mod"
    cat >"$dir/tools.go" <<'GO'
//go:build tools

package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
)
GO
    (cd "$dir" && go mod tidy >/dev/null)
  fi
  echo "$dir"
}

# build_kube_command NAME builds k8s.io/kubernetes/cmd/NAME into the store. The
# commands share one module and build cache, so the second one is quick.
build_kube_command() {
  local name=$1 dir
  dir=$(kube_module)
  (
    cd "$dir"
    CGO_ENABLED=0 go build -trimpath \
      -ldflags "-s -w -X k8s.io/component-base/version.gitVersion=v${K8S_VERSION} -X k8s.io/client-go/pkg/version.gitVersion=v${K8S_VERSION}" \
      -o "$DEST/$name.tmp" "k8s.io/kubernetes/cmd/$name"
  )
  mv "$DEST/$name.tmp" "$DEST/$name"
}

[[ -x "$DEST/etcd" ]] || { echo "building etcd v${ETCD_VERSION} (about a minute)..." >&2; build_etcd; }
[[ -x "$DEST/kube-apiserver" ]] || { echo "building kube-apiserver v${K8S_VERSION} (several minutes the first time)..." >&2; build_kube_command kube-apiserver; }
[[ -x "$DEST/kube-controller-manager" ]] || { echo "building kube-controller-manager v${K8S_VERSION} (a few minutes more)..." >&2; build_kube_command kube-controller-manager; }
echo "$DEST"
