package review_test

import (
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

// The fuzz targets build objects the API server could hold from fuzzed
// primitives: enums take their valid values (the CRDs refuse others), text
// is valid UTF-8 within the CRD's bounds, and times lie within the years
// RFC 3339 can write. Spec times may carry fractions of a second and any
// UTC offset, as a user may write them; status times are whole seconds, as
// the API server stores them.

// specTime is base's second plus an offset and a fraction of a second,
// written in the zone: a time as a user may write it in a spec.
func specTime(base time.Time, s int64, n uint32, z *time.Location) time.Time {
	return base.Truncate(time.Second).Add(fixtures.FuzzOffset(s) + fixtures.FuzzNanos(n)).In(z)
}

// statusTime is base's second plus an offset: a time as the API server
// stores it in a status.
func statusTime(base time.Time, s int64) *metav1.Time {
	return fixtures.Time(base.Truncate(time.Second).Add(fixtures.FuzzOffset(s)).UTC())
}

// window turns fuzzed seconds into a policy duration: 0 keeps the default,
// anything else is between 1s and 400 days.
func window(s uint32, def time.Duration) time.Duration {
	if s == 0 {
		return def
	}
	return time.Duration(s%(400*24*3600)+1) * time.Second
}

// choices reads fuzzed bytes as a sequence of small choices; past the end
// every choice is 0.
type choices struct {
	b []byte
	i int
}

func (c *choices) next() byte {
	if c.i >= len(c.b) {
		return 0
	}
	c.i++
	return c.b[c.i-1]
}

func (c *choices) pick(n int) int { return int(c.next()) % n }
func (c *choices) flag() bool     { return c.next()&1 == 1 }

var (
	actionStates  = []v1alpha1.ActionState{"", v1alpha1.ActionStateOpen, v1alpha1.ActionStateInProgress, v1alpha1.ActionStateDone, v1alpha1.ActionStateCancelled}
	actionPhases  = []v1alpha1.ActionPhase{"", v1alpha1.ActionOpen, v1alpha1.ActionInProgress, v1alpha1.ActionOverdue, v1alpha1.ActionDone, v1alpha1.ActionCancelled}
	rcaStates     = []v1alpha1.RCAState{"", v1alpha1.RCAStateDraft, v1alpha1.RCAStateSubmitted}
	rcaPhases     = []v1alpha1.RCAPhase{"", v1alpha1.RCADraft, v1alpha1.RCAAwaitingSignOff, v1alpha1.RCAChangesRequested, v1alpha1.RCASignedOff}
	decisions     = []v1alpha1.SignOffDecision{"", v1alpha1.SignOffApproved, v1alpha1.SignOffChangesRequested}
	severities    = []v1alpha1.Severity{v1alpha1.SeverityLow, v1alpha1.SeverityMedium, v1alpha1.SeverityHigh, v1alpha1.SeverityCritical}
	incidentTypes = []v1alpha1.IncidentType{v1alpha1.IncidentTypeIncident, v1alpha1.IncidentTypeNearMiss, v1alpha1.IncidentTypeExercise}
	phases        = []v1alpha1.IncidentPhase{"", v1alpha1.IncidentOpen, v1alpha1.IncidentInvestigating, v1alpha1.IncidentAwaitingSignOff, v1alpha1.IncidentRemediating, v1alpha1.IncidentClosed}
)

// conditionReason is the pattern metav1.Condition's reason must match.
var conditionReason = regexp.MustCompile(`^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$`)

// checkConditions checks that computed conditions are ones the API server
// accepts, each of one type, stamped with the generation.
func checkConditions(t *testing.T, conds []metav1.Condition, generation int64) {
	t.Helper()
	if len(conds) > 16 {
		t.Errorf("%d conditions, more than the 16 the CRD allows", len(conds))
	}
	seen := map[string]bool{}
	for _, c := range conds {
		if seen[c.Type] {
			t.Errorf("condition %s appears twice", c.Type)
		}
		seen[c.Type] = true
		if !conditionReason.MatchString(c.Reason) || len(c.Reason) > 1024 {
			t.Errorf("condition %s: reason %q is not one the API server accepts", c.Type, c.Reason)
		}
		if n := utf8.RuneCountInString(c.Message); n > 32768 {
			t.Errorf("condition %s: message of %d characters, more than the API server accepts", c.Type, n)
		}
		if c.Status != metav1.ConditionTrue && c.Status != metav1.ConditionFalse {
			t.Errorf("condition %s: status %q", c.Type, c.Status)
		}
		if c.ObservedGeneration != generation {
			t.Errorf("condition %s: observedGeneration %d, want %d", c.Type, c.ObservedGeneration, generation)
		}
		if c.LastTransitionTime.IsZero() || c.LastTransitionTime.Nanosecond() != 0 {
			t.Errorf("condition %s: lastTransitionTime %s is not a whole second", c.Type, show(&c.LastTransitionTime))
		}
	}
}

// condition returns the status of a condition, "" when absent.
func condition(conds []metav1.Condition, t v1alpha1.ConditionType) metav1.ConditionStatus {
	if c := meta.FindStatusCondition(conds, string(t)); c != nil {
		return c.Status
	}
	return ""
}

// trueFalse renders a bool as a condition status.
func trueFalse(b bool) metav1.ConditionStatus {
	if b {
		return metav1.ConditionTrue
	}
	return metav1.ConditionFalse
}

// settles checks what the controller relies on to write nothing at rest.
// Fed back as computed at the same instant, the status is unchanged and
// nothing is announced. Fed back as the API server stores it (its JSON
// form, times to the second), the recomputed status equals the stored one
// as the controller compares them before writing, nothing is announced,
// and the requeue is the same; and so at any instant before the requeue
// (probe picks one), or at any later instant when there is no requeue.
func settles[S any](t *testing.T, now time.Time, probe uint8, first statuskit.Result[S], recompute func(prev S, at time.Time) statuskit.Result[S]) {
	t.Helper()
	if first.RequeueAfter < 0 {
		t.Errorf("requeue after %s, a negative duration", first.RequeueAfter)
	}
	again := recompute(first.Status, now)
	if !reflect.DeepEqual(first.Status, again.Status) || len(again.Announcements) > 0 || again.RequeueAfter != first.RequeueAfter {
		t.Errorf("recomputing from the computed status changed it, announced %v or moved the requeue (%s, then %s)\nfirst:  %s\nsecond: %s",
			reasons(again.Announcements), first.RequeueAfter, again.RequeueAfter, toJSON(first.Status), toJSON(again.Status))
	}
	prev := stored(t, first.Status)
	again = recompute(prev, now)
	if !equality.Semantic.DeepEqual(prev, again.Status) || len(again.Announcements) > 0 || again.RequeueAfter != first.RequeueAfter {
		t.Errorf("recomputing from the stored status would write it again, announced %v or moved the requeue (%s, then %s)\nstored:     %s\nrecomputed: %s",
			reasons(again.Announcements), first.RequeueAfter, again.RequeueAfter, toJSON(prev), toJSON(again.Status))
	}
	at := now.Add(time.Duration(probe) * statuskit.Day)
	if first.RequeueAfter > 0 {
		at = now.Add((first.RequeueAfter - time.Nanosecond) / 255 * time.Duration(probe))
	}
	again = recompute(prev, at)
	if !equality.Semantic.DeepEqual(prev, again.Status) || len(again.Announcements) > 0 {
		t.Errorf("at %s, before the requeue %s after %s, the status changed or %v was announced: the deadline was missed\nstored:     %s\nrecomputed: %s",
			at.UTC().Format(time.RFC3339Nano), first.RequeueAfter, now.UTC().Format(time.RFC3339Nano), reasons(again.Announcements), toJSON(prev), toJSON(again.Status))
	}
}

// untouched checks that a computation left the objects it was given alone.
func untouched(t *testing.T, before, after any) {
	t.Helper()
	if !equality.Semantic.DeepEqual(before, after) {
		t.Errorf("the computation changed the objects it was given")
	}
}

func FuzzComputeAction(f *testing.F) {
	// state, prevPhase, nowSec, nowNanos, dueSec, dueNanos, zone, hasCompleted,
	// completedSec, hasDueSoon, dueSoonSec, hasOverdue, overdueSec,
	// dueSoonWindow, reminder, incidentFound, generation, probe, title, owner
	f.Add(uint8(0), uint8(0), int64(0), uint32(0), int64(30*86400), uint32(0), int16(0), false, int64(0), false, int64(0), false, int64(0), uint32(0), uint32(0), true, int64(1), uint8(128), "Enforce MFA", "team:infrastructure")
	// Due exactly now, a nanosecond before and after, with a fraction.
	f.Add(uint8(1), uint8(1), int64(0), uint32(500_000_000), int64(0), uint32(500_000_000), int16(60), false, int64(0), false, int64(0), false, int64(0), uint32(0), uint32(0), true, int64(1), uint8(255), "t", "a@b.c")
	f.Add(uint8(2), uint8(2), int64(0), uint32(500_000_000), int64(0), uint32(499_999_999), int16(-60), false, int64(0), false, int64(0), false, int64(0), uint32(0), uint32(0), true, int64(2), uint8(255), "t", "a@b.c")
	f.Add(uint8(2), uint8(3), int64(0), uint32(500_000_000), int64(0), uint32(500_000_001), int16(0), false, int64(0), false, int64(0), false, int64(0), uint32(0), uint32(0), false, int64(2), uint8(1), "t", "a@b.c")
	// At the opening of the due-soon window, announced before or not.
	f.Add(uint8(1), uint8(1), int64(0), uint32(0), int64(72*3600), uint32(0), int16(0), false, int64(0), false, int64(0), false, int64(0), uint32(0), uint32(0), true, int64(1), uint8(255), "x", "team:x")
	f.Add(uint8(1), uint8(1), int64(0), uint32(1), int64(72*3600), uint32(0), int16(0), false, int64(0), true, int64(-1), false, int64(0), uint32(0), uint32(0), true, int64(1), uint8(255), "x", "team:x")
	// Overdue, last reminded exactly one interval ago, or just before.
	f.Add(uint8(2), uint8(3), int64(0), uint32(0), int64(-5*86400), uint32(250), int16(330), false, int64(0), true, int64(-8*86400), true, int64(-86400), uint32(0), uint32(0), true, int64(3), uint8(200), "x", "team:x")
	f.Add(uint8(2), uint8(3), int64(0), uint32(999_999_999), int64(-5*86400), uint32(0), int16(-720), false, int64(0), false, int64(0), true, int64(-86399), uint32(0), uint32(1), true, int64(3), uint8(200), "x", "team:x")
	// Reminded before the due date moved (an earlier due date's reminder).
	f.Add(uint8(0), uint8(3), int64(0), uint32(0), int64(-3600), uint32(0), int16(0), false, int64(0), false, int64(0), true, int64(-7200), uint32(0), uint32(0), true, int64(1), uint8(7), "x", "team:x")
	// Done on time, late, at the due date, without a completion time.
	f.Add(uint8(3), uint8(1), int64(0), uint32(0), int64(-3600), uint32(0), int16(0), true, int64(-1), false, int64(0), false, int64(0), uint32(0), uint32(0), true, int64(1), uint8(9), "x", "team:x")
	f.Add(uint8(3), uint8(3), int64(0), uint32(0), int64(-3600), uint32(0), int16(0), true, int64(1), false, int64(0), true, int64(-60), uint32(0), uint32(0), true, int64(1), uint8(9), "x", "team:x")
	f.Add(uint8(3), uint8(4), int64(0), uint32(0), int64(3600), uint32(7), int16(0), true, int64(0), false, int64(0), false, int64(0), uint32(0), uint32(0), true, int64(1), uint8(9), "x", "team:x")
	f.Add(uint8(3), uint8(0), int64(0), uint32(0), int64(3600), uint32(0), int16(0), false, int64(0), false, int64(0), false, int64(0), uint32(0), uint32(0), true, int64(1), uint8(9), "", "")
	// Cancelled, overdue before.
	f.Add(uint8(4), uint8(3), int64(0), uint32(0), int64(-3600), uint32(0), int16(0), false, int64(0), true, int64(-9000), true, int64(-60), uint32(0), uint32(0), false, int64(0), uint8(0), "x", "team:x")
	// Extremes: the ends of the offsets, the smallest and largest windows.
	f.Add(uint8(255), uint8(255), int64(-1<<63), uint32(1<<32-1), int64(1<<63-1), uint32(1<<32-1), int16(-1<<15), true, int64(-1<<63), true, int64(1<<63-1), true, int64(-1<<63), uint32(1), uint32(1), true, int64(1<<63-1), uint8(255), strings.Repeat("é", 300), strings.Repeat("\xff", 300))
	f.Add(uint8(1), uint8(0), int64(1<<63-1), uint32(0), int64(-1<<63), uint32(0), int16(1<<15-1), false, int64(0), true, int64(0), true, int64(0), uint32(1<<32-1), uint32(1<<32-1), false, int64(-1), uint8(0), "\x00", "@")

	f.Fuzz(func(t *testing.T, state, prevPhase uint8, nowSec int64, nowNanos uint32, dueSec int64, dueNanos uint32, z int16,
		hasCompleted bool, completedSec int64, hasDueSoon bool, dueSoonSec int64, hasOverdue bool, overdueSec int64,
		dueSoonWindow, reminder uint32, incidentFound bool, generation int64, probe uint8, title, owner string) {
		p := review.DefaultPolicy()
		p.DueSoonWindow = window(dueSoonWindow, p.DueSoonWindow)
		p.OverdueReminderInterval = window(reminder, p.OverdueReminderInterval)
		now := t0.Add(fixtures.FuzzOffset(nowSec) + fixtures.FuzzNanos(nowNanos))
		due := specTime(now, dueSec, dueNanos, fixtures.FuzzZone(z))

		a := fixtures.Action("fuzzed", "phishing", due)
		a.Generation = generation
		a.Spec.Title = fixtures.FuzzText(title, 200)
		a.Spec.Owner = v1alpha1.Person(fixtures.FuzzText(owner, 254))
		a.Spec.State = actionStates[int(state)%len(actionStates)]
		if hasCompleted {
			a.Spec.CompletedAt = fixtures.Time(specTime(due, completedSec, dueNanos/3, fixtures.FuzzZone(z/2)))
		}
		a.Status.Phase = actionPhases[int(prevPhase)%len(actionPhases)]
		if hasDueSoon {
			a.Status.DueSoonAnnouncedAt = statusTime(now, dueSoonSec)
		}
		if hasOverdue {
			a.Status.OverdueAnnouncedAt = statusTime(now, overdueSec)
		}

		before := a.DeepCopy()
		res := review.ComputeAction(p, a, incidentIf(incidentFound), now)
		untouched(t, before, a)
		st := res.Status

		// A completion still to come is not believed: the action is in
		// progress until then.
		future := a.Spec.State == v1alpha1.ActionStateDone && a.Spec.CompletedAt != nil && a.Spec.CompletedAt.After(now)
		finished := (a.Spec.State == v1alpha1.ActionStateDone && !future) || a.Spec.State == v1alpha1.ActionStateCancelled
		overdue := !finished && !now.Before(due)
		want := map[v1alpha1.ActionState]v1alpha1.ActionPhase{
			"": v1alpha1.ActionOpen, v1alpha1.ActionStateOpen: v1alpha1.ActionOpen, v1alpha1.ActionStateInProgress: v1alpha1.ActionInProgress,
			v1alpha1.ActionStateDone: v1alpha1.ActionDone, v1alpha1.ActionStateCancelled: v1alpha1.ActionCancelled,
		}[a.Spec.State]
		if future {
			want = v1alpha1.ActionInProgress
		}
		if overdue {
			want = v1alpha1.ActionOverdue
		}
		if got := condition(st.Conditions, v1alpha1.ConditionCompleted); got != trueFalse(st.Phase == v1alpha1.ActionDone) {
			t.Errorf("Completed %s while phase %s", got, st.Phase)
		}
		if st.Phase != want {
			t.Errorf("state %q due %s at %s: phase %s, want %s", a.Spec.State, show(&a.Spec.DueDate), now.Format(time.RFC3339Nano), st.Phase, want)
		}
		// Status times are whole seconds, as the API server stores them.
		if (st.OverdueSince != nil) != overdue || (overdue && !st.OverdueSince.Time.Equal(due.Truncate(time.Second))) {
			t.Errorf("overdueSince %s, want the due date %s to the second, only while overdue (%v)", show(st.OverdueSince), show(&a.Spec.DueDate), overdue)
		}
		// Late when completed after the deadline, or when it was announced
		// overdue against it, whatever completedAt says; a completion still
		// to come is not believed, so it is not late yet either.
		seenOverdue := a.Status.OverdueAnnouncedAt != nil && !a.Status.OverdueAnnouncedAt.Time.Before(due.Truncate(time.Second))
		wantLate := a.Spec.State == v1alpha1.ActionStateDone && !future && ((a.Spec.CompletedAt != nil && a.Spec.CompletedAt.After(due)) || seenOverdue)
		if st.CompletedLate != wantLate {
			t.Errorf("completedLate %v, want %v", st.CompletedLate, wantLate)
		}
		if st.ObservedGeneration != generation {
			t.Errorf("observedGeneration %d, want %d", st.ObservedGeneration, generation)
		}

		checkConditions(t, st.Conditions, generation)
		if got := condition(st.Conditions, v1alpha1.ConditionReady); got != trueFalse(incidentFound) {
			t.Errorf("Ready %s with the incident found: %v", got, incidentFound)
		}
		if got := condition(st.Conditions, v1alpha1.ConditionOverdue); got != trueFalse(overdue) {
			t.Errorf("Overdue %s while phase %s", got, st.Phase)
		}

		for _, an := range res.Announcements {
			switch an.Reason {
			case v1alpha1.EventActionDueSoon:
				if finished || overdue || now.Before(due.Add(-p.DueSoonWindow)) || !sameInstant(st.DueSoonAnnouncedAt, statusTime(now, 0)) {
					t.Errorf("ActionDueSoon announced at %s for an action %s due %s, remembered as %s", now, st.Phase, due, show(st.DueSoonAnnouncedAt))
				}
			case v1alpha1.EventActionOverdue:
				if !overdue || !an.AlsoOnIncident || !sameInstant(st.OverdueAnnouncedAt, statusTime(now, 0)) {
					t.Errorf("ActionOverdue announced for an action %s, remembered as %s", st.Phase, show(st.OverdueAnnouncedAt))
				}
			case v1alpha1.EventActionCompleted, v1alpha1.EventActionCompletedLate:
				if st.Phase != v1alpha1.ActionDone || a.Status.Phase == v1alpha1.ActionDone || (an.Reason == v1alpha1.EventActionCompletedLate) != st.CompletedLate {
					t.Errorf("%s announced for an action %s (was %s, late %v)", an.Reason, st.Phase, a.Status.Phase, st.CompletedLate)
				}
			case v1alpha1.EventCompletedAtInFuture:
				if !future {
					t.Errorf("CompletedAtInFuture announced for an action completed %s at %s", show(a.Spec.CompletedAt), now)
				}
			default:
				t.Errorf("unexpected announcement %s", an.Reason)
			}
		}
		history := a.Status.Phase == "" && a.Spec.CompletedAt != nil && now.Sub(a.Spec.CompletedAt.Time) > statuskit.HistoryHorizon
		switch {
		case st.Phase != v1alpha1.ActionDone || a.Status.Phase == v1alpha1.ActionDone:
		case history && len(res.Announcements) != 0:
			t.Errorf("an action first seen done at %s, over %s before %s, announced %v", a.Spec.CompletedAt, statuskit.HistoryHorizon, now, reasons(res.Announcements))
		case !history && len(res.Announcements) != 1:
			t.Errorf("an action just done announced %v, want its completion once", reasons(res.Announcements))
		}

		// The next deadline: none once finished; the due date at the
		// latest while not yet due; the next reminder while overdue.
		switch {
		case finished:
			if res.RequeueAfter != 0 {
				t.Errorf("a %s action requeues after %s", st.Phase, res.RequeueAfter)
			}
		case future && (res.RequeueAfter <= 0 || res.RequeueAfter > a.Spec.CompletedAt.Sub(now)):
			t.Errorf("completed in %s, requeue after %s", a.Spec.CompletedAt.Sub(now), res.RequeueAfter)
		case !overdue:
			if res.RequeueAfter <= 0 || res.RequeueAfter > due.Sub(now) {
				t.Errorf("due in %s, requeue after %s", due.Sub(now), res.RequeueAfter)
			}
		case st.OverdueAnnouncedAt != nil && !st.OverdueAnnouncedAt.After(now):
			if res.RequeueAfter <= 0 || res.RequeueAfter > p.OverdueReminderInterval {
				t.Errorf("overdue, reminding every %s, requeue after %s", p.OverdueReminderInterval, res.RequeueAfter)
			}
		}

		settles(t, now, probe, statuskit.Result[v1alpha1.ImprovementActionStatus]{Status: st, Announcements: res.Announcements, RequeueAfter: res.RequeueAfter},
			func(prev v1alpha1.ImprovementActionStatus, at time.Time) statuskit.Result[v1alpha1.ImprovementActionStatus] {
				again := a.DeepCopy()
				again.Status = prev
				r := review.ComputeAction(p, again, incidentIf(incidentFound), at)
				return r
			})
	})
}

// rcaSections fills the sections of an analysis named by the bits of mask
// and returns how many required ones it left out.
func rcaSections(r *v1alpha1.RootCauseAnalysis, mask uint16, cyber bool) int {
	has := func(bit int) bool { return mask&(1<<bit) != 0 }
	missing := 0
	fill := func(bit int, counted bool, set func()) {
		if has(bit) {
			set()
		} else if counted {
			missing++
		}
	}
	r.Spec.Overview, r.Spec.Causes, r.Spec.ResponseEvaluation, r.Spec.CyberAttack, r.Spec.OrganisationalFactors = nil, nil, nil, nil, ""
	if has(12) {
		r.Spec.Overview = &v1alpha1.RCAOverview{}
	}
	if has(13) {
		r.Spec.ResponseEvaluation = &v1alpha1.ResponseEvaluation{}
	}
	if has(14) {
		r.Spec.CyberAttack = &v1alpha1.CyberAttackAnalysis{}
	}
	overview := func(set func(o *v1alpha1.RCAOverview)) func() {
		return func() {
			if r.Spec.Overview == nil {
				r.Spec.Overview = &v1alpha1.RCAOverview{}
			}
			set(r.Spec.Overview)
		}
	}
	evaluation := func(set func(e *v1alpha1.ResponseEvaluation)) func() {
		return func() {
			if r.Spec.ResponseEvaluation == nil {
				r.Spec.ResponseEvaluation = &v1alpha1.ResponseEvaluation{}
			}
			set(r.Spec.ResponseEvaluation)
		}
	}
	attack := func(set func(c *v1alpha1.CyberAttackAnalysis)) func() {
		return func() {
			if r.Spec.CyberAttack == nil {
				r.Spec.CyberAttack = &v1alpha1.CyberAttackAnalysis{}
			}
			set(r.Spec.CyberAttack)
		}
	}
	fill(0, true, overview(func(o *v1alpha1.RCAOverview) { o.WhatHappened = "A phishing e-mail." }))
	fill(1, true, overview(func(o *v1alpha1.RCAOverview) { o.Containment = "Sessions revoked." }))
	fill(2, true, overview(func(o *v1alpha1.RCAOverview) { o.LessonsLearned = "Password-only access is not enough." }))
	fill(3, true, func() {
		r.Spec.Causes = []v1alpha1.Cause{{Type: v1alpha1.CauseTechnical, Description: "Password-only VPN."}}
	})
	fill(4, true, evaluation(func(e *v1alpha1.ResponseEvaluation) { e.ResponsePlanAdequacy = "Adequate." }))
	fill(5, true, evaluation(func(e *v1alpha1.ResponseEvaluation) { e.RemedialActivities = "Quick." }))
	fill(6, true, evaluation(func(e *v1alpha1.ResponseEvaluation) { e.PersonnelCompetency = "Trained." }))
	fill(7, cyber, attack(func(c *v1alpha1.CyberAttackAnalysis) { c.ExploitedWeaknesses = []string{"Password-only VPN"} }))
	fill(8, cyber, attack(func(c *v1alpha1.CyberAttackAnalysis) {
		c.AttackerDwellTime = &metav1.Duration{Duration: 36 * time.Hour}
	}))
	fill(9, cyber, attack(func(c *v1alpha1.CyberAttackAnalysis) { c.DetectionEfficacy = "No alert fired." }))
	fill(10, cyber, attack(func(c *v1alpha1.CyberAttackAnalysis) { c.ResilienceEnhancements = []string{"MFA"} }))
	fill(11, true, func() { r.Spec.OrganisationalFactors = "Remote access was never reviewed." })
	return missing
}

// grandfathered tells whether an approval stands though sections are
// missing: the only one missing is organisationalFactors, required since.
func grandfathered(r *v1alpha1.RootCauseAnalysis, missing int) bool {
	return missing == 1 && r.Spec.OrganisationalFactors == "" && review.Approved(r)
}

// signOff gives an analysis a sign-off with the decision, if any.
func signOff(r *v1alpha1.RootCauseAnalysis, d v1alpha1.SignOffDecision, at time.Time, by, comment string) {
	if d == "" {
		r.Spec.SignOff = nil
		return
	}
	r.Spec.SignOff = &v1alpha1.SignOff{Decision: d, By: v1alpha1.Person(fixtures.FuzzText(by, 254)), At: metav1.NewTime(at), Comment: fixtures.FuzzText(comment, 4096)}
}

func FuzzComputeRCA(f *testing.F) {
	// state, decision, sections, prevPhase, prevOverdue, hasIncident, cyber,
	// severity, detectedSec, detectedNanos, zone, hasDueDate, dueSec, dueNanos,
	// nowSec, nowNanos, generation, probe, lead, comment
	all := uint16(1<<12 - 1)
	f.Add(uint8(0), uint8(0), uint16(0), uint8(0), uint8(0), true, false, uint8(2), int64(0), uint32(0), int16(0), false, int64(0), uint32(0), int64(86400), uint32(0), int64(1), uint8(100), "team:x", "")
	// Complete, submitted, approved; then changes requested; no incident.
	f.Add(uint8(2), uint8(1), all, uint8(3), uint8(1), true, true, uint8(3), int64(0), uint32(0), int16(0), false, int64(0), uint32(0), int64(20*86400), uint32(0), int64(2), uint8(255), "a@b.c", "ok")
	f.Add(uint8(2), uint8(2), all, uint8(4), uint8(2), true, true, uint8(3), int64(0), uint32(0), int16(0), false, int64(0), uint32(0), int64(20*86400), uint32(0), int64(2), uint8(255), "a@b.c", strings.Repeat("no ", 2000))
	f.Add(uint8(2), uint8(0), all, uint8(1), uint8(0), false, false, uint8(0), int64(0), uint32(0), int16(0), false, int64(0), uint32(0), int64(0), uint32(0), int64(1), uint8(255), "a@b.c", "")
	// Approved, but the incident became a cyber attack: the sign-off lapses.
	f.Add(uint8(2), uint8(1), uint16(1<<7-1), uint8(4), uint8(0), true, true, uint8(1), int64(0), uint32(0), int16(0), false, int64(0), uint32(0), int64(3600), uint32(0), int64(4), uint8(9), "a@b.c", "")
	// Due exactly now (spec dueDate with a fraction), or by the review window.
	f.Add(uint8(1), uint8(0), uint16(5), uint8(1), uint8(2), true, false, uint8(0), int64(0), uint32(0), int16(90), true, int64(0), uint32(250_000_000), int64(0), uint32(250_000_000), int64(1), uint8(255), "a@b.c", "")
	f.Add(uint8(1), uint8(0), uint16(5), uint8(1), uint8(2), true, false, uint8(3), int64(0), uint32(250_000_000), int16(-90), false, int64(0), uint32(0), int64(15*86400), uint32(250_000_000), int64(1), uint8(255), "a@b.c", "")
	f.Add(uint8(1), uint8(0), uint16(5), uint8(1), uint8(1), true, false, uint8(1), int64(0), uint32(0), int16(0), false, int64(0), uint32(0), int64(30*86400-1), uint32(999_999_999), int64(1), uint8(255), "a@b.c", "")
	// Sign-off on a draft (the CRD refuses it; the core must not trip on it).
	f.Add(uint8(1), uint8(1), all, uint8(4), uint8(1), true, false, uint8(2), int64(0), uint32(0), int16(0), true, int64(-1), uint32(0), int64(0), uint32(0), int64(1), uint8(255), "", "")
	f.Add(uint8(255), uint8(255), uint16(1<<16-1), uint8(255), uint8(255), true, true, uint8(255), int64(-1<<63), uint32(1<<32-1), int16(-1<<15), true, int64(1<<63-1), uint32(1<<32-1), int64(-1<<63), uint32(1<<32-1), int64(-1<<63), uint8(255), "\xff", "\x00")

	f.Fuzz(func(t *testing.T, state, decision uint8, sections uint16, prevPhase, prevOverdue uint8, hasIncident, cyber bool,
		severity uint8, detectedSec int64, detectedNanos uint32, z int16, hasDueDate bool, dueSec int64, dueNanos uint32,
		nowSec int64, nowNanos uint32, generation int64, probe uint8, lead, comment string) {
		p := review.DefaultPolicy()
		detected := specTime(t0, detectedSec, detectedNanos, fixtures.FuzzZone(z))
		now := detected.Add(fixtures.FuzzOffset(nowSec) + fixtures.FuzzNanos(nowNanos)).UTC()

		var inc *v1alpha1.Incident
		if hasIncident {
			inc = fixtures.Incident("phishing", func(i *v1alpha1.Incident) {
				i.Spec.DetectedAt = metav1.NewTime(detected)
				i.Spec.CyberAttack = cyber
				i.Spec.Severity = severities[int(severity)%len(severities)]
			})
		}
		r := fixtures.RCA("fuzzed", "phishing")
		r.Generation = generation
		r.Spec.Lead = v1alpha1.Person(fixtures.FuzzText(lead, 254))
		r.Spec.State = rcaStates[int(state)%len(rcaStates)]
		wantMissing := rcaSections(r, sections, inc != nil && inc.Spec.CyberAttack)
		signOff(r, decisions[int(decision)%len(decisions)], detected.Add(fixtures.FuzzOffset(dueSec/2)), lead, comment)
		if hasDueDate {
			r.Spec.DueDate = fixtures.Time(specTime(now, dueSec, dueNanos, fixtures.FuzzZone(z/3)))
		}
		r.Status.Phase = rcaPhases[int(prevPhase)%len(rcaPhases)]
		if prevOverdue%3 != 0 {
			prevRCAOverdue(prevOverdue%3 == 1, now.Add(-time.Hour).Truncate(time.Second))(r)
		}

		rBefore, incBefore := r.DeepCopy(), inc.DeepCopy()
		res := review.ComputeRCAAmong(p, r, inc, nil, now)
		untouched(t, rBefore, r)
		untouched(t, incBefore, inc)
		st := res.Status

		if len(st.Missing) != wantMissing || len(st.Missing) > 32 {
			t.Errorf("missing %q, want %d sections", st.Missing, wantMissing)
		}
		submitted := r.Spec.State == v1alpha1.RCAStateSubmitted
		// A decision dated after now is not believed yet.
		decided := r.Spec.SignOff != nil && !review.SignOffInFuture(r.Spec.SignOff, now)
		var want v1alpha1.RCAPhase
		switch {
		case !submitted:
			want = v1alpha1.RCADraft
		case decided && r.Spec.SignOff.Decision == v1alpha1.SignOffChangesRequested:
			want = v1alpha1.RCAChangesRequested
		case wantMissing > 0 && !grandfathered(r, wantMissing):
			want = v1alpha1.RCADraft
		case decided:
			want = v1alpha1.RCASignedOff
		default:
			want = v1alpha1.RCAAwaitingSignOff
		}
		if st.Phase != want {
			t.Errorf("state %q, sign-off %v, %d missing: phase %s, want %s", r.Spec.State, r.Spec.SignOff != nil, wantMissing, st.Phase, want)
		}

		var dueAt *time.Time
		switch {
		case r.Spec.DueDate != nil:
			dueAt = &r.Spec.DueDate.Time
		case inc != nil:
			d := detected.Add(p.RCAReviewWindow[inc.Spec.Severity])
			dueAt = &d
		}
		if (st.DueAt == nil) != (dueAt == nil) || (dueAt != nil && !st.DueAt.Time.Equal(dueAt.Truncate(time.Second))) {
			t.Errorf("dueAt %s, want %v to the second", show(st.DueAt), dueAt)
		}
		overdue := st.Phase != v1alpha1.RCASignedOff && dueAt != nil && !now.Before(*dueAt)
		checkConditions(t, st.Conditions, generation)
		for c, want := range map[v1alpha1.ConditionType]bool{
			v1alpha1.ConditionReady:     inc != nil,
			v1alpha1.ConditionComplete:  wantMissing == 0,
			v1alpha1.ConditionSignedOff: st.Phase == v1alpha1.RCASignedOff,
			v1alpha1.ConditionOverdue:   overdue,
		} {
			if got := condition(st.Conditions, c); got != trueFalse(want) {
				t.Errorf("%s is %s, want %v (phase %s)", c, got, want, st.Phase)
			}
		}
		// The requeue is for the deadline still ahead, or the SIRO's
		// decision when it is dated after now, whichever comes first.
		var wantRequeue time.Duration
		if st.Phase != v1alpha1.RCASignedOff && dueAt != nil && now.Before(*dueAt) {
			wantRequeue = dueAt.Sub(now)
		}
		if so := r.Spec.SignOff; review.SignOffInFuture(so, now) && (wantRequeue == 0 || so.At.Sub(now) < wantRequeue) {
			wantRequeue = so.At.Sub(now)
		}
		// A signed-off analysis of an incident or near miss owes the
		// sharing of its learning (none is recorded here) by its sign-off
		// plus the sharing window.
		wantShared := metav1.ConditionStatus("")
		if st.Phase == v1alpha1.RCASignedOff && inc != nil && inc.Spec.Type != v1alpha1.IncidentTypeExercise {
			wantShared = metav1.ConditionFalse
			if due := r.Spec.SignOff.At.Add(p.ShareWithin); now.Before(due) && (wantRequeue == 0 || due.Sub(now) < wantRequeue) {
				wantRequeue = due.Sub(now)
			}
		}
		if got := condition(st.Conditions, v1alpha1.ConditionLearningShared); got != wantShared {
			t.Errorf("LearningShared is %q, want %q (phase %s)", got, wantShared, st.Phase)
		}
		if res.RequeueAfter != wantRequeue {
			t.Errorf("requeue after %s, want %s", res.RequeueAfter, wantRequeue)
		}
		for _, an := range res.Announcements {
			if an.Reason == v1alpha1.EventRCAOverdue && !overdue {
				t.Errorf("RCAOverdue announced for an analysis that is not overdue")
			}
		}

		settles(t, now, probe, statuskit.Result[v1alpha1.RootCauseAnalysisStatus]{Status: st, Announcements: res.Announcements, RequeueAfter: res.RequeueAfter},
			func(prev v1alpha1.RootCauseAnalysisStatus, at time.Time) statuskit.Result[v1alpha1.RootCauseAnalysisStatus] {
				again := r.DeepCopy()
				again.Status = prev
				out := review.ComputeRCAAmong(p, again, inc, nil, at)
				return out
			})
	})
}

func FuzzComputeIncident(f *testing.F) {
	// kind, severity, cyber, detectedSec, detectedNanos, zone, siroNotified,
	// siroSec, siroDeadline, nowSec, nowNanos, rcas, rcaPlan, actions,
	// actionPlan, step, prevPhase, prevTimeline, prevOverdue, generation, probe
	f.Add(uint8(0), uint8(2), false, int64(0), uint32(0), int16(0), true, int64(3600), uint32(0), int64(3600), uint32(0),
		uint8(0), []byte{}, uint8(0), []byte{}, int64(86400), uint8(0), uint8(0), int32(0), int64(1), uint8(128))
	// Signed off, all actions finished: Closed; one open: Remediating.
	f.Add(uint8(0), uint8(3), true, int64(0), uint32(0), int16(0), true, int64(3600), uint32(0), int64(10*86400), uint32(0),
		uint8(1), []byte{2, 1, 0xff, 1, 0}, uint8(3), []byte{3, 10, 4, 20, 3, 30}, int64(86400), uint8(4), uint8(10), int32(0), int64(2), uint8(255))
	f.Add(uint8(0), uint8(3), true, int64(0), uint32(0), int16(0), true, int64(3600), uint32(0), int64(10*86400), uint32(0),
		uint8(1), []byte{2, 1, 0xff, 1, 0}, uint8(3), []byte{3, 10, 0, 20, 3, 30}, int64(86400), uint8(5), uint8(50), int32(1), int64(2), uint8(255))
	// The SIRO deadline exactly now, not told, a full timeline.
	f.Add(uint8(0), uint8(0), false, int64(0), uint32(500_000_000), int16(60), false, int64(0), uint32(0), int64(12*3600), uint32(500_000_000),
		uint8(0), []byte{}, uint8(0), []byte{}, int64(1), uint8(1), uint8(50), int32(0), int64(1), uint8(255))
	// An external report required: due exactly now and not made; made late.
	f.Add(uint8(0x80), uint8(0), false, int64(0), uint32(0), int16(0), true, int64(3600), uint32(0), int64(72*3600), uint32(0),
		uint8(0), []byte{}, uint8(0), []byte{}, int64(1), uint8(1), uint8(3), int32(0), int64(1), uint8(255))
	f.Add(uint8(0xc0), uint8(1), false, int64(0), uint32(0), int16(0), true, int64(80*3*3600), uint32(0), int64(100*3600), uint32(0),
		uint8(0), []byte{}, uint8(0), []byte{}, int64(1), uint8(1), uint8(3), int32(0), int64(1), uint8(255))
	// The RCA review window passing with several analyses and many actions.
	f.Add(uint8(1), uint8(1), false, int64(0), uint32(1), int16(-300), false, int64(0), uint32(0), int64(30*86400), uint32(1),
		uint8(3), []byte{1, 0, 0, 2, 2, 0xff, 2, 0, 0x7f, 9}, uint8(40), []byte{0, 128, 1, 127, 2, 129, 3, 0, 4, 255}, int64(3600), uint8(2), uint8(49), int32(3), int64(7), uint8(1))
	f.Add(uint8(255), uint8(255), true, int64(-1<<63), uint32(1<<32-1), int16(1<<15-1), true, int64(-1<<63), uint32(1<<32-1), int64(1<<63-1), uint32(1<<32-1),
		uint8(255), []byte{0xff, 0xff, 0xff}, uint8(255), []byte{0xff}, int64(-1<<63), uint8(255), uint8(255), int32(-1<<31), int64(-1<<63), uint8(255))

	f.Fuzz(func(t *testing.T, kind, severity uint8, cyber bool, detectedSec int64, detectedNanos uint32, z int16,
		siroNotified bool, siroSec int64, siroDeadline uint32, nowSec int64, nowNanos uint32,
		nRCAs uint8, rcaPlan []byte, nActions uint8, actionPlan []byte, step int64,
		prevPhase, prevTimeline uint8, prevOverdue int32, generation int64, probe uint8) {
		p := review.DefaultPolicy()
		p.SIRONotificationDeadline = window(siroDeadline, p.SIRONotificationDeadline)
		detected := specTime(t0, detectedSec, detectedNanos, fixtures.FuzzZone(z))
		now := detected.Add(fixtures.FuzzOffset(nowSec) + fixtures.FuzzNanos(nowNanos)).UTC()

		inc := fixtures.Incident("phishing", func(i *v1alpha1.Incident) {
			i.Generation = generation
			i.Spec.Type = incidentTypes[int(kind)%len(incidentTypes)]
			i.Spec.Severity = severities[int(severity)%len(severities)]
			i.Spec.CyberAttack = cyber
			i.Spec.DetectedAt = metav1.NewTime(detected)
			i.Spec.SIRONotifiedAt = nil
			if siroNotified {
				i.Spec.SIRONotifiedAt = fixtures.Time(specTime(detected, siroSec, detectedNanos/7, fixtures.FuzzZone(z/5)))
			}
			// The high bits of kind ask for an external report, and
			// record one.
			i.Spec.ExternalReportRequired = kind&0x80 != 0
			if kind&0x40 != 0 {
				i.Spec.ExternalReports = []v1alpha1.ExternalReport{{Authority: v1alpha1.AuthorityICO,
					ReportedAt: metav1.NewTime(specTime(detected, siroSec/3, detectedNanos/5, fixtures.FuzzZone(z/7)))}}
			}
			i.Status.Phase = phases[int(prevPhase)%len(phases)]
			i.Status.Actions.Overdue = prevOverdue % 64
			// A negative count asks for the deadlines already passed to be
			// on record as missed, whatever the incident is now.
			if siroDue := detected.Add(p.SIRONotificationDeadline); prevOverdue < 0 && !now.Before(siroDue) {
				i.Status.SIRONotificationBreach = &v1alpha1.SIRONotificationBreach{DueAt: *statuskit.Stamp(siroDue)}
			}
			if externalDue := detected.Add(p.ExternalReportDeadline); prevOverdue < 0 && !now.Before(externalDue) {
				i.Status.ExternalReportBreach = &v1alpha1.ExternalReportBreach{DueAt: *statuskit.Stamp(externalDue)}
			}
			for n := range int(prevTimeline) % (review.TimelineLimit + 1) {
				i.Status.Timeline = append(i.Status.Timeline, entry(string(phases[n%len(phases)]), now.Add(-time.Duration(n)*time.Hour).Truncate(time.Second)))
			}
		})

		plan := &choices{b: rcaPlan}
		rcas := make([]v1alpha1.RootCauseAnalysis, int(nRCAs)%4)
		for j := range rcas {
			r := fixtures.RCA(fmt.Sprintf("rca-%d", j), "phishing")
			r.CreationTimestamp = metav1.NewTime(now.Add(-time.Duration(plan.pick(4)) * time.Hour).Truncate(time.Second))
			r.Spec.State = rcaStates[plan.pick(len(rcaStates))]
			rcaSections(r, uint16(plan.next())<<8|uint16(plan.next()), cyber)
			signOff(r, decisions[plan.pick(len(decisions))], detected.Add(time.Hour), "siro@example.nhs.uk", "")
			if plan.flag() {
				r.Spec.NoActionsReason = "The control worked as designed."
			}
			if plan.flag() {
				r.Spec.DueDate = fixtures.Time(specTime(now, int64(int8(plan.next()))*3600, uint32(plan.next())*1e6, fixtures.FuzzZone(z)))
			}
			rcas[j] = *r
		}
		if step == 0 {
			step = 1
		}
		step %= 365 * 86400
		plan = &choices{b: actionPlan}
		actions := make([]v1alpha1.ImprovementAction, int(nActions)%60)
		unfinished := 0
		for j := range actions {
			due := specTime(now, int64(int8(plan.next()))*step, uint32(plan.next())*3_900_000, fixtures.FuzzZone(z))
			a := fixtures.Action(fmt.Sprintf("action-%d", j), "phishing", due)
			a.Spec.State = actionStates[plan.pick(len(actionStates))]
			if a.Spec.State == v1alpha1.ActionStateDone {
				a.Spec.CompletedAt = fixtures.Time(due)
			}
			if !review.ActionFinished(a, now) {
				unfinished++
			}
			actions[j] = *a
		}

		incBefore := inc.DeepCopy()
		rcasBefore := make([]v1alpha1.RootCauseAnalysis, len(rcas))
		for i := range rcas {
			rcasBefore[i] = *rcas[i].DeepCopy()
		}
		actionsBefore := make([]v1alpha1.ImprovementAction, len(actions))
		for i := range actions {
			actionsBefore[i] = *actions[i].DeepCopy()
		}
		res := review.ComputeIncident(p, inc, review.Refs(rcas), review.Refs(actions), now)
		untouched(t, incBefore, inc)
		untouched(t, rcasBefore, rcas)
		untouched(t, actionsBefore, actions)
		st := res.Status

		// The chosen analysis is one of them, and none is more advanced.
		rank := map[v1alpha1.RCAPhase]int{v1alpha1.RCADraft: 0, v1alpha1.RCAChangesRequested: 1, v1alpha1.RCAAwaitingSignOff: 2, v1alpha1.RCASignedOff: 3}
		var chosen *v1alpha1.RootCauseAnalysis
		for i := range rcas {
			if rcas[i].Name == st.RootCauseAnalysis {
				chosen = &rcas[i]
			}
		}
		if (chosen == nil) != (len(rcas) == 0) {
			t.Fatalf("rootCauseAnalysis %q among %d analyses", st.RootCauseAnalysis, len(rcas))
		}
		chosenPhase := v1alpha1.RCAPhase("")
		if chosen != nil {
			chosenPhase = review.RCAPhase(chosen, inc, now)
			// Analyses are ranked as they stand, every decision believed,
			// whenever it is dated.
			for i := range rcas {
				if rank[review.RCAPhase(&rcas[i], inc, endOfTime)] > rank[review.RCAPhase(chosen, inc, endOfTime)] {
					t.Errorf("chose %s over the more advanced %s (%s)", chosen.Name, rcas[i].Name, review.RCAPhase(&rcas[i], inc, endOfTime))
				}
			}
		}
		var want v1alpha1.IncidentPhase
		switch chosenPhase {
		case "":
			want = v1alpha1.IncidentOpen
		case v1alpha1.RCADraft, v1alpha1.RCAChangesRequested:
			want = v1alpha1.IncidentInvestigating
		case v1alpha1.RCAAwaitingSignOff:
			want = v1alpha1.IncidentAwaitingSignOff
		case v1alpha1.RCASignedOff:
			want = v1alpha1.IncidentRemediating
			if unfinished == 0 && (len(actions) > 0 || chosen.Spec.NoActionsReason != "") {
				want = v1alpha1.IncidentClosed
			}
		}
		if st.Phase != want {
			t.Errorf("analysis %s, %d of %d actions unfinished: phase %s, want %s", chosenPhase, unfinished, len(actions), st.Phase, want)
		}
		if st.Phase == v1alpha1.IncidentClosed && (chosenPhase != v1alpha1.RCASignedOff || unfinished > 0) {
			t.Errorf("closed with the analysis %s and %d actions unfinished", chosenPhase, unfinished)
		}
		if complete := condition(st.Conditions, v1alpha1.ConditionComplete); complete != trueFalse(st.Phase == v1alpha1.IncidentClosed) {
			t.Errorf("Complete is %s in phase %s", complete, st.Phase)
		}

		overdue := 0
		for i := range actions {
			if !review.ActionFinished(&actions[i], now) && !now.Before(actions[i].Spec.DueDate.Time) {
				overdue++
			}
		}
		c := st.Actions
		if int(c.Total) != len(actions) || int(c.Done)+unfinished != int(c.Total) || int(c.Overdue) != overdue || c.Overdue > c.Total ||
			c.Progress != fmt.Sprintf("%d/%d", c.Done, c.Total) {
			t.Errorf("counts %+v of %d actions, %d unfinished, %d overdue", c, len(actions), unfinished, overdue)
		}

		if len(st.Timeline) > review.TimelineLimit {
			t.Errorf("a timeline of %d entries, more than %d", len(st.Timeline), review.TimelineLimit)
		}
		for _, e := range st.Timeline {
			if utf8.RuneCountInString(e.Type) > 64 || utf8.RuneCountInString(e.Message) > 1024 || e.Time.Nanosecond() != 0 {
				t.Errorf("timeline entry %q at %s is not one the API server accepts", e.Type, show(&e.Time))
			}
		}
		if st.Phase != inc.Status.Phase && (len(st.Timeline) == 0 || !strings.Contains(toJSON(st.Timeline), `"type": "`+string(st.Phase)+`"`)) {
			t.Errorf("the phase changed from %q to %s without a timeline entry", inc.Status.Phase, st.Phase)
		}
		siroDue := detected.Add(p.SIRONotificationDeadline)
		exercise := inc.Spec.Type == v1alpha1.IncidentTypeExercise
		switch {
		case exercise && st.SIRONotificationDueAt != nil:
			t.Errorf("an exercise has a SIRO notification deadline: %s", show(st.SIRONotificationDueAt))
		case !exercise && (st.SIRONotificationDueAt == nil || !st.SIRONotificationDueAt.Time.Equal(siroDue.Truncate(time.Second))):
			t.Errorf("siroNotificationDueAt %s, want %s to the second", show(st.SIRONotificationDueAt), siroDue)
		}
		externalDue := detected.Add(p.ExternalReportDeadline)
		external := inc.Spec.ExternalReportRequired && !exercise
		switch {
		case !external && (st.ExternalReportDueAt != nil || (st.ExternalReportBreach != nil && inc.Status.ExternalReportBreach == nil)):
			t.Errorf("no external report is required, yet it is due %s, breach %+v", show(st.ExternalReportDueAt), st.ExternalReportBreach)
		case external && (st.ExternalReportDueAt == nil || !st.ExternalReportDueAt.Time.Equal(externalDue.Truncate(time.Second))):
			t.Errorf("externalReportDueAt %s, want %s to the second", show(st.ExternalReportDueAt), externalDue)
		}
		// A breach on record is never erased, whatever the incident became.
		if prev := inc.Status.SIRONotificationBreach; prev != nil && (st.SIRONotificationBreach == nil || !st.SIRONotificationBreach.DueAt.Equal(&prev.DueAt)) {
			t.Errorf("the SIRO notification breach on record (due %s) became %+v", show(&prev.DueAt), st.SIRONotificationBreach)
		}
		if prev := inc.Status.ExternalReportBreach; prev != nil && (st.ExternalReportBreach == nil || !st.ExternalReportBreach.DueAt.Equal(&prev.DueAt)) {
			t.Errorf("the external report breach on record (due %s) became %+v", show(&prev.DueAt), st.ExternalReportBreach)
		}
		checkConditions(t, st.Conditions, generation)

		// The requeue is for the earliest deadline still ahead: the SIRO
		// notification, the external report, the analysis, the sharing of
		// its learning, an unfinished action.
		var deadlines []time.Time
		if inc.Spec.SIRONotifiedAt == nil && !exercise {
			deadlines = append(deadlines, siroDue)
		}
		if external && len(inc.Spec.ExternalReports) == 0 {
			deadlines = append(deadlines, externalDue)
		}
		if chosenPhase != v1alpha1.RCASignedOff {
			deadlines = append(deadlines, review.RCADueAt(p, chosen, inc).Time)
		}
		// A signed-off analysis of an incident or near miss owes the
		// sharing of its learning (none is recorded here).
		if chosenPhase == v1alpha1.RCASignedOff && !exercise {
			deadlines = append(deadlines, chosen.Spec.SignOff.At.Add(p.ShareWithin))
		}
		for i := range actions {
			if !review.ActionFinished(&actions[i], now) {
				deadlines = append(deadlines, actions[i].Spec.DueDate.Time)
			}
		}
		if chosen != nil && review.SignOffInFuture(chosen.Spec.SignOff, now) {
			deadlines = append(deadlines, chosen.Spec.SignOff.At.Time) // the decision is believed then
		}
		var wantRequeue time.Duration
		for _, d := range deadlines {
			if d.After(now) && (wantRequeue == 0 || d.Sub(now) < wantRequeue) {
				wantRequeue = d.Sub(now)
			}
		}
		if res.RequeueAfter != wantRequeue {
			t.Errorf("requeue after %s, want %s", res.RequeueAfter, wantRequeue)
		}

		settles(t, now, probe, statuskit.Result[v1alpha1.IncidentStatus]{Status: st, Announcements: res.Announcements, RequeueAfter: res.RequeueAfter},
			func(prev v1alpha1.IncidentStatus, at time.Time) statuskit.Result[v1alpha1.IncidentStatus] {
				again := inc.DeepCopy()
				again.Status = prev
				r := review.ComputeIncident(p, again, review.Refs(rcas), review.Refs(actions), at)
				return r
			})
	})
}

// endOfTime is after every time the fuzzer writes.
var endOfTime = time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)
