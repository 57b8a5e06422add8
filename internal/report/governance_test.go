package report_test

import (
	"slices"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/report"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

// The financial year 2025/26, judged on dates in and after it.
var (
	pastFrom = time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC)
	pastTo   = time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
)

func governed(now time.Time, reviews []*v1alpha1.ProcessReview, members ...review.Case) report.Result {
	r := fixtures.Report("fy2025", fixtures.Period(pastFrom, pastTo))
	return report.ComputeReportIn(policy, r, report.OneNamespace(r.Namespace), members, reviews, nil, now)
}

func exerciseAt(detected time.Time) review.Case {
	return member(fixtures.Incident("tabletop-"+detected.Format("2006-01-02"), fixtures.Exercise, fixtures.DetectedAt(detected, time.Hour)))
}

func announced(res report.Result) []v1alpha1.EventReason {
	var out []v1alpha1.EventReason
	for _, a := range res.Announcements {
		out = append(out, a.Reason)
	}
	return out
}

func TestTheAnnualCycle(t *testing.T) {
	day := statuskit.Day
	mid := time.Date(2025, 10, 1, 9, 0, 0, 0, time.UTC)
	workshop := fixtures.ProcessReview("workshop", time.Date(2025, 9, 17, 10, 0, 0, 0, time.UTC))
	staffOnly := fixtures.ProcessReview("staff-only", time.Date(2025, 9, 17, 10, 0, 0, 0, time.UTC), fixtures.WithoutUserRepresentatives)
	for _, tc := range []struct {
		name      string
		now       time.Time
		reviews   []*v1alpha1.ProcessReview
		members   []review.Case
		review    string // the ProcessReviewHeld condition, status/reason
		exercise  string // the ExerciseHeld condition
		announced []v1alpha1.EventReason
		want      v1alpha1.Governance
		overdue   int32
	}{
		{name: "nothing held in the year", now: mid,
			review: "False/ProcessReviewDue", exercise: "False/ExerciseDue",
			announced: []v1alpha1.EventReason{v1alpha1.EventProcessReviewDue, v1alpha1.EventExerciseDue},
			want:      v1alpha1.Governance{ProcessReviewDueAt: fixtures.Time(pastFrom), ExerciseDueAt: fixtures.Time(pastFrom)}, overdue: 2},
		{name: "a workshop with user representatives and a tabletop exercise", now: mid,
			reviews: []*v1alpha1.ProcessReview{workshop}, members: []review.Case{exerciseAt(time.Date(2025, 6, 11, 14, 0, 0, 0, time.UTC))},
			review: "True/HeldWithinInterval", exercise: "True/HeldWithinInterval",
			want: v1alpha1.Governance{ProcessReviews: 1, UserRepresentedReviews: 1, Workarounds: 1,
				LastProcessReviewAt: &workshop.Spec.HeldAt, ProcessReviewDueAt: fixtures.Time(workshop.Spec.HeldAt.Add(365 * day)),
				Exercises: 1, LastExerciseAt: fixtures.Time(time.Date(2025, 6, 11, 14, 0, 0, 0, time.UTC)), ExerciseDueAt: fixtures.Time(time.Date(2026, 6, 11, 14, 0, 0, 0, time.UTC))}},
		{name: "a review without user representatives counts, but not as represented", now: mid,
			reviews: []*v1alpha1.ProcessReview{staffOnly},
			review:  "True/HeldWithinInterval", exercise: "False/ExerciseDue",
			announced: []v1alpha1.EventReason{v1alpha1.EventExerciseDue},
			want: v1alpha1.Governance{ProcessReviews: 1, Workarounds: 1,
				LastProcessReviewAt: &staffOnly.Spec.HeldAt, ProcessReviewDueAt: fixtures.Time(staffOnly.Spec.HeldAt.Add(365 * day)), ExerciseDueAt: fixtures.Time(pastFrom)},
			overdue: 1},
		{name: "a review planned for next month counts nothing yet", now: time.Date(2025, 8, 17, 10, 0, 0, 0, time.UTC),
			reviews: []*v1alpha1.ProcessReview{workshop},
			review:  "False/ProcessReviewDue", exercise: "False/ExerciseDue",
			announced: []v1alpha1.EventReason{v1alpha1.EventProcessReviewDue, v1alpha1.EventExerciseDue},
			want:      v1alpha1.Governance{ProcessReviewDueAt: fixtures.Time(pastFrom), ExerciseDueAt: fixtures.Time(pastFrom)}, overdue: 2},
		{name: "last year's review keeps the duty met until its anniversary", now: time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC),
			reviews: []*v1alpha1.ProcessReview{fixtures.ProcessReview("last-year", time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC))},
			members: []review.Case{exerciseAt(time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC))},
			review:  "True/HeldWithinInterval", exercise: "True/HeldWithinInterval",
			want: v1alpha1.Governance{LastProcessReviewAt: fixtures.Time(time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)), ProcessReviewDueAt: fixtures.Time(time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)),
				LastExerciseAt: fixtures.Time(time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC)), ExerciseDueAt: fixtures.Time(time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC))}},
		{name: "past its anniversary, the duty falls due", now: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC),
			reviews: []*v1alpha1.ProcessReview{fixtures.ProcessReview("last-year", time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC))},
			members: []review.Case{exerciseAt(time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC))},
			review:  "False/ProcessReviewDue", exercise: "True/HeldWithinInterval",
			announced: []v1alpha1.EventReason{v1alpha1.EventProcessReviewDue},
			want: v1alpha1.Governance{LastProcessReviewAt: fixtures.Time(time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)), ProcessReviewDueAt: fixtures.Time(time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)),
				LastExerciseAt: fixtures.Time(time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC)), ExerciseDueAt: fixtures.Time(time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC))},
			overdue: 1},
		{name: "an ended year is judged at its end, years later", now: time.Date(2031, 6, 1, 0, 0, 0, 0, time.UTC),
			reviews: []*v1alpha1.ProcessReview{workshop}, members: []review.Case{exerciseAt(time.Date(2025, 6, 11, 14, 0, 0, 0, time.UTC))},
			review: "True/HeldWithinInterval", exercise: "True/HeldWithinInterval",
			want: v1alpha1.Governance{ProcessReviews: 1, UserRepresentedReviews: 1, Workarounds: 1,
				LastProcessReviewAt: &workshop.Spec.HeldAt, ProcessReviewDueAt: fixtures.Time(workshop.Spec.HeldAt.Add(365 * day)),
				Exercises: 1, LastExerciseAt: fixtures.Time(time.Date(2025, 6, 11, 14, 0, 0, 0, time.UTC)), ExerciseDueAt: fixtures.Time(time.Date(2026, 6, 11, 14, 0, 0, 0, time.UTC))},
			overdue: 1}, // the report's own sign-off is overdue
		{name: "a review after an ended year does not count for it; the year's record is kept, not announced", now: time.Date(2031, 6, 1, 0, 0, 0, 0, time.UTC),
			reviews: []*v1alpha1.ProcessReview{fixtures.ProcessReview("too-late", time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC))},
			review:  "False/ProcessReviewDue", exercise: "False/ExerciseDue",
			want:    v1alpha1.Governance{ProcessReviewDueAt: fixtures.Time(pastFrom), ExerciseDueAt: fixtures.Time(pastFrom)},
			overdue: 1}, // the report's own sign-off; the year's duties are its record, owed no more
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := governed(tc.now, tc.reviews, tc.members...)
			st := res.Status
			if got := cond(st, v1alpha1.ConditionProcessReviewHeld); got != tc.review {
				t.Errorf("ProcessReviewHeld %s, want %s", got, tc.review)
			}
			if got := cond(st, v1alpha1.ConditionExerciseHeld); got != tc.exercise {
				t.Errorf("ExerciseHeld %s, want %s", got, tc.exercise)
			}
			got := announced(res)
			got = slices.DeleteFunc(got, func(r v1alpha1.EventReason) bool { return r == v1alpha1.EventReportSignOffOverdue })
			if !slices.Equal(got, tc.announced) {
				t.Errorf("announced %v, want %v", got, tc.announced)
			}
			if st.Governance == nil || !equalGovernance(*st.Governance, tc.want) {
				t.Errorf("governance %+v, want %+v", st.Governance, tc.want)
			}
			if st.Overdue != tc.overdue {
				t.Errorf("overdue %d, want %d", st.Overdue, tc.overdue)
			}
		})
	}
}

