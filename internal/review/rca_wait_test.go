package review_test

import (
	"testing"
	"time"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

func TestRCAOverdueFact(t *testing.T) {
	p := review.DefaultPolicy()
	approved := rca(fixtures.SignedOff(v1alpha1.SignOffApproved, rcaDue.Add(-time.Hour)))
	for _, c := range []struct {
		name string
		rca  *v1alpha1.RootCauseAnalysis
		inc  *v1alpha1.Incident
		now  time.Time
		want bool
	}{
		{"a draft before its deadline", rca(), incident(), rcaDue.Add(-time.Nanosecond), false},
		{"a draft at its deadline", rca(), incident(), rcaDue, true},
		{"awaiting sign-off past its deadline", rca(fixtures.Submitted()), incident(), rcaDue.Add(time.Hour), true},
		{"signed off past its deadline", approved, incident(), rcaDue.Add(time.Hour), false},
		{"none written past the incident's deadline", nil, incident(), rcaDue, true},
		{"none written before it", nil, incident(), rcaDue.Add(-time.Second), false},
		{"its incident unknown and no dueDate", rca(), nil, rcaDue.Add(365 * 24 * time.Hour), false},
		{"its incident unknown, past its own dueDate", rca(func(r *v1alpha1.RootCauseAnalysis) { r.Spec.DueDate = fixtures.Time(rcaDue) }), nil, rcaDue, true},
	} {
		if got := review.RCAOverdue(p, c.rca, c.inc, c.now); got != c.want {
			t.Errorf("%s: overdue = %v, want %v", c.name, got, c.want)
		}
	}
}

// The wait for the SIRO is timed from when the operator first saw it, and
// only while it lasts.
func TestAwaitingSignOffSince(t *testing.T) {
	p := review.DefaultPolicy()
	inc := incident()
	seen, later := t0.Add(2*24*time.Hour), t0.Add(9*24*time.Hour)
	submitted := rca(fixtures.Submitted())

	first := review.ComputeRCAAmong(p, submitted, inc, nil, seen).Status
	if first.AwaitingSignOffSince == nil || !first.AwaitingSignOffSince.Time.Equal(seen) {
		t.Fatalf("first sight awaiting sign-off: since = %v, want %s", first.AwaitingSignOffSince, seen)
	}
	submitted.Status = first
	if got := review.ComputeRCAAmong(p, submitted, inc, nil, later).Status.AwaitingSignOffSince; got == nil || !got.Time.Equal(seen) {
		t.Errorf("a week on: since = %v, want it kept at %s", got, seen)
	}

	changes := rca(fixtures.SignedOff(v1alpha1.SignOffChangesRequested, later))
	changes.Status = first
	if got := review.ComputeRCAAmong(p, changes, inc, nil, later).Status.AwaitingSignOffSince; got != nil {
		t.Errorf("changes requested: since = %v, want unset", got)
	}

	// Submitted again after a stretch in another phase: a new wait.
	resubmitted := rca(fixtures.Submitted())
	resubmitted.Status = first
	resubmitted.Status.Phase = v1alpha1.RCAChangesRequested
	if got := review.ComputeRCAAmong(p, resubmitted, inc, nil, later).Status.AwaitingSignOffSince; got == nil || !got.Time.Equal(later) {
		t.Errorf("submitted again: since = %v, want %s", got, later)
	}

	if got := review.ComputeRCAAmong(p, rca(), inc, nil, later).Status.AwaitingSignOffSince; got != nil {
		t.Errorf("a draft: since = %v, want unset", got)
	}
}
