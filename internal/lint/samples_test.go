package lint

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

// The sample folders are a year that has ended: as kustomize renders them
// for kubectl apply -k, each is clean on any day after that year, however
// long after, and on the day the tests were written.
func TestSampleFoldersAsAppliedAreClean(t *testing.T) {
	days := []time.Time{lintNow, time.Date(2031, 6, 1, 9, 0, 0, 0, time.UTC), time.Date(2046, 4, 1, 0, 0, 0, 0, time.UTC)}
	for _, folder := range []string{"samples", "samples-signed-off", "samples-organisation"} {
		t.Run(folder, func(t *testing.T) {
			rendered := filepath.Join(t.TempDir(), folder+".yaml")
			if err := os.WriteFile(rendered, testenv.KustomizeT(t, testenv.ConfigDir(folder)), 0o644); err != nil {
				t.Fatal(err)
			}
			for _, now := range days {
				res, err := Check(context.Background(), []string{rendered}, now)
				if err != nil {
					t.Fatal(err)
				}
				if res.Objects == 0 {
					t.Fatalf("no objects checked in %s", folder)
				}
				assertFindings(t, res.Findings, nil)
			}
		})
	}
}
