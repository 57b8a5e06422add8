package review_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/api/meta"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

// due is the due date of the actions under test; dueSoonFrom opens the
// default due-soon window.
var (
	due         = t0.Add(30 * statuskit.Day)
	dueSoonFrom = due.Add(-72 * time.Hour)
)

func action(opts ...fixtures.Option[v1alpha1.ImprovementAction]) *v1alpha1.ImprovementAction {
	return fixtures.Action("enforce-mfa", "phishing", due, opts...)
}

// computeAction computes the action's status at now and checks what every
// computation owes: the object handed in is left alone, and the computed
// status, once stored, is at rest until the requeue.
func computeAction(t *testing.T, p review.Policy, a *v1alpha1.ImprovementAction, found bool, now time.Time) review.ActionResult {
	t.Helper()
	before := a.DeepCopy()
	res := review.ComputeAction(p, a, incidentIf(found), now)
	if !equality.Semantic.DeepEqual(before, a) {
		t.Errorf("ComputeAction changed the action it was given")
	}
	assertAtRest(t, now, res,
		func(prev v1alpha1.ImprovementActionStatus, at time.Time) statuskit.Result[v1alpha1.ImprovementActionStatus] {
			again := a.DeepCopy()
			again.Status = prev
			r := review.ComputeAction(p, again, incidentIf(found), at)
			return r
		})
	return res
}

func TestActionStateAndFinished(t *testing.T) {
	for _, c := range []struct {
		name         string
		state        v1alpha1.ActionState
		wantState    v1alpha1.ActionState
		wantFinished bool
	}{
		{"omitted means Open", "", v1alpha1.ActionStateOpen, false},
		{"Open", v1alpha1.ActionStateOpen, v1alpha1.ActionStateOpen, false},
		{"InProgress", v1alpha1.ActionStateInProgress, v1alpha1.ActionStateInProgress, false},
		{"Done", v1alpha1.ActionStateDone, v1alpha1.ActionStateDone, true},
		{"Cancelled", v1alpha1.ActionStateCancelled, v1alpha1.ActionStateCancelled, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := action(actionState(c.state))
			if got := review.ActionState(a); got != c.wantState {
				t.Errorf("ActionState = %q, want %q", got, c.wantState)
			}
			if got := review.ActionFinished(a, due.Add(time.Hour)); got != c.wantFinished {
				t.Errorf("ActionFinished = %v, want %v", got, c.wantFinished)
			}
			if a.Spec.State != c.state {
				t.Errorf("the omitted state was written into the spec: %q", a.Spec.State)
			}
		})
	}
}

