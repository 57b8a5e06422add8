#!/usr/bin/env bash
# make dist: builds kubectl-lessons for every platform of the krew manifest
# (plugins/lessons.yaml), packs each into dist/kubectl-lessons_OS_ARCH.tar.gz,
# writes their sha256 sums to dist/checksums.txt, and writes
# dist/lessons.yaml: the manifest with the version, the download address
# (DOWNLOAD, where the release's archives will be published) and the sums.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=${VERSION:?set VERSION, e.g. v0.2.0}
DOWNLOAD=${DOWNLOAD:-https://github.com/dspt-lessons/lessons-operator/releases/download/$VERSION}
LDFLAGS=${LDFLAGS:-}
OUT=dist
mkdir -p "$OUT"
: >"$OUT/checksums.txt"
manifest=$(sed -e "s|VERSION|$VERSION|" -e "s|DOWNLOAD|$DOWNLOAD|" plugins/lessons.yaml)

for platform in $(sed -n 's/.*matchLabels: {os: \([a-z]*\), arch: \([a-z0-9]*\)}.*/\1_\2/p' plugins/lessons.yaml); do
  os=${platform%_*} arch=${platform#*_}
  bin=kubectl-lessons
  [[ $os == windows ]] && bin=kubectl-lessons.exe
  work=$(mktemp -d)
  echo "building $bin for $os/$arch" >&2
  CGO_ENABLED=0 GOOS=$os GOARCH=$arch go build -trimpath -ldflags "$LDFLAGS" -o "$work/$bin" ./cmd/kubectl-lessons
  archive="kubectl-lessons_${os}_${arch}.tar.gz"
  # A reproducible archive: fixed order, owner and time.
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime='1970-01-01' -C "$work" -czf "$OUT/$archive" "$bin"
  rm -rf "$work"
  sum=$(sha256sum "$OUT/$archive" | cut -d' ' -f1)
  echo "$sum  $archive" >>"$OUT/checksums.txt"
  manifest=${manifest//SHA256_${platform}/$sum}
done
printf '%s\n' "$manifest" >"$OUT/lessons.yaml"
echo "$OUT/lessons.yaml" >&2
