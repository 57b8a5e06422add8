package version_test

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Both binaries print the version the linker stamps, as `make build` and
// the image build stamp it.
func TestBinariesPrintTheStampedVersion(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binaries")
	}
	const stamp = "v9.8.7-test"
	for _, tc := range []struct{ pkg, want string }{
		{"./cmd", "lessons-operator " + stamp},
		{"./cmd/kubectl-lessons", "kubectl-lessons " + stamp},
	} {
		bin := filepath.Join(t.TempDir(), "bin")
		build := exec.Command("go", "build", "-o", bin, "-ldflags", "-X github.com/dspt-lessons/lessons-operator/internal/version.Version="+stamp, tc.pkg)
		build.Dir = filepath.Join("..", "..")
		if out, err := build.CombinedOutput(); err != nil {
			t.Fatalf("build %s: %v\n%s", tc.pkg, err, out)
		}
		out, err := exec.Command(bin, "--version").CombinedOutput()
		if err != nil {
			t.Fatalf("%s --version: %v\n%s", tc.pkg, err, out)
		}
		if got := strings.TrimSpace(string(out)); got != tc.want {
			t.Errorf("%s --version = %q, want %q", tc.pkg, got, tc.want)
		}
	}
}