func TestActionPhaseAroundTheDueDate(t *testing.T) {
	offsets := []struct {
		name   string
		offset time.Duration
		side   int // -1 before the due date, 0 at it, 1 after it
	}{
		{"a day before", -statuskit.Day, -1},
		{"one second before", -time.Second, -1},
		{"one nanosecond before", justBefore, -1},
		{"exactly at", exactly, 0},
		{"one nanosecond after", justAfter, 1},
		{"a week after", 7 * statuskit.Day, 1},
	}
	for _, c := range []struct {
		name                  string
		opts                  []fixtures.Option[v1alpha1.ImprovementAction]
		before, atDue, after  v1alpha1.ActionPhase
		wantOverdueBeforeDue  string
		wantOverdueFromDueOn  string
		wantCompletedLateFlag bool
		// wantOverdueAfterDue, when set, differs from wantOverdueFromDueOn
		// after the due date.
		wantOverdueAfterDue string
	}{
		{"state omitted", nil, v1alpha1.ActionOpen, v1alpha1.ActionOverdue, v1alpha1.ActionOverdue,
			is(false, v1alpha1.ReasonOnTrack), is(true, v1alpha1.ReasonPastDueDate), false, ""},
		{"Open", opts(actionState(v1alpha1.ActionStateOpen)), v1alpha1.ActionOpen, v1alpha1.ActionOverdue, v1alpha1.ActionOverdue,
			is(false, v1alpha1.ReasonOnTrack), is(true, v1alpha1.ReasonPastDueDate), false, ""},
		{"InProgress", opts(fixtures.InProgress()), v1alpha1.ActionInProgress, v1alpha1.ActionOverdue, v1alpha1.ActionOverdue,
			is(false, v1alpha1.ReasonOnTrack), is(true, v1alpha1.ReasonPastDueDate), false, ""},
		{"Done on time", opts(fixtures.Done(due.Add(-statuskit.Day))), v1alpha1.ActionDone, v1alpha1.ActionDone, v1alpha1.ActionDone,
			is(false, v1alpha1.ReasonFinished), is(false, v1alpha1.ReasonFinished), false, ""},
		// Completed a nanosecond late: before then the completion is still
		// to come, and not believed.
		{"Done late", opts(fixtures.Done(due.Add(justAfter))), v1alpha1.ActionInProgress, v1alpha1.ActionOverdue, v1alpha1.ActionDone,
			is(false, v1alpha1.ReasonOnTrack), is(true, v1alpha1.ReasonPastDueDate), true, is(false, v1alpha1.ReasonFinished)},
		{"Cancelled", opts(fixtures.Cancelled()), v1alpha1.ActionCancelled, v1alpha1.ActionCancelled, v1alpha1.ActionCancelled,
			is(false, v1alpha1.ReasonFinished), is(false, v1alpha1.ReasonFinished), false, ""},
	} {
		for _, o := range offsets {
			t.Run(c.name+"/"+o.name, func(t *testing.T) {
				now := due.Add(o.offset)
				want, wantOverdue := c.atDue, c.wantOverdueFromDueOn
				switch o.side {
				case -1:
					want, wantOverdue = c.before, c.wantOverdueBeforeDue
				case 1:
					want = c.after
					if c.wantOverdueAfterDue != "" {
						wantOverdue = c.wantOverdueAfterDue
					}
				}
				a := action(c.opts...)
				if got := review.ActionPhase(a, now); got != want {
					t.Errorf("ActionPhase = %s, want %s", got, want)
				}
				res := computeAction(t, review.DefaultPolicy(), a, true, now)
				st := res.Status
				if st.Phase != want {
					t.Errorf("status.phase = %s, want %s", st.Phase, want)
				}
				if want == v1alpha1.ActionOverdue {
					if !sameInstant(st.OverdueSince, at(due)) {
						t.Errorf("overdueSince = %s, want the due date %s", show(st.OverdueSince), due)
					}
				} else if st.OverdueSince != nil {
					t.Errorf("overdueSince = %s on a %s action", show(st.OverdueSince), want)
				}
				if got := cond(st.Conditions, v1alpha1.ConditionOverdue); got != wantOverdue {
					t.Errorf("Overdue = %s, want %s", got, wantOverdue)
				}
				if got := cond(st.Conditions, v1alpha1.ConditionReady); got != is(true, v1alpha1.ReasonReconciled) {
					t.Errorf("Ready = %s", got)
				}
				// A completion still to come is not recorded, late or not.
				if wantLate := c.wantCompletedLateFlag && !review.CompletedInFuture(a, now); st.CompletedLate != wantLate {
					t.Errorf("completedLate = %v, want %v", st.CompletedLate, wantLate)
				}
				if st.ObservedGeneration != a.Generation {
					t.Errorf("observedGeneration = %d, want %d", st.ObservedGeneration, a.Generation)
				}
			})
		}
	}
}

// opts lists options, to keep table rows short.
func opts[T any](o ...fixtures.Option[T]) []fixtures.Option[T] { return o }

func TestCompletedLate(t *testing.T) {
	for _, c := range []struct {
		name string
		opts []fixtures.Option[v1alpha1.ImprovementAction]
		want bool
	}{
		{"completed a day before the due date", opts(fixtures.Done(due.Add(-statuskit.Day))), false},
		{"completed one second before", opts(fixtures.Done(due.Add(-time.Second))), false},
		{"completed one nanosecond before", opts(fixtures.Done(due.Add(justBefore))), false},
		{"completed exactly at the due date", opts(fixtures.Done(due)), false},
		{"completed one nanosecond after", opts(fixtures.Done(due.Add(justAfter))), true},
		{"completed one second after", opts(fixtures.Done(due.Add(time.Second))), true},
		{"completed a month after", opts(fixtures.Done(due.Add(30 * statuskit.Day))), true},
		{"Done without completedAt", opts(fixtures.Done(due.Add(statuskit.Day)), completedWithoutDate()), false},
		{"a completedAt on an action not Done", opts(fixtures.InProgress(), completedAt(due.Add(statuskit.Day))), false},
		{"a completedAt on a cancelled action", opts(fixtures.Cancelled(), completedAt(due.Add(statuskit.Day))), false},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := action(c.opts...)
			if got := review.CompletedLate(a); got != c.want {
				t.Errorf("CompletedLate = %v, want %v", got, c.want)
			}
			if got := computeAction(t, review.DefaultPolicy(), a, true, due.Add(40*statuskit.Day)).Status.CompletedLate; got != c.want {
				t.Errorf("status.completedLate = %v, want %v", got, c.want)
			}
		})
	}
}

