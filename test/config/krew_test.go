package config_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"sigs.k8s.io/yaml"

	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

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

// The krew manifest names every platform make dist builds, each with the
// archive, the placeholder make dist fills with its sum, and the binary
// kubectl looks for.
func TestKrewManifestNamesEveryPlatform(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(testenv.RepoRoot(), "plugins", "lessons.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var p krewPlugin
	if err := yaml.Unmarshal(data, &p); err != nil {
		t.Fatalf("plugins/lessons.yaml: %v", err)
	}
	if p.APIVersion != "krew.googlecontainertools.github.com/v1alpha2" || p.Kind != "Plugin" || p.Metadata.Name != "lessons" {
		t.Errorf("not the krew plugin lessons: %s %s %s", p.APIVersion, p.Kind, p.Metadata.Name)
	}
	if p.Spec.Version != "VERSION" || p.Spec.ShortDescription == "" {
		t.Errorf("version %q (make dist fills VERSION), short description %q", p.Spec.Version, p.Spec.ShortDescription)
	}
	want := map[string]bool{}
	for _, goos := range []string{"linux", "darwin", "windows"} {
		for _, arch := range []string{"amd64", "arm64"} {
			want[goos+"_"+arch] = true
		}
	}
	for _, pl := range p.Spec.Platforms {
		goos, arch := pl.Selector.MatchLabels["os"], pl.Selector.MatchLabels["arch"]
		platform := goos + "_" + arch
		if !want[platform] {
			t.Errorf("platform %s listed twice, or not one make dist builds", platform)
			continue
		}
		delete(want, platform)
		bin := "kubectl-lessons"
		if goos == "windows" {
			bin += ".exe"
		}
		if pl.Bin != bin || pl.URI != fmt.Sprintf("DOWNLOAD/kubectl-lessons_%s.tar.gz", platform) || pl.SHA256 != "SHA256_"+platform {
			t.Errorf("%s: bin %q, uri %q, sha256 %q", platform, pl.Bin, pl.URI, pl.SHA256)
		}
	}
	for platform := range want {
		t.Errorf("platform %s is missing", platform)
	}
}
