package docs

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestExtract(t *testing.T) {
	root := t.TempDir()
	md := "# Title\n\n```sh\nkubectl get incidents \\\n  -A\n```\n\n" +
		"<!-- docs-test: skip (needs a real cluster: a registry) -->\n```bash\nmake deploy\n```\n\n" +
		"```yaml\nkind: Incident\n```\n\n" +
		"```console\n$ kubectl lessons status -A\nNAMESPACE   INCIDENT\n$ kubectl get lr\n```\n"
	if err := os.WriteFile(filepath.Join(root, "README.md"), []byte(md), 0o644); err != nil {
		t.Fatal(err)
	}
	blocks, err := Extract(root, "README.md")
	if err != nil {
		t.Fatal(err)
	}
	if len(blocks) != 3 {
		t.Fatalf("got %d blocks, want 3: %+v", len(blocks), blocks)
	}
	if b := blocks[0]; b.Line != 3 || b.Skip != "" || b.Script != "kubectl get incidents \\\n  -A\n" {
		t.Errorf("first block: %+v", b)
	}
	if b := blocks[1]; b.Skip != "needs a real cluster: a registry" {
		t.Errorf("second block's skip: %q", b.Skip)
	}
	if b := blocks[2]; b.Lang != "console" || b.Script != "kubectl lessons status -A\nkubectl get lr\n" {
		t.Errorf("console block: %+v", b)
	}
}

func TestExtractRefusesAMalformedMarker(t *testing.T) {
	root := t.TempDir()
	md := "<!-- docs-test: skip -->\n```sh\nmake demo\n```\n"
	if err := os.WriteFile(filepath.Join(root, "README.md"), []byte(md), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Extract(root, "README.md"); err == nil || !strings.Contains(err.Error(), "README.md:2") {
		t.Errorf("err = %v, want one naming README.md:2", err)
	}
}
