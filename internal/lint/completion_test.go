package lint

import (
	"context"
	"path/filepath"
	"testing"
	"time"
)

// A completedAt still to come is judged against the now the caller gives,
// not the wall clock: an hour after now it is reported, at now or an hour
// before it is not.
func TestCompletedAtInTheFutureFollowsNow(t *testing.T) {
	const file = "testdata/clean/phishing/review.yml"
	completed := time.Date(2026, 6, 5, 16, 30, 0, 0, time.UTC) // the folder's one completedAt
	files, err := FindFiles([]string{filepath.FromSlash("testdata/clean")})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		now  time.Time
		want []string
	}{
		{"an hour after now", completed.Add(-time.Hour), []string{
			file + `:46: warning: improvementaction/phishing-2026-05-mfa: completed 2026-06-05T16:30:00Z, which has not come yet: the operator counts the action as open until then; write the time the work was done`,
		}},
		{"at now", completed, nil},
		{"an hour before now", completed.Add(time.Hour), nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			res, err := Check(context.Background(), files, c.now)
			if err != nil {
				t.Fatal(err)
			}
			assertFindings(t, res.Findings, c.want)
		})
	}
}