func TestActionReady(t *testing.T) {
	for _, c := range []struct {
		name      string
		found     bool
		wantReady string
	}{
		{"the incident exists", true, is(true, v1alpha1.ReasonReconciled)},
		{"the incident does not exist yet", false, is(false, v1alpha1.ReasonIncidentNotFound)},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := action(generation[v1alpha1.ImprovementAction](7))
			st := computeAction(t, review.DefaultPolicy(), a, c.found, t0).Status
			if got := cond(st.Conditions, v1alpha1.ConditionReady); got != c.wantReady {
				t.Errorf("Ready = %s, want %s", got, c.wantReady)
			}
			ready := meta.FindStatusCondition(st.Conditions, string(v1alpha1.ConditionReady))
			if !c.found && !strings.Contains(ready.Message, `"phishing"`) {
				t.Errorf("Ready message %q does not name the missing incident", ready.Message)
			}
			for _, cd := range st.Conditions {
				if cd.ObservedGeneration != 7 {
					t.Errorf("%s observedGeneration = %d, want 7", cd.Type, cd.ObservedGeneration)
				}
			}
			if st.ObservedGeneration != 7 {
				t.Errorf("status observedGeneration = %d, want 7", st.ObservedGeneration)
			}
			// The business state is computed either way.
			if st.Phase != v1alpha1.ActionOpen || cond(st.Conditions, v1alpha1.ConditionOverdue) != is(false, v1alpha1.ReasonOnTrack) {
				t.Errorf("phase %s, Overdue %s", st.Phase, cond(st.Conditions, v1alpha1.ConditionOverdue))
			}
		})
	}
}

func TestActionRecoversWhenTheIncidentAppears(t *testing.T) {
	p := review.DefaultPolicy()
	a := action()
	first := review.ComputeAction(p, a, nil, t0)
	a.Status = stored(t, first.Status)
	second := computeAction(t, p, a, true, t0.Add(time.Minute))
	if got := cond(second.Status.Conditions, v1alpha1.ConditionReady); got != is(true, v1alpha1.ReasonReconciled) {
		t.Errorf("Ready = %s after the incident appeared", got)
	}
	ready := meta.FindStatusCondition(second.Status.Conditions, string(v1alpha1.ConditionReady))
	if !ready.LastTransitionTime.Time.Equal(t0.Add(time.Minute)) {
		t.Errorf("Ready lastTransitionTime = %s, want when it turned True", ready.LastTransitionTime)
	}
}

