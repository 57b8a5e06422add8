#!/usr/bin/env bash
# make release: writes one release of lessons-operator into DIST (dist/):
#
#   install.yaml                              config/default, with the manager image IMAGE_REPO:RELEASE_VERSION
#   lessons-operator-X.Y.Z.tgz                the Helm chart, packaged
#   kubectl-lessons_VERSION_OS_ARCH.tar.gz    the plugin and LICENSE, one archive per platform of
#   kubectl-lessons_VERSION_windows_ARCH.zip  the krew manifest (.zip for Windows)
#   lessons.yaml                              the krew manifest, with the archives' sha256 sums
#   SHA256SUMS                                the sha256 sum of every file above
#
# RELEASE_VERSION (vX.Y.Z) is the release; the chart, the krew manifest and
# the CHANGELOG must already name it, or nothing is written. The image
# repository is the chart's (values.yaml). PLATFORMS (OS_ARCH ...) builds
# some platforms only, leaving the others' sums unfilled in lessons.yaml.
# DOWNLOAD replaces the GitHub release address in lessons.yaml, for a mirror.
set -euo pipefail
cd "$(dirname "$0")/.."

RELEASE_VERSION=${RELEASE_VERSION:?set RELEASE_VERSION, e.g. v0.2.0}
DIST=${DIST:-dist}
HELM=${HELM:-bin/helm}
GO=${GO:-go}
KUBECTL=${KUBECTL:-kubectl}
MANIFEST=plugins/lessons.yaml
CHART=charts/lessons-operator
RELEASES=https://github.com/dspt-lessons/lessons-operator/releases/download/$RELEASE_VERSION
DOWNLOAD=${DOWNLOAD:-$RELEASES}

fail() { echo "release: $*" >&2; exit 1; }

[[ $RELEASE_VERSION =~ ^v[0-9]+\.[0-9]+\.[0-9]+$ ]] || fail "RELEASE_VERSION $RELEASE_VERSION is not vX.Y.Z"
semver=${RELEASE_VERSION#v}

# Everything that names the version must name this one.
chart_version=$(sed -n 's/^version: *//p' "$CHART/Chart.yaml")
app_version=$(sed -n 's/^appVersion: *//p' "$CHART/Chart.yaml" | tr -d '"')
krew_version=$(sed -n 's/^  version: *//p' "$MANIFEST")
changelog=$(grep -m1 -E '^## \[[0-9]' CHANGELOG.md || true)
[[ $chart_version == "$semver" ]] || fail "$CHART/Chart.yaml: version $chart_version, not $semver"
[[ $app_version == "$RELEASE_VERSION" ]] || fail "$CHART/Chart.yaml: appVersion $app_version, not $RELEASE_VERSION"
[[ $krew_version == "$RELEASE_VERSION" ]] || fail "$MANIFEST: version $krew_version, not $RELEASE_VERSION"
[[ $changelog =~ ^"## [$semver] - "[0-9]{4}-[0-9]{2}-[0-9]{2}$ ]] || fail "CHANGELOG.md: the latest release is '$changelog', not '## [$semver] - YYYY-MM-DD'"

image_repo=$(sed -n 's/^  repository: *//p' "$CHART/values.yaml" | head -n1)
[[ -n $image_repo ]] || fail "$CHART/values.yaml: no image.repository"
image=$image_repo:$RELEASE_VERSION

if command -v sha256sum >/dev/null 2>&1; then
  sha256() { sha256sum "$@"; }
elif command -v shasum >/dev/null 2>&1; then
  sha256() { shasum -a 256 "$@"; }
else
  fail "neither sha256sum nor shasum is installed"
fi

all_platforms=$(sed -n 's/.*matchLabels: {os: \([a-z]*\), arch: \([a-z0-9]*\)}.*/\1_\2/p' "$MANIFEST")
platforms=${PLATFORMS:-$all_platforms}
for platform in $platforms; do
  grep -qx "$platform" <<<"$all_platforms" || fail "platform $platform is not in $MANIFEST"
done

mkdir -p "$DIST"
# Only this release's files: a file left from another run would be
# published with it.
rm -f "$DIST"/install.yaml "$DIST"/lessons-operator-*.tgz "$DIST"/kubectl-lessons_* "$DIST"/lessons.yaml "$DIST"/SHA256SUMS
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "release $RELEASE_VERSION into $DIST" >&2

# The one-manifest install.
"$KUBECTL" kustomize config/default | sed "s|ghcr.io/dspt-lessons/lessons-operator:latest|$image|" >"$DIST/install.yaml"
grep -q "image: $image\$" "$DIST/install.yaml" || fail "install.yaml: the image was not set to $image"

# The chart. Helm tells of each symbolic link under files/ it follows (the
# chart reads config/ through them); that is meant.
"$HELM" package "$CHART" --destination "$DIST" >/dev/null 2>"$work/helm.err" || { cat "$work/helm.err" >&2; fail "helm package $CHART failed"; }
grep -v 'found symbolic link in path' "$work/helm.err" >&2 || true
[[ -f $DIST/lessons-operator-$semver.tgz ]] || fail "helm package wrote no $DIST/lessons-operator-$semver.tgz"

# The plugin, one archive per platform, each with the binary and LICENSE.
"$GO" build -o "$work/archive" ./hack/archive
mtime=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 315532800)}
manifest=$(sed -e '/^#/d' -e "s|$RELEASES|$DOWNLOAD|" "$MANIFEST")
for platform in $platforms; do
  os=${platform%_*} arch=${platform#*_}
  bin=kubectl-lessons ext=tar.gz
  [[ $os == windows ]] && bin=kubectl-lessons.exe ext=zip
  archive=kubectl-lessons_${RELEASE_VERSION}_${platform}.$ext
  grep -q "uri: $DOWNLOAD/$archive\$" <<<"$manifest" || fail "$MANIFEST: no uri $RELEASES/$archive for $platform"
  echo "building kubectl-lessons for $os/$arch" >&2
  mkdir "$work/$platform"
  CGO_ENABLED=0 GOOS=$os GOARCH=$arch "$GO" build -trimpath \
    -ldflags "-s -w -X github.com/dspt-lessons/lessons-operator/internal/version.Version=$RELEASE_VERSION" \
    -o "$work/$platform/$bin" ./cmd/kubectl-lessons
  "$work/archive" -o "$DIST/$archive" -mtime "$mtime" "$work/$platform/$bin" LICENSE
  sum=$(cd "$DIST" && sha256 "$archive" | cut -d' ' -f1)
  manifest=${manifest//sha256: SHA256_$platform/sha256: $sum}
done

# The krew manifest, with the sums.
{
  echo "# kubectl-lessons $RELEASE_VERSION for krew: kubectl krew install --manifest=lessons.yaml"
  printf '%s\n' "$manifest"
} >"$DIST/lessons.yaml"
if grep -q 'sha256: SHA256_' "$DIST/lessons.yaml"; then
  [[ -n ${PLATFORMS:-} ]] || fail "$DIST/lessons.yaml: a platform has no sum"
  echo "lessons.yaml: only $platforms have their sums (PLATFORMS)" >&2
fi

# The sums of everything.
(
  cd "$DIST"
  files=(install.yaml "lessons-operator-$semver.tgz" kubectl-lessons_"$RELEASE_VERSION"_* lessons.yaml)
  sha256 "${files[@]}" >SHA256SUMS
)
echo "wrote $DIST: install.yaml for $image, lessons-operator-$semver.tgz, the plugin for $(wc -w <<<"$platforms") platforms, lessons.yaml and SHA256SUMS" >&2
