package render

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// htmlGoldenCases are the reports whose HTML is kept whole in testdata:
// the financial year with everything in it (the governance cycle held,
// a process review's actions and an exercise's lessons), and the year in
// which nothing was held.
var htmlGoldenCases = []string{"financial-year", "empty"}

func TestHTMLGolden(t *testing.T) {
	for _, tc := range goldenCases {
		if !slices.Contains(htmlGoldenCases, tc.name) {
			continue
		}
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := HTML(&buf, tc.report(), tc.register()); err != nil {
				t.Fatal(err)
			}
			checkGoldenFile(t, filepath.Join("testdata", tc.name+".golden.html"), buf.String())
		})
	}
}

// checkGoldenFile compares a rendered document with the file at path, or
// rewrites the file with -update.
func checkGoldenFile(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run `go test ./internal/render/ -update` to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the rendered document (run with -update if the change is intended):\n%s", path, lineDiff(string(want), got))
	}
}