func TestActionDueSoon(t *testing.T) {
	later := due.Add(10 * statuskit.Day)
	for _, c := range []struct {
		name          string
		policy        func(*review.Policy)
		opts          []fixtures.Option[v1alpha1.ImprovementAction]
		now           time.Time
		wantAnnounced bool
		wantIn        string     // how the message says the time left, when announced
		wantStamp     *time.Time // status.dueSoonAnnouncedAt; nil when unset
		wantRequeue   time.Duration
	}{
		{name: "a day before the window", now: dueSoonFrom.Add(-statuskit.Day), wantRequeue: statuskit.Day},
		{name: "one second before the window", now: dueSoonFrom.Add(-time.Second), wantRequeue: time.Second},
		{name: "one nanosecond before the window", now: dueSoonFrom.Add(justBefore), wantRequeue: time.Nanosecond},
		{name: "exactly as the window opens", now: dueSoonFrom, wantAnnounced: true, wantIn: "in 3d",
			wantStamp: &dueSoonFrom, wantRequeue: 72 * time.Hour},
		{name: "one nanosecond into the window", now: dueSoonFrom.Add(justAfter), wantAnnounced: true, wantIn: "in 2d23h",
			wantStamp: &dueSoonFrom, wantRequeue: 72*time.Hour - time.Nanosecond},
		{name: "created inside the window", now: due.Add(-90 * time.Minute), wantAnnounced: true, wantIn: "in 1h30m",
			wantStamp: ptr(due.Add(-90 * time.Minute)), wantRequeue: 90 * time.Minute},
		{name: "InProgress entering the window", opts: opts(fixtures.InProgress()), now: dueSoonFrom, wantAnnounced: true,
			wantStamp: &dueSoonFrom, wantRequeue: 72 * time.Hour},
		{name: "already announced in this window", opts: opts(dueSoonAnnouncedAt(dueSoonFrom)), now: dueSoonFrom.Add(time.Hour),
			wantStamp: &dueSoonFrom, wantRequeue: 71 * time.Hour},
		{name: "already announced, one nanosecond before the due date", opts: opts(dueSoonAnnouncedAt(dueSoonFrom)), now: due.Add(justBefore),
			wantStamp: &dueSoonFrom, wantRequeue: time.Nanosecond},
		{name: "due date moved later: the new window opens", opts: opts(actionDue(later), dueSoonAnnouncedAt(dueSoonFrom)),
			now: later.Add(-72 * time.Hour), wantAnnounced: true, wantStamp: ptr(later.Add(-72 * time.Hour)), wantRequeue: 72 * time.Hour},
		{name: "due date moved later: one second before the new window", opts: opts(actionDue(later), dueSoonAnnouncedAt(dueSoonFrom)),
			now: later.Add(-72*time.Hour - time.Second), wantStamp: &dueSoonFrom, wantRequeue: time.Second},
		{name: "due date moved earlier: no second warning", opts: opts(actionDue(due.Add(-statuskit.Day)), dueSoonAnnouncedAt(dueSoonFrom)),
			now: dueSoonFrom.Add(time.Hour), wantStamp: &dueSoonFrom, wantRequeue: 47 * time.Hour},
		{name: "first seen at the due date: overdue instead", now: due, wantRequeue: 24 * time.Hour},
		{name: "Done inside the window", opts: opts(fixtures.Done(dueSoonFrom)), now: dueSoonFrom.Add(time.Hour)},
		{name: "Cancelled inside the window", opts: opts(fixtures.Cancelled()), now: dueSoonFrom},
		{name: "a one-hour window, just before", policy: func(p *review.Policy) { p.DueSoonWindow = time.Hour },
			now: due.Add(-time.Hour + justBefore), wantRequeue: time.Nanosecond},
		{name: "a one-hour window, as it opens", policy: func(p *review.Policy) { p.DueSoonWindow = time.Hour },
			now: due.Add(-time.Hour), wantAnnounced: true, wantIn: "in 1h", wantStamp: ptr(due.Add(-time.Hour)), wantRequeue: time.Hour},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := review.DefaultPolicy()
			if c.policy != nil {
				c.policy(&p)
			}
			a := action(c.opts...)
			res := computeAction(t, p, a, true, c.now)
			got := 0
			for _, an := range res.Announcements {
				if an.Reason == v1alpha1.EventActionDueSoon {
					got++
					if an.AlsoOnIncident {
						t.Error("ActionDueSoon is asked for on the incident too")
					}
					if !strings.Contains(an.Message, a.Spec.Title) || !strings.Contains(an.Message, a.Spec.DueDate.UTC().Format(time.RFC3339)) {
						t.Errorf("message %q does not name the action and its due date", an.Message)
					}
					if c.wantIn != "" && !strings.Contains(an.Message, c.wantIn) {
						t.Errorf("message %q does not say %q", an.Message, c.wantIn)
					}
				}
			}
			if want := once(c.wantAnnounced); got != want {
				t.Errorf("%d ActionDueSoon announcements, want %d (all: %v)", got, want, reasons(res.Announcements))
			}
			var wantStamp *time.Time
			if c.wantStamp != nil {
				wantStamp = ptr(c.wantStamp.Truncate(time.Second))
			}
			if wantStamp == nil && res.Status.DueSoonAnnouncedAt != nil || wantStamp != nil && !sameInstant(res.Status.DueSoonAnnouncedAt, at(*wantStamp)) {
				t.Errorf("dueSoonAnnouncedAt = %s, want %v", show(res.Status.DueSoonAnnouncedAt), wantStamp)
			}
			if res.RequeueAfter != c.wantRequeue {
				t.Errorf("requeue after %s, want %s", res.RequeueAfter, c.wantRequeue)
			}
		})
	}
}

func ptr(t time.Time) *time.Time { return &t }

