package testenv

import (
	"bytes"
	"errors"
	"fmt"
	"os/exec"
	"path/filepath"
	"testing"
)

// ConfigDir is the directory of a kustomize tree under config/, such as
// "default" or "overlays/production".
func ConfigDir(tree string) string {
	return filepath.Join(RepoRoot(), "config", filepath.FromSlash(tree))
}

// Kustomize renders the kustomization in dir with kubectl's built-in
// kustomize, as users render it. ErrNoKubectl means kubectl is not on PATH.
func Kustomize(dir string) ([]byte, error) {
	kubectl, err := exec.LookPath("kubectl")
	if err != nil {
		return nil, ErrNoKubectl
	}
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(kubectl, "kustomize", dir)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("kubectl kustomize %s: %w\n%s", dir, err, stderr.String())
	}
	return stdout.Bytes(), nil
}

// ErrNoKubectl tells that kubectl, needed to render kustomize trees, is not
// installed.
var ErrNoKubectl = errors.New("kubectl is not on PATH; it is needed to render the kustomize trees")

// KustomizeT renders dir like Kustomize for a test, skipping it when
// kubectl is missing and failing it when dir does not render.
func KustomizeT(t testing.TB, dir string) []byte {
	t.Helper()
	out, err := Kustomize(dir)
	if errors.Is(err, ErrNoKubectl) {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	return out
}
