package release_test

import (
	"archive/tar"
	"archive/zip"
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"debug/buildinfo"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

// distEnv names a directory `make release` wrote, to check all of it (make
// release sets it). Without it the test runs the release recipe into a
// temporary directory for this machine's platform only: building the plugin
// for every platform takes minutes.
const distEnv = "LESSONS_RELEASE_DIST"

// TestReleaseArtifactsAgree: every file of the release carries
// RELEASE_VERSION. install.yaml runs the image tagged with it, as the
// packaged chart does with its defaults; the packaged chart's version and
// appVersion are the release's; each plugin archive holds the binary,
// stamped with the version and built for its platform, and LICENSE, and the
// binary prints the version; lessons.yaml carries the version and each
// archive's sum; SHA256SUMS lists every file with its sum, and nothing else
// is there.
func TestReleaseArtifactsAgree(t *testing.T) {
	version := releaseVersion(t)
	semver := strings.TrimPrefix(version, "v")
	image := imageRepository(t) + ":" + version
	host := runtime.GOOS + "_" + runtime.GOARCH

	dist, built := os.Getenv(distEnv), platforms
	if dist == "" {
		if !slices.Contains(platforms, host) {
			t.Skipf("the plugin is not released for %s; run make release", host)
		}
		built = []string{host}
		dist = buildRelease(t, version, host)
	}

	want := []string{"install.yaml", chartName + "-" + semver + ".tgz", "lessons.yaml"}
	for _, platform := range built {
		want = append(want, archiveName(version, platform))
	}

	t.Run("SHA256SUMS", func(t *testing.T) {
		sums := readSums(t, dist)
		for _, name := range want {
			if _, ok := sums[name]; !ok {
				t.Errorf("SHA256SUMS: %s is not listed", name)
			}
		}
		for name, sum := range sums {
			if !slices.Contains(want, name) {
				t.Errorf("SHA256SUMS: lists %s, which is not part of the release", name)
				continue
			}
			if got := fileSum(t, filepath.Join(dist, name)); got != sum {
				t.Errorf("SHA256SUMS: %s has sum %s, the file %s", name, sum, got)
			}
		}
		entries, err := os.ReadDir(dist)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			if e.Name() != "SHA256SUMS" && !slices.Contains(want, e.Name()) {
				t.Errorf("%s: %s is not part of release %s and would be published with it; remove it", dist, e.Name(), version)
			}
		}
	})

	t.Run("install.yaml", func(t *testing.T) {
		data, err := os.ReadFile(filepath.Join(dist, "install.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		if got := images(t, "install.yaml", data); !slices.Equal(got, []string{image}) {
			t.Errorf("install.yaml: images %v, want %s", got, image)
		}
	})

	t.Run("chart", func(t *testing.T) {
		tgz := filepath.Join(dist, chartName+"-"+semver+".tgz")
		chart, _ := readTarGz(t, tgz)
		chartYAML := chart[chartName+"/Chart.yaml"]
		if chartYAML == nil {
			t.Fatalf("%s: no %s/Chart.yaml", tgz, chartName)
		}
		v, app := chartVersions(t, tgz, chartYAML)
		if v != semver || app != version {
			t.Errorf("%s: Chart.yaml version %q, appVersion %q; want %s and %s", tgz, v, app, semver, version)
		}
		out, err := testenv.Helm("template", chartName, tgz, "--namespace", "lessons-system", "--kube-version", "1.36.0")
		if err != nil {
			t.Fatal(err)
		}
		if got := images(t, "the packaged chart", out); !slices.Equal(got, []string{image}) {
			t.Errorf("the packaged chart installs images %v with its defaults, want %s", got, image)
		}
	})

	t.Run("lessons.yaml", func(t *testing.T) {
		data, err := os.ReadFile(filepath.Join(dist, "lessons.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		for platform, sum := range krewPlatforms(t, "lessons.yaml", data, version, releasesURL+version+"/") {
			switch {
			case slices.Contains(built, platform):
				if got := fileSum(t, filepath.Join(dist, archiveName(version, platform))); sum != got {
					t.Errorf("lessons.yaml: %s: sha256 %s, the archive's is %s", platform, sum, got)
				}
			case sum != "SHA256_"+platform:
				t.Errorf("lessons.yaml: %s was not built, yet has sha256 %q", platform, sum)
			}
		}
	})

	license := readRepoFile(t, "LICENSE")
	for _, platform := range built {
		t.Run(platform, func(t *testing.T) {
			archive := filepath.Join(dist, archiveName(version, platform))
			read := readTarGz
			if strings.HasSuffix(archive, ".zip") {
				read = readZip
			}
			files, modes := read(t, archive)
			bin := binaryName(platform)
			if got := slices.Sorted(maps.Keys(files)); !slices.Equal(got, []string{"LICENSE", bin}) {
				t.Fatalf("%s holds %v, want LICENSE and %s", archive, got, bin)
			}
			if !bytes.Equal(files["LICENSE"], license) {
				t.Errorf("%s: LICENSE is not the repository's", archive)
			}
			if modes[bin]&0o111 == 0 {
				t.Errorf("%s: %s is not executable (%v)", archive, bin, modes[bin])
			}
			checkBuild(t, archive, files[bin], platform, version)
			if platform == host {
				path := filepath.Join(t.TempDir(), bin)
				if err := os.WriteFile(path, files[bin], 0o755); err != nil {
					t.Fatal(err)
				}
				out, err := exec.Command(path, "--version").CombinedOutput()
				if err != nil {
					t.Fatalf("%s --version: %v\n%s", bin, err, out)
				}
				if got, want := string(out), pluginName+" "+version+"\n"; got != want {
					t.Errorf("%s --version printed %q, want %q", bin, got, want)
				}
			}
		})
	}
}

// buildRelease runs the release recipe, as make release does, into a
// temporary directory for one platform, and returns the directory.
func buildRelease(t *testing.T, version, platform string) string {
	t.Helper()
	if _, err := exec.LookPath("kubectl"); err != nil {
		t.Skip(testenv.ErrNoKubectl)
	}
	helm := filepath.Join(testenv.RepoRoot(), "bin", "helm")
	if _, err := os.Stat(helm); err != nil {
		t.Fatalf("%v: run 'make helm' first", err)
	}
	dist := t.TempDir()
	cmd := exec.Command("bash", "hack/release.sh")
	cmd.Dir = testenv.RepoRoot()
	cmd.Env = append(os.Environ(), "RELEASE_VERSION="+version, "DIST="+dist, "HELM="+helm, "PLATFORMS="+platform)
	start := time.Now()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("hack/release.sh: %v\n%s", err, out)
	}
	t.Logf("hack/release.sh for %s in %s:\n%s", platform, time.Since(start).Round(time.Second), out)
	return dist
}

// checkBuild reads what the Go toolchain recorded in a binary: it was built
// for its platform, static and without the builder's paths; and that it
// holds the version stamped.
func checkBuild(t *testing.T, archive string, bin []byte, platform, version string) {
	t.Helper()
	info, err := buildinfo.Read(bytes.NewReader(bin))
	if err != nil {
		t.Fatalf("%s: the binary's build information: %v", archive, err)
	}
	settings := map[string]string{}
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}
	if got := settings["GOOS"] + "_" + settings["GOARCH"]; got != platform {
		t.Errorf("%s: the binary is built for %s", archive, got)
	}
	if settings["CGO_ENABLED"] != "0" {
		t.Errorf("%s: the binary is built with cgo (CGO_ENABLED=%q), so it needs the builder's C library", archive, settings["CGO_ENABLED"])
	}
	if settings["-trimpath"] != "true" {
		t.Errorf("%s: the binary is built without -trimpath, so it carries the builder's paths", archive)
	}
	// -trimpath keeps -ldflags out of the build information, so the stamp
	// is looked for in the binary itself (an unstamped build holds no such
	// string); the binary for this machine is run as well.
	if !bytes.Contains(bin, []byte(version)) {
		t.Errorf("%s: the binary is not stamped with %s", archive, version)
	}
	if info.Path != "github.com/dspt-lessons/lessons-operator/cmd/kubectl-lessons" {
		t.Errorf("%s: the binary is %s, not the plugin", archive, info.Path)
	}
}