func TestActionOverdueAnnouncements(t *testing.T) {
	for _, c := range []struct {
		name          string
		policy        func(*review.Policy)
		opts          []fixtures.Option[v1alpha1.ImprovementAction]
		now           time.Time
		wantAnnounced bool
		wantBy        string     // how overdue the message says, when announced
		wantStamp     *time.Time // status.overdueAnnouncedAt; nil when unset
		wantRequeue   time.Duration
	}{
		{name: "one nanosecond before the due date", opts: opts(dueSoonAnnouncedAt(dueSoonFrom)), now: due.Add(justBefore),
			wantRequeue: time.Nanosecond},
		{name: "first visit exactly at the due date", now: due, wantAnnounced: true, wantBy: "overdue by under a minute",
			wantStamp: &due, wantRequeue: 24 * time.Hour},
		{name: "first visit one nanosecond after", now: due.Add(justAfter), wantAnnounced: true,
			wantStamp: &due, wantRequeue: 24*time.Hour - time.Nanosecond},
		{name: "first visit half a second after: the stamp is to the second", now: due.Add(500 * time.Millisecond), wantAnnounced: true,
			wantStamp: &due, wantRequeue: 24*time.Hour - 500*time.Millisecond},
		{name: "first seen a week late", now: due.Add(7 * statuskit.Day), wantAnnounced: true, wantBy: "overdue by 7d",
			wantStamp: ptr(due.Add(7 * statuskit.Day)), wantRequeue: 24 * time.Hour},
		{name: "announced at the due date, an hour later", opts: opts(overdueAnnouncedAt(due)), now: due.Add(time.Hour),
			wantStamp: &due, wantRequeue: 23 * time.Hour},
		{name: "one nanosecond before the reminder", opts: opts(overdueAnnouncedAt(due)), now: due.Add(24*time.Hour + justBefore),
			wantStamp: &due, wantRequeue: time.Nanosecond},
		{name: "exactly at the reminder", opts: opts(overdueAnnouncedAt(due)), now: due.Add(24 * time.Hour), wantAnnounced: true,
			wantBy: "overdue by 1d", wantStamp: ptr(due.Add(24 * time.Hour)), wantRequeue: 24 * time.Hour},
		{name: "one second after the reminder", opts: opts(overdueAnnouncedAt(due)), now: due.Add(24*time.Hour + time.Second), wantAnnounced: true,
			wantStamp: ptr(due.Add(24*time.Hour + time.Second)), wantRequeue: 24 * time.Hour},
		{name: "the next reminder runs from the last one", opts: opts(overdueAnnouncedAt(due.Add(24 * time.Hour))), now: due.Add(47 * time.Hour),
			wantStamp: ptr(due.Add(24 * time.Hour)), wantRequeue: time.Hour},
		{name: "a late visit delays the next reminder, never hastens it", opts: opts(overdueAnnouncedAt(due.Add(5 * time.Hour))), now: due.Add(24 * time.Hour),
			wantStamp: ptr(due.Add(5 * time.Hour)), wantRequeue: 5 * time.Hour},
		{name: "due date moved later and passed too: announced at once", opts: opts(actionDue(due.Add(2*time.Hour)), overdueAnnouncedAt(due)),
			now: due.Add(3 * time.Hour), wantAnnounced: true, wantBy: "overdue by 1h", wantStamp: ptr(due.Add(3 * time.Hour)), wantRequeue: 24 * time.Hour},
		{name: "due date moved later, exactly as it passes", opts: opts(actionDue(due.Add(12*time.Hour)), overdueAnnouncedAt(due), dueSoonAnnouncedAt(due.Add(-60*time.Hour))),
			now: due.Add(12 * time.Hour), wantAnnounced: true, wantStamp: ptr(due.Add(12 * time.Hour)), wantRequeue: 24 * time.Hour},
		{name: "due date moved later, one nanosecond before it passes", opts: opts(actionDue(due.Add(12*time.Hour)), overdueAnnouncedAt(due), dueSoonAnnouncedAt(due.Add(-60*time.Hour))),
			now: due.Add(12*time.Hour + justBefore), wantStamp: &due, wantRequeue: time.Nanosecond},
		{name: "due date moved into the future: no longer overdue", opts: opts(actionDue(due.Add(10*statuskit.Day)), overdueAnnouncedAt(due)),
			now: due.Add(statuskit.Day), wantStamp: &due, wantRequeue: 6 * statuskit.Day},
		{name: "Done after going overdue: no more reminders", opts: opts(fixtures.Done(due.Add(30*time.Hour)), prevActionPhase(v1alpha1.ActionOverdue), overdueAnnouncedAt(due)),
			now: due.Add(2 * statuskit.Day), wantStamp: &due},
		{name: "Cancelled while overdue: no more reminders", opts: opts(fixtures.Cancelled(), prevActionPhase(v1alpha1.ActionOverdue), overdueAnnouncedAt(due)),
			now: due.Add(2 * statuskit.Day), wantStamp: &due},
		{name: "reopened long after the last reminder: reminded at once", opts: opts(fixtures.InProgress(), prevActionPhase(v1alpha1.ActionDone), overdueAnnouncedAt(due)),
			now: due.Add(3 * statuskit.Day), wantAnnounced: true, wantStamp: ptr(due.Add(3 * statuskit.Day)), wantRequeue: 24 * time.Hour},
		{name: "an hourly reminder, one nanosecond early", policy: func(p *review.Policy) { p.OverdueReminderInterval = time.Hour },
			opts: opts(overdueAnnouncedAt(due)), now: due.Add(time.Hour + justBefore), wantStamp: &due, wantRequeue: time.Nanosecond},
		{name: "an hourly reminder, on time", policy: func(p *review.Policy) { p.OverdueReminderInterval = time.Hour },
			opts: opts(overdueAnnouncedAt(due)), now: due.Add(time.Hour), wantAnnounced: true, wantStamp: ptr(due.Add(time.Hour)), wantRequeue: time.Hour},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := review.DefaultPolicy()
			if c.policy != nil {
				c.policy(&p)
			}
			a := action(c.opts...)
			res := computeAction(t, p, a, true, c.now)
			got := 0
			for _, an := range res.Announcements {
				if an.Reason != v1alpha1.EventActionOverdue {
					continue
				}
				got++
				if !an.AlsoOnIncident {
					t.Error("ActionOverdue is not asked for on the incident")
				}
				for _, words := range []string{a.Spec.Title, "High priority", "team:infrastructure", a.Spec.DueDate.UTC().Format(time.RFC3339)} {
					if !strings.Contains(an.Message, words) {
						t.Errorf("message %q does not say %q", an.Message, words)
					}
				}
				if c.wantBy != "" && !strings.Contains(an.Message, c.wantBy) {
					t.Errorf("message %q does not say %q", an.Message, c.wantBy)
				}
			}
			if want := once(c.wantAnnounced); got != want {
				t.Errorf("%d ActionOverdue announcements, want %d (all: %v)", got, want, reasons(res.Announcements))
			}
			var wantStamp *time.Time
			if c.wantStamp != nil {
				wantStamp = ptr(c.wantStamp.Truncate(time.Second))
			}
			if wantStamp == nil && res.Status.OverdueAnnouncedAt != nil || wantStamp != nil && !sameInstant(res.Status.OverdueAnnouncedAt, at(*wantStamp)) {
				t.Errorf("overdueAnnouncedAt = %s, want %v", show(res.Status.OverdueAnnouncedAt), wantStamp)
			}
			if res.RequeueAfter != c.wantRequeue {
				t.Errorf("requeue after %s, want %s", res.RequeueAfter, c.wantRequeue)
			}
		})
	}
}

