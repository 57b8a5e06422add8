package review_test

import (
	"testing"
	"time"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

// An analysis's deadline is agreed like an action's: the last extension
// is the deadline in force, for the analysis and for its incident's
// duties; one beyond the severity's review window is flagged once.
func TestRCADeadlinesAreAgreed(t *testing.T) {
	p := review.DefaultPolicy()
	window := t0.Add(15 * statuskit.Day) // a High incident's review window
	now := t0.Add(statuskit.Day)
	for _, c := range []struct {
		name       string
		opts       []fixtures.Option[v1alpha1.RootCauseAnalysis]
		wantDue    time.Time
		wantWithin bool
	}{
		{"the review window", nil, window, true},
		{"a dueDate inside it", opts(rcaDueDate(t0.Add(10 * statuskit.Day))), t0.Add(10 * statuskit.Day), true},
		{"a dueDate at its end", opts(rcaDueDate(window)), window, true},
		{"a dueDate beyond it", opts(rcaDueDate(window.Add(time.Second))), window.Add(time.Second), false},
		{"extended within it", opts(rcaDueDate(t0.Add(5*statuskit.Day)), fixtures.RCAExtended(t0.Add(12*statuskit.Day), now)), t0.Add(12 * statuskit.Day), true},
		{"extended twice, beyond it", opts(fixtures.RCAExtended(window.Add(statuskit.Day), now), fixtures.RCAExtended(window.Add(30*statuskit.Day), now)), window.Add(30 * statuskit.Day), false},
	} {
		t.Run(c.name, func(t *testing.T) {
			inc := incident()
			r := rca(c.opts...)
			res := computeRCA(t, p, r, inc, now)
			if res.Status.DueAt == nil || !res.Status.DueAt.Time.Equal(c.wantDue) {
				t.Errorf("dueAt = %s, want %s", show(res.Status.DueAt), c.wantDue)
			}
			wantCond, wantEvents := "True/WithinReviewWindow", 0
			if !c.wantWithin {
				wantCond, wantEvents = "False/BeyondReviewWindow", 1
			}
			if got := condMap(res.Status.Conditions)[v1alpha1.ConditionWithinTimescale]; got != wantCond {
				t.Errorf("WithinTimescale = %v, want %s", got, wantCond)
			}
			if got := countReason(res.Announcements, v1alpha1.EventRCABeyondReviewWindow); got != wantEvents {
				t.Errorf("%d RCABeyondReviewWindow announcements, want %d", got, wantEvents)
			}
			// Seen again with the status it wrote: announced once only.
			r.Status = stored(t, res.Status)
			if again := review.ComputeRCAAmong(p, r, inc, nil, now.Add(time.Hour)); countReason(again.Announcements, v1alpha1.EventRCABeyondReviewWindow) != 0 {
				t.Error("RCABeyondReviewWindow announced again")
			}
			// The incident owes the analysis by the deadline in force.
			st := review.ComputeIncident(p, inc, []*v1alpha1.RootCauseAnalysis{r}, nil, now).Status
			if st.NextDueAt == nil || !st.NextDueAt.Time.Equal(c.wantDue) {
				t.Errorf("the incident's nextDueAt = %s, want %s", show(st.NextDueAt), c.wantDue)
			}
		})
	}
}

// countReason counts the announcements with the reason.
func countReason(as []statuskit.Announcement, reason v1alpha1.EventReason) int {
	n := 0
	for _, a := range as {
		if a.Reason == reason {
			n++
		}
	}
	return n
}