// images are the container images of the Deployments in a manifest.
func images(t *testing.T, what string, manifest []byte) []string {
	t.Helper()
	objs, err := testenv.DecodeManifest(manifest)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	var found []string
	for _, o := range objs {
		if o.GetKind() != "Deployment" {
			continue
		}
		for _, field := range []string{"initContainers", "containers"} {
			containers, _, _ := unstructured.NestedSlice(o.Object, "spec", "template", "spec", field)
			for _, c := range containers {
				if m, ok := c.(map[string]any); ok {
					found = append(found, fmt.Sprint(m["image"]))
				}
			}
		}
	}
	return found
}

// readSums reads SHA256SUMS: a sum and a name a line, as sha256sum writes.
func readSums(t *testing.T, dist string) map[string]string {
	t.Helper()
	f, err := os.Open(filepath.Join(dist, "SHA256SUMS"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	line := regexp.MustCompile(`^([0-9a-f]{64})  (\S+)$`)
	sums := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		m := line.FindStringSubmatch(sc.Text())
		if m == nil {
			t.Errorf("SHA256SUMS: line %q is not 'SUM  NAME'", sc.Text())
			continue
		}
		if _, twice := sums[m[2]]; twice {
			t.Errorf("SHA256SUMS: %s listed twice", m[2])
		}
		sums[m[2]] = m[1]
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return sums
}

func fileSum(t *testing.T, path string) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// readTarGz reads the regular files of a .tar.gz and their modes.
func readTarGz(t *testing.T, path string) (map[string][]byte, map[string]os.FileMode) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	tr := tar.NewReader(gz)
	files, modes := map[string][]byte{}, map[string]os.FileMode{}
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return files, modes
		}
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if hdr.Typeflag != tar.TypeReg {
			t.Errorf("%s: %s is not a regular file", path, hdr.Name)
			continue
		}
		data, err := io.ReadAll(tr)
		if err != nil {
			t.Fatalf("%s: %s: %v", path, hdr.Name, err)
		}
		files[hdr.Name], modes[hdr.Name] = data, hdr.FileInfo().Mode()
	}
}

// readZip reads the files of a .zip and their modes.
func readZip(t *testing.T, path string) (map[string][]byte, map[string]os.FileMode) {
	t.Helper()
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	defer zr.Close()
	files, modes := map[string][]byte{}, map[string]os.FileMode{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatalf("%s: %s: %v", path, f.Name, err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %s: %v", path, f.Name, err)
		}
		files[f.Name], modes[f.Name] = data, f.Mode()
	}
	return files, modes
}