func TestActionCompletionAnnouncements(t *testing.T) {
	now := due.Add(3 * statuskit.Day)
	for _, c := range []struct {
		name string
		opts []fixtures.Option[v1alpha1.ImprovementAction]
		want []v1alpha1.EventReason
		says string // words the completion message must contain
	}{
		{"Done on time, was InProgress", opts(fixtures.Done(due.Add(-statuskit.Day)), prevActionPhase(v1alpha1.ActionInProgress)),
			[]v1alpha1.EventReason{v1alpha1.EventActionCompleted}, "was completed " + due.Add(-statuskit.Day).Format(time.RFC3339) + ", on time"},
		{"Done exactly at the due date is on time", opts(fixtures.Done(due), prevActionPhase(v1alpha1.ActionOverdue)),
			[]v1alpha1.EventReason{v1alpha1.EventActionCompleted}, "on time"},
		{"Done one second late", opts(fixtures.Done(due.Add(time.Second)), prevActionPhase(v1alpha1.ActionOverdue)),
			[]v1alpha1.EventReason{v1alpha1.EventActionCompletedLate}, "late: it was due " + due.Format(time.RFC3339)},
		{"Done a day late, last seen Open", opts(fixtures.Done(due.Add(statuskit.Day)), prevActionPhase(v1alpha1.ActionOpen)),
			[]v1alpha1.EventReason{v1alpha1.EventActionCompletedLate}, "late"},
		{"Done on the first visit, within a day", opts(fixtures.Done(now.Add(-statuskit.HistoryHorizon + time.Minute))),
			[]v1alpha1.EventReason{v1alpha1.EventActionCompletedLate}, "late"},
		{"Done on the first visit, a day ago to the second", opts(fixtures.Done(now.Add(-statuskit.HistoryHorizon))),
			[]v1alpha1.EventReason{v1alpha1.EventActionCompletedLate}, "late"},
		{"Done on the first visit, on time, without completedAt", opts(fixtures.Done(due), completedWithoutDate()),
			[]v1alpha1.EventReason{v1alpha1.EventActionCompleted}, "was completed, on time"},
		{"Done on the first visit, over a day ago: history", opts(fixtures.Done(now.Add(-statuskit.HistoryHorizon - time.Second))), nil, ""},
		{"Done on time on the first visit, days ago: history", opts(fixtures.Done(due.Add(-statuskit.Day))), nil, ""},
		{"Done days ago, last seen InProgress: news", opts(fixtures.Done(due.Add(-statuskit.Day)), prevActionPhase(v1alpha1.ActionInProgress)),
			[]v1alpha1.EventReason{v1alpha1.EventActionCompleted}, "on time"},
		{"Done after being Cancelled", opts(fixtures.Done(due.Add(-statuskit.Day)), prevActionPhase(v1alpha1.ActionCancelled)),
			[]v1alpha1.EventReason{v1alpha1.EventActionCompleted}, "on time"},
		{"Done without completedAt", opts(fixtures.Done(due), completedWithoutDate(), prevActionPhase(v1alpha1.ActionInProgress)),
			[]v1alpha1.EventReason{v1alpha1.EventActionCompleted}, "was completed, on time"},
		{"already Done", opts(fixtures.Done(due.Add(-statuskit.Day)), prevActionPhase(v1alpha1.ActionDone)), nil, ""},
		{"already Done late", opts(fixtures.Done(due.Add(statuskit.Day)), prevActionPhase(v1alpha1.ActionDone)), nil, ""},
		{"Cancelled", opts(fixtures.Cancelled(), prevActionPhase(v1alpha1.ActionInProgress)), nil, ""},
		{"Cancelled after being Done", opts(fixtures.Cancelled(), prevActionPhase(v1alpha1.ActionDone)), nil, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			a := action(c.opts...)
			res := computeAction(t, review.DefaultPolicy(), a, true, now)
			if !sameReasons(res.Announcements, c.want...) {
				t.Fatalf("announced %v, want %v", reasons(res.Announcements), c.want)
			}
			if len(c.want) == 0 {
				return
			}
			an := res.Announcements[0]
			if !an.AlsoOnIncident {
				t.Error("completion is not asked for on the incident")
			}
			if wantWarning := c.want[0] == v1alpha1.EventActionCompletedLate; an.Reason.IsWarning() != wantWarning {
				t.Errorf("%s warning = %v, want %v", an.Reason, an.Reason.IsWarning(), wantWarning)
			}
			if !strings.Contains(an.Message, c.says) || !strings.Contains(an.Message, a.Spec.Title) {
				t.Errorf("message %q does not name the action and say %q", an.Message, c.says)
			}
			if res.RequeueAfter != 0 {
				t.Errorf("a finished action requeues after %s", res.RequeueAfter)
			}
		})
	}
}

