// Package release_test holds a release to one version. The Makefile's
// RELEASE_VERSION is where it is written down; the CHANGELOG, the chart, the
// krew manifest and the README must name it (TestSourcesNameTheRelease), and
// what `make release` builds from them must carry it
// (TestReleaseArtifactsAgree): install.yaml's image, the packaged chart, the
// plugin archives and the version their binary prints, the krew manifest's
// sums and SHA256SUMS.
package release_test

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"sigs.k8s.io/yaml"

	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

const (
	repoURL     = "https://github.com/dspt-lessons/lessons-operator"
	chartName   = "lessons-operator"
	pluginName  = "kubectl-lessons"
	krewPath    = "plugins/lessons.yaml"
	chartPath   = "charts/lessons-operator"
	releasesURL = repoURL + "/releases/download/"
)

// platforms are the OS_ARCH pairs the plugin is released for.
var platforms = []string{"linux_amd64", "linux_arm64", "darwin_amd64", "darwin_arm64", "windows_amd64", "windows_arm64"}

func readRepoFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(testenv.RepoRoot(), filepath.FromSlash(path)))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// releaseVersion is the Makefile's RELEASE_VERSION, vX.Y.Z.
func releaseVersion(t *testing.T) string {
	t.Helper()
	m := regexp.MustCompile(`(?m)^RELEASE_VERSION \?= (\S+)$`).FindSubmatch(readRepoFile(t, "Makefile"))
	if m == nil {
		t.Fatal("Makefile: no line 'RELEASE_VERSION ?= vX.Y.Z'")
	}
	v := string(m[1])
	if !regexp.MustCompile(`^v\d+\.\d+\.\d+$`).MatchString(v) {
		t.Fatalf("Makefile: RELEASE_VERSION %q is not vX.Y.Z", v)
	}
	return v
}

// archiveName is the name of the plugin's archive for a platform.
func archiveName(version, platform string) string {
	if strings.HasPrefix(platform, "windows_") {
		return fmt.Sprintf("%s_%s_%s.zip", pluginName, version, platform)
	}
	return fmt.Sprintf("%s_%s_%s.tar.gz", pluginName, version, platform)
}

// binaryName is the plugin's executable for a platform.
func binaryName(platform string) string {
	if strings.HasPrefix(platform, "windows_") {
		return pluginName + ".exe"
	}
	return pluginName
}

// krewPlugin is the part of a krew manifest the checks read.
type krewPlugin struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Metadata   struct {
		Name string `json:"name"`
	} `json:"metadata"`
	Spec struct {
		Version          string `json:"version"`
		ShortDescription string `json:"shortDescription"`
		Platforms        []struct {
			Selector struct {
				MatchLabels map[string]string `json:"matchLabels"`
			} `json:"selector"`
			URI    string `json:"uri"`
			SHA256 string `json:"sha256"`
			Bin    string `json:"bin"`
		} `json:"platforms"`
	} `json:"spec"`
}