func equalGovernance(a, b v1alpha1.Governance) bool {
	same := func(x, y *metav1.Time) bool { return (x == nil) == (y == nil) && (x == nil || x.Equal(y)) }
	return a.ProcessReviews == b.ProcessReviews && a.UserRepresentedReviews == b.UserRepresentedReviews && a.Workarounds == b.Workarounds &&
		a.Exercises == b.Exercises && same(a.LastProcessReviewAt, b.LastProcessReviewAt) && same(a.ProcessReviewDueAt, b.ProcessReviewDueAt) &&
		same(a.LastExerciseAt, b.LastExerciseAt) && same(a.ExerciseDueAt, b.ExerciseDueAt)
}

// A year without a review raises ProcessReviewDue exactly once, however
// often the report is computed; holding one clears it, and the next
// anniversary raises it again.
func TestProcessReviewDueIsRaisedOnceAndClearedByAReview(t *testing.T) {
	r := fixtures.Report("fy2025", fixtures.Period(pastFrom, pastTo))
	exercised := []review.Case{exerciseAt(time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC))}
	step := func(now time.Time, reviews ...*v1alpha1.ProcessReview) report.Result {
		res := report.ComputeReportIn(policy, r, report.OneNamespace(r.Namespace), exercised, reviews, nil, now)
		r.Status = res.Status
		return res
	}
	now := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	if got := announced(step(now)); !slices.Equal(got, []v1alpha1.EventReason{v1alpha1.EventProcessReviewDue}) {
		t.Fatalf("first computation announced %v", got)
	}
	for _, later := range []time.Duration{0, time.Hour, 30 * statuskit.Day} {
		if got := announced(step(now.Add(later))); len(got) != 0 {
			t.Fatalf("%s later announced %v again", later, got)
		}
	}
	held := fixtures.ProcessReview("workshop", now.Add(40*statuskit.Day))
	planned := step(now.Add(35*statuskit.Day), held)
	if cond(planned.Status, v1alpha1.ConditionProcessReviewHeld) != "False/ProcessReviewDue" || planned.RequeueAfter > 5*statuskit.Day {
		t.Fatalf("a planned review: %s, requeue after %s (want by the day it is held)", cond(planned.Status, v1alpha1.ConditionProcessReviewHeld), planned.RequeueAfter)
	}
	cleared := step(held.Spec.HeldAt.Time, held)
	if cond(cleared.Status, v1alpha1.ConditionProcessReviewHeld) != "True/HeldWithinInterval" || len(cleared.Announcements) != 0 {
		t.Fatalf("held: %s, announced %v", cond(cleared.Status, v1alpha1.ConditionProcessReviewHeld), announced(cleared))
	}
	if cleared.RequeueAfter <= 0 {
		t.Fatalf("no requeue for the review's anniversary")
	}
}