func TestActionRequeue(t *testing.T) {
	for _, c := range []struct {
		name   string
		policy func(*review.Policy)
		opts   []fixtures.Option[v1alpha1.ImprovementAction]
		now    time.Time
		want   time.Duration
	}{
		{name: "Open, until the due-soon window opens", now: t0, want: 27 * statuskit.Day},
		{name: "InProgress, until the due-soon window opens", opts: opts(fixtures.InProgress()), now: t0, want: 27 * statuskit.Day},
		{name: "at a fraction of a second", now: t0.Add(500 * time.Millisecond), want: 27*statuskit.Day - 500*time.Millisecond},
		{name: "a ten-day window opens earlier", policy: func(p *review.Policy) { p.DueSoonWindow = 10 * statuskit.Day }, now: t0, want: 20 * statuskit.Day},
		{name: "warned, until the due date", opts: opts(dueSoonAnnouncedAt(dueSoonFrom)), now: due.Add(-48 * time.Hour), want: 48 * time.Hour},
		{name: "overdue and reminded, until the next reminder", opts: opts(overdueAnnouncedAt(due.Add(time.Hour))), now: due.Add(2 * time.Hour), want: 23 * time.Hour},
		{name: "Done early", opts: opts(fixtures.Done(t0)), now: t0},
		{name: "Done inside the window", opts: opts(fixtures.Done(dueSoonFrom), dueSoonAnnouncedAt(dueSoonFrom)), now: dueSoonFrom.Add(time.Hour)},
		{name: "Done late, after reminders", opts: opts(fixtures.Done(due.Add(statuskit.Day)), overdueAnnouncedAt(due)), now: due.Add(2 * statuskit.Day)},
		{name: "Cancelled", opts: opts(fixtures.Cancelled()), now: t0},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := review.DefaultPolicy()
			if c.policy != nil {
				c.policy(&p)
			}
			if got := computeAction(t, p, action(c.opts...), true, c.now).RequeueAfter; got != c.want {
				t.Errorf("requeue after %s, want %s", got, c.want)
			}
		})
	}
}

