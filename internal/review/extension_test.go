package review_test

import (
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/api/meta"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

// An agreed extension moves the deadline in force, never the record of the
// deadline first agreed.
func TestAgreedExtensions(t *testing.T) {
	p := review.DefaultPolicy()
	extendedTo := due.Add(14 * statuskit.Day)
	furtherTo := extendedTo.Add(7 * statuskit.Day)
	agreed := fixtures.Extended(extendedTo, due.Add(-statuskit.Day))
	for _, c := range []struct {
		name                    string
		opts                    []fixtures.Option[v1alpha1.ImprovementAction]
		now                     time.Time
		wantDue                 time.Time
		wantPhase               v1alpha1.ActionPhase
		wantExtensions          int32
		wantLate, wantAfterOrig bool
	}{
		{"no extension: the deadline first agreed is in force", nil, due.Add(time.Hour), due, v1alpha1.ActionOverdue, 0, false, false},
		{"extended: not overdue past the first deadline", opts[v1alpha1.ImprovementAction](agreed), due.Add(time.Hour), extendedTo, v1alpha1.ActionOpen, 1, false, false},
		{"extended: overdue past the agreed deadline", opts[v1alpha1.ImprovementAction](agreed), extendedTo, extendedTo, v1alpha1.ActionOverdue, 1, false, false},
		{"extended twice: the last agreed is in force", opts[v1alpha1.ImprovementAction](agreed, fixtures.Extended(furtherTo, extendedTo.Add(-time.Hour))), extendedTo.Add(time.Hour), furtherTo, v1alpha1.ActionOpen, 2, false, false},
		{"done by the agreed deadline, after the first", opts[v1alpha1.ImprovementAction](agreed, fixtures.Done(due.Add(statuskit.Day))), extendedTo.Add(statuskit.Day), extendedTo, v1alpha1.ActionDone, 1, false, true},
		{"done after the agreed deadline", opts[v1alpha1.ImprovementAction](agreed, fixtures.Done(extendedTo.Add(time.Hour))), extendedTo.Add(statuskit.Day), extendedTo, v1alpha1.ActionDone, 1, true, true},
		{"done on time, never extended", opts[v1alpha1.ImprovementAction](fixtures.Done(due.Add(-time.Hour))), due.Add(statuskit.Day), due, v1alpha1.ActionDone, 0, false, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := action(c.opts...)
			st := computeAction(t, p, a, true, c.now).Status
			if st.DueAt == nil || !st.DueAt.Time.Equal(c.wantDue) {
				t.Errorf("dueAt = %v, want %s", st.DueAt, c.wantDue)
			}
			if st.Phase != c.wantPhase || st.Extensions != c.wantExtensions {
				t.Errorf("phase %s with %d extensions, want %s with %d", st.Phase, st.Extensions, c.wantPhase, c.wantExtensions)
			}
			if st.CompletedLate != c.wantLate || st.CompletedAfterOriginalDueDate != c.wantAfterOrig {
				t.Errorf("completedLate %v, completedAfterOriginalDueDate %v; want %v, %v", st.CompletedLate, st.CompletedAfterOriginalDueDate, c.wantLate, c.wantAfterOrig)
			}
			if a.Spec.DueDate.Time != due {
				t.Error("the deadline first agreed changed")
			}
		})
	}
}

// An action announced overdue and then extended is on track again, and is
// announced again, once, when the agreed deadline passes too.
func TestAnExtensionAfterAnOverdueAnnouncement(t *testing.T) {
	p := review.DefaultPolicy()
	a := action()
	res := computeAction(t, p, a, true, due.Add(time.Hour))
	if len(res.Announcements) != 1 || res.Announcements[0].Reason != v1alpha1.EventActionOverdue {
		t.Fatalf("announcements at the first deadline: %+v", res.Announcements)
	}
	a.Status = res.Status
	extendedTo := due.Add(14 * statuskit.Day)
	fixtures.Extended(extendedTo, due.Add(2*time.Hour))(a)

	res = computeAction(t, p, a, true, due.Add(3*time.Hour))
	if res.Status.Phase != v1alpha1.ActionOpen || meta.IsStatusConditionTrue(res.Status.Conditions, string(v1alpha1.ConditionOverdue)) {
		t.Errorf("after the extension: phase %s, Overdue %v; want Open and not overdue", res.Status.Phase, res.Status.Conditions)
	}
	if res.RequeueAfter != p.DueSoonFrom(extendedTo).Sub(due.Add(3*time.Hour)) {
		t.Errorf("requeue after %s, want the new due-soon window", res.RequeueAfter)
	}
	a.Status = res.Status
	res = computeAction(t, p, a, true, extendedTo)
	overdue := 0
	for _, an := range res.Announcements {
		if an.Reason == v1alpha1.EventActionOverdue {
			overdue++
		}
	}
	if overdue != 1 || res.Status.OverdueSince == nil || !res.Status.OverdueSince.Time.Equal(extendedTo) {
		t.Errorf("at the agreed deadline: %d overdue announcements, overdueSince %v; want one, since %s", overdue, res.Status.OverdueSince, extendedTo)
	}
}

// An action due later after its incident's detection than its priority
// allows is flagged once; the agreed deadline counts.
func TestPriorityTimescale(t *testing.T) {
	p := review.DefaultPolicy()
	critical := func(a *v1alpha1.ImprovementAction) { a.Spec.Priority = v1alpha1.PriorityCritical }
	incident := fixtures.Incident("phishing") // detected at t0
	for _, c := range []struct {
		name       string
		opts       []fixtures.Option[v1alpha1.ImprovementAction]
		wantWithin string // "" when the condition is not set
		wantEvent  bool
	}{
		{"High, due 30 days after detection", nil, "True", false},
		{"Critical, due 30 days after detection: at the limit", opts[v1alpha1.ImprovementAction](critical), "True", false},
		{"Critical, extended past 30 days", opts[v1alpha1.ImprovementAction](critical, fixtures.Extended(t0.Add(31*statuskit.Day), t0.Add(statuskit.Day))), "False", true},
		{"High, extended past 90 days", opts[v1alpha1.ImprovementAction](fixtures.Extended(t0.Add(91*statuskit.Day), t0.Add(statuskit.Day))), "False", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := action(c.opts...)
			res := review.ComputeAction(p, a, incident, t0.Add(statuskit.Day))
			cond := meta.FindStatusCondition(res.Status.Conditions, string(v1alpha1.ConditionWithinTimescale))
			if cond == nil || string(cond.Status) != c.wantWithin {
				t.Fatalf("WithinTimescale = %+v, want %s", cond, c.wantWithin)
			}
			events := 0
			for _, an := range res.Announcements {
				if an.Reason == v1alpha1.EventActionBeyondTimescale {
					events++
				}
			}
			if events != map[bool]int{true: 1, false: 0}[c.wantEvent] {
				t.Errorf("%d ActionBeyondTimescale events, want one only when beyond", events)
			}
			a.Status = res.Status
			for _, an := range review.ComputeAction(p, a, incident, t0.Add(2*statuskit.Day)).Announcements {
				if an.Reason == v1alpha1.EventActionBeyondTimescale {
					t.Error("ActionBeyondTimescale raised again")
				}
			}
		})
	}
	if res := review.ComputeAction(p, action(critical), nil, t0); meta.FindStatusCondition(res.Status.Conditions, string(v1alpha1.ConditionWithinTimescale)) != nil {
		t.Error("WithinTimescale is set though the incident, and so its detection, is unknown")
	}
}