// krewPlatforms reads a krew manifest and checks what every manifest of the
// release must say: the plugin lessons at version, every platform once,
// each with its archive's address (under download) and its binary. It
// returns each platform's sha256.
func krewPlatforms(t *testing.T, what string, data []byte, version, download string) map[string]string {
	t.Helper()
	var p krewPlugin
	if err := yaml.Unmarshal(data, &p); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if p.APIVersion != "krew.googlecontainertools.github.com/v1alpha2" || p.Kind != "Plugin" || p.Metadata.Name != "lessons" {
		t.Errorf("%s: not the krew plugin lessons: %s %s %s", what, p.APIVersion, p.Kind, p.Metadata.Name)
	}
	if p.Spec.Version != version {
		t.Errorf("%s: version %q, the release is %s", what, p.Spec.Version, version)
	}
	if p.Spec.ShortDescription == "" {
		t.Errorf("%s: no shortDescription", what)
	}
	sums := map[string]string{}
	for _, pl := range p.Spec.Platforms {
		platform := pl.Selector.MatchLabels["os"] + "_" + pl.Selector.MatchLabels["arch"]
		if _, twice := sums[platform]; twice {
			t.Errorf("%s: platform %s listed twice", what, platform)
		}
		sums[platform] = pl.SHA256
		if uri := download + archiveName(version, platform); pl.URI != uri {
			t.Errorf("%s: %s: uri %q, want %q", what, platform, pl.URI, uri)
		}
		if pl.Bin != binaryName(platform) {
			t.Errorf("%s: %s: bin %q, want %q", what, platform, pl.Bin, binaryName(platform))
		}
	}
	for _, platform := range platforms {
		if _, ok := sums[platform]; !ok {
			t.Errorf("%s: platform %s is missing", what, platform)
		}
	}
	if len(sums) != len(platforms) {
		t.Errorf("%s: platforms %v, want %v", what, slices.Sorted(maps.Keys(sums)), platforms)
	}
	return sums
}

// chartVersions reads a Chart.yaml's version and appVersion.
func chartVersions(t *testing.T, what string, data []byte) (version, appVersion string) {
	t.Helper()
	var c struct {
		Name       string `json:"name"`
		Version    string `json:"version"`
		AppVersion string `json:"appVersion"`
	}
	if err := yaml.Unmarshal(data, &c); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if c.Name != chartName {
		t.Errorf("%s: chart %q, want %s", what, c.Name, chartName)
	}
	return c.Version, c.AppVersion
}

// imageRepository is the chart's image.repository, the image the release
// tags with its version.
func imageRepository(t *testing.T) string {
	t.Helper()
	var v struct {
		Image struct {
			Repository string `json:"repository"`
			Tag        string `json:"tag"`
		} `json:"image"`
	}
	if err := yaml.Unmarshal(readRepoFile(t, chartPath+"/values.yaml"), &v); err != nil {
		t.Fatal(err)
	}
	if v.Image.Repository == "" {
		t.Fatal(chartPath + "/values.yaml: no image.repository")
	}
	if v.Image.Tag != "" {
		t.Errorf("%s/values.yaml: image.tag %q pins the image; leave it empty for the chart's appVersion", chartPath, v.Image.Tag)
	}
	return v.Image.Repository
}

// changelogRelease is one section of the CHANGELOG.
type changelogRelease struct {
	version string // "Unreleased" or X.Y.Z
	date    string
}