func TestActionConditionsKeepTheirTransitionTime(t *testing.T) {
	p := review.DefaultPolicy()
	a := action()
	visit := func(now time.Time) review.ActionResult {
		t.Helper()
		res := review.ComputeAction(p, a, incidentIf(true), now)
		a.Status = stored(t, res.Status)
		return res
	}
	since := func(ct v1alpha1.ConditionType) time.Time {
		return meta.FindStatusCondition(a.Status.Conditions, string(ct)).LastTransitionTime.Time
	}
	first := due.Add(-5 * statuskit.Day)
	visit(first)
	visit(first.Add(statuskit.Day))
	if !since(v1alpha1.ConditionReady).Equal(first) || !since(v1alpha1.ConditionOverdue).Equal(first) {
		t.Errorf("unchanged conditions moved: Ready since %s, Overdue since %s, want %s", since(v1alpha1.ConditionReady), since(v1alpha1.ConditionOverdue), first)
	}
	visit(due.Add(250 * time.Millisecond))
	if !since(v1alpha1.ConditionOverdue).Equal(due) {
		t.Errorf("Overdue turned True at %s, want %s", since(v1alpha1.ConditionOverdue), due)
	}
	if !since(v1alpha1.ConditionReady).Equal(first) {
		t.Errorf("Ready moved to %s when only Overdue changed", since(v1alpha1.ConditionReady))
	}
	visit(due.Add(statuskit.Day))
	if !since(v1alpha1.ConditionOverdue).Equal(due) {
		t.Errorf("Overdue moved to %s while it stayed True", since(v1alpha1.ConditionOverdue))
	}
	doneAt := due.Add(2 * statuskit.Day)
	fixtures.Done(doneAt)(a)
	visit(doneAt)
	if got := cond(a.Status.Conditions, v1alpha1.ConditionOverdue); got != is(false, v1alpha1.ReasonFinished) {
		t.Errorf("Overdue = %s once Done", got)
	}
	if !since(v1alpha1.ConditionOverdue).Equal(doneAt) {
		t.Errorf("Overdue turned False at %s, want %s", since(v1alpha1.ConditionOverdue), doneAt)
	}
}

// TestActionAnnouncementsOverTime drives one action through its life the
// way the controller does, waking at each requeue and also at arbitrary
// extra instants (watch events, resyncs, restarts). The announcements must
// not depend on how often it is visited.
func TestActionAnnouncementsOverTime(t *testing.T) {
	p := review.DefaultPolicy()
	doneAt := due.Add(80 * time.Hour)
	for _, extra := range []time.Duration{0, 7 * time.Hour, 61 * time.Minute, 5*time.Hour + 13*time.Minute + 7*time.Second + 7*time.Millisecond} {
		t.Run(fmt.Sprintf("extra visits every %s", extra), func(t *testing.T) {
			a := action()
			var log []string
			now := t0
			nextExtra := t0
			for visits := 0; now.Before(doneAt.Add(statuskit.Day)); visits++ {
				if visits > 100000 {
					t.Fatal("the action never settles")
				}
				if !now.Before(doneAt) && review.ActionState(a) != v1alpha1.ActionStateDone {
					fixtures.Done(doneAt)(a)
				}
				res := review.ComputeAction(p, a, incidentIf(true), now)
				for _, an := range res.Announcements {
					log = append(log, fmt.Sprintf("%s@+%s", an.Reason, now.Sub(due)))
				}
				a.Status = stored(t, res.Status)
				next := doneAt
				if res.RequeueAfter > 0 && now.Add(res.RequeueAfter).Before(next) {
					next = now.Add(res.RequeueAfter)
				}
				if !now.Before(doneAt) {
					next = doneAt.Add(statuskit.Day)
				}
				if extra > 0 {
					for !nextExtra.After(now) {
						nextExtra = nextExtra.Add(extra)
					}
					if nextExtra.Before(next) {
						next = nextExtra
					}
				}
				now = next
			}
			want := []string{
				"ActionDueSoon@+-72h0m0s",
				"ActionOverdue@+0s", "ActionOverdue@+24h0m0s", "ActionOverdue@+48h0m0s", "ActionOverdue@+72h0m0s",
				"ActionCompletedLate@+80h0m0s",
			}
			if strings.Join(log, " ") != strings.Join(want, " ") {
				t.Errorf("announced\n  %v\nwant\n  %v", log, want)
			}
		})
	}
}
