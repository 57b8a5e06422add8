#!/usr/bin/env bash
# Builds the envtest control plane (kube-apiserver and etcd) from the Go module
# proxy, because setup-envtest's binary downloads are not always reachable.
# The binaries land in the setup-envtest store layout so either tool can reuse
# them; an existing, complete build is reused as it is.
set -euo pipefail

K8S_VERSION=${ENVTEST_K8S_VERSION:-1.36.3}
ETCD_VERSION=${ENVTEST_ETCD_VERSION:-3.6.16}
GOOS_GOARCH="$(go env GOOS)-$(go env GOARCH)"
STORE=${ENVTEST_STORE:-${XDG_DATA_HOME:-$HOME/.local/share}/kubebuilder-envtest}
DEST="$STORE/k8s/${K8S_VERSION}-${GOOS_GOARCH}"

if [[ -x "$DEST/kube-apiserver" && -x "$DEST/etcd" ]]; then
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

build_kube_apiserver() {
  local dir="$WORK/apiserver"
  mkdir -p "$dir"
  local kgomod
  kgomod=$(go mod download -json "k8s.io/kubernetes@v${K8S_VERSION}" | sed -n 's/.*"GoMod": "\(.*\)".*/\1/p')
  {
    echo "module envtest/apiserver"
    echo
    echo "go $(go env GOVERSION | sed 's/^go//; s/\.[0-9]*$//')"
    echo
    echo "require k8s.io/kubernetes v${K8S_VERSION}"
    echo
    # Every staging module that k8s.io/kubernetes requires as v0.0.0 is
    # published on its own as v0.<minor>.<patch>.
    grep -E '^\s+k8s\.io/[a-z0-9-]+ v0\.0\.0$' "$kgomod" | awk -v v="v0.${K8S_VERSION#1.}" '{print "replace " $1 " => " $1 " " v}'
  } >"$dir/go.mod"
  cat >"$dir/tools.go" <<'GO'
//go:build tools

package tools

import _ "k8s.io/kubernetes/cmd/kube-apiserver"
GO
  (
    cd "$dir"
    go mod tidy >/dev/null
    CGO_ENABLED=0 go build -trimpath \
      -ldflags "-s -w -X k8s.io/component-base/version.gitVersion=v${K8S_VERSION} -X k8s.io/client-go/pkg/version.gitVersion=v${K8S_VERSION}" \
      -o "$DEST/kube-apiserver.tmp" k8s.io/kubernetes/cmd/kube-apiserver
  )
  mv "$DEST/kube-apiserver.tmp" "$DEST/kube-apiserver"
}

[[ -x "$DEST/etcd" ]] || { echo "building etcd v${ETCD_VERSION} (about a minute)..." >&2; build_etcd; }
[[ -x "$DEST/kube-apiserver" ]] || { echo "building kube-apiserver v${K8S_VERSION} (several minutes the first time)..." >&2; build_kube_apiserver; }
echo "$DEST"