// TestSourcesNameTheRelease: the Makefile's RELEASE_VERSION is the latest
// release of the CHANGELOG, dated, with its compare link; the chart's
// version and appVersion; the krew manifest's version and addresses; and
// the release the README installs from.
func TestSourcesNameTheRelease(t *testing.T) {
	version := releaseVersion(t)
	semver := strings.TrimPrefix(version, "v")

	t.Run("CHANGELOG", func(t *testing.T) {
		text := string(readRepoFile(t, "CHANGELOG.md"))
		var sections []changelogRelease
		heading := regexp.MustCompile(`^## \[([^\]]+)\](?: - (\S+))?$`)
		for _, line := range strings.Split(text, "\n") {
			if m := heading.FindStringSubmatch(line); m != nil {
				sections = append(sections, changelogRelease{version: m[1], date: m[2]})
			} else if strings.HasPrefix(line, "## ") {
				t.Errorf("CHANGELOG.md: heading %q is neither '## [Unreleased]' nor '## [X.Y.Z] - YYYY-MM-DD'", line)
			}
		}
		if len(sections) < 2 || sections[0].version != "Unreleased" || sections[0].date != "" {
			t.Fatalf("CHANGELOG.md: want '## [Unreleased]' and then the releases, newest first; have %v", sections)
		}
		if sections[1].version != semver {
			t.Errorf("CHANGELOG.md: the latest release is %s, RELEASE_VERSION is %s", sections[1].version, version)
		}
		var newer time.Time // the date of the release above, if it has one
		for _, s := range sections[1:] {
			if !regexp.MustCompile(`^\d+\.\d+\.\d+$`).MatchString(s.version) {
				t.Errorf("CHANGELOG.md: release %q is not X.Y.Z", s.version)
			}
			date, err := time.Parse(time.DateOnly, s.date)
			if err != nil {
				t.Errorf("CHANGELOG.md: release %s is dated %q, not YYYY-MM-DD", s.version, s.date)
				newer = time.Time{}
				continue
			}
			if !newer.IsZero() && date.After(newer) {
				t.Errorf("CHANGELOG.md: release %s (%s) is dated after the release above it (%s)", s.version, s.date, newer.Format(time.DateOnly))
			}
			newer = date
		}
		// Every section has its link: what changed since the release below.
		for i, s := range sections {
			var want string
			switch {
			case i == 0:
				want = fmt.Sprintf("[Unreleased]: %s/compare/v%s...HEAD", repoURL, sections[1].version)
			case i == len(sections)-1:
				want = fmt.Sprintf("[%s]: %s/releases/tag/v%s", s.version, repoURL, s.version)
			default:
				want = fmt.Sprintf("[%s]: %s/compare/v%s...v%s", s.version, repoURL, sections[i+1].version, s.version)
			}
			if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(want) + `$`).MatchString(text) {
				t.Errorf("CHANGELOG.md: no link line %q", want)
			}
		}
	})

	t.Run("chart", func(t *testing.T) {
		v, app := chartVersions(t, chartPath+"/Chart.yaml", readRepoFile(t, chartPath+"/Chart.yaml"))
		if v != semver || app != version {
			t.Errorf("%s/Chart.yaml: version %q, appVersion %q; want %s and %s", chartPath, v, app, semver, version)
		}
		imageRepository(t)
	})

	t.Run("krew", func(t *testing.T) {
		// The checked-in manifest names the release's archives; make
		// release fills in their sums.
		for platform, sum := range krewPlatforms(t, krewPath, readRepoFile(t, krewPath), version, releasesURL+version+"/") {
			if sum != "SHA256_"+platform {
				t.Errorf("%s: %s: sha256 %q, want the placeholder make release fills, SHA256_%s", krewPath, platform, sum, platform)
			}
		}
	})

	t.Run("docs", func(t *testing.T) {
		// Where the README and the guides name a release's files or
		// image, they name this release's.
		mentions := map[*regexp.Regexp]string{
			regexp.MustCompile(`releases/download/(v[0-9][0-9.]*)/`):              version,
			regexp.MustCompile(`lessons-operator-([0-9][0-9.]*[0-9])\.tgz`):       semver,
			regexp.MustCompile(`lessons-operator:(v[0-9][0-9.]*[0-9])`):           version,
			regexp.MustCompile(`kubectl-lessons_(v[0-9][0-9.]*[0-9])_[a-z0-9_]+`): version,
		}
		docs, err := filepath.Glob(filepath.Join(testenv.RepoRoot(), "docs", "*.md"))
		if err != nil {
			t.Fatal(err)
		}
		installs := false
		for _, doc := range append([]string{filepath.Join(testenv.RepoRoot(), "README.md")}, docs...) {
			data, err := os.ReadFile(doc)
			if err != nil {
				t.Fatal(err)
			}
			name, _ := filepath.Rel(testenv.RepoRoot(), doc)
			for re, want := range mentions {
				for _, m := range re.FindAllStringSubmatch(string(data), -1) {
					if m[1] != want {
						t.Errorf("%s: %q names release %s, RELEASE_VERSION is %s", name, m[0], m[1], version)
					}
					installs = installs || name == "README.md"
				}
			}
		}
		if !installs {
			t.Errorf("README.md: installs from no release (%s%s/...)", releasesURL, version)
		}
	})
}
