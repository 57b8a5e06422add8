package review_test

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

// t0 is when the fixtures' incident was detected.
var t0 = fixtures.T0

// Instants around a deadline, the three sides every boundary is tested on.
const (
	justBefore = -time.Nanosecond
	exactly    = time.Duration(0)
	justAfter  = time.Nanosecond
)

// is renders the expected status and reason of a condition as cond does.
func is(status bool, reason v1alpha1.ConditionReason) string {
	if status {
		return "True/" + string(reason)
	}
	return "False/" + string(reason)
}

// cond returns "Status/Reason" of a condition, "" when absent.
func cond(cs []metav1.Condition, t v1alpha1.ConditionType) string {
	c := meta.FindStatusCondition(cs, string(t))
	if c == nil {
		return ""
	}
	return string(c.Status) + "/" + c.Reason
}

// condMap renders every condition as type → "Status/Reason", ignoring times
// and messages.
func condMap(cs []metav1.Condition) map[v1alpha1.ConditionType]string {
	out := map[v1alpha1.ConditionType]string{}
	for _, c := range cs {
		out[v1alpha1.ConditionType(c.Type)] = string(c.Status) + "/" + c.Reason
	}
	return out
}

// reasons lists the reasons of the announcements, in order.
func reasons(as []statuskit.Announcement) []v1alpha1.EventReason {
	out := []v1alpha1.EventReason{}
	for _, a := range as {
		out = append(out, a.Reason)
	}
	return out
}

// announcement returns the announcement with the reason, or fails.
func announcement(t *testing.T, as []statuskit.Announcement, r v1alpha1.EventReason) statuskit.Announcement {
	t.Helper()
	for _, a := range as {
		if a.Reason == r {
			return a
		}
	}
	t.Fatalf("no %s announcement in %v", r, reasons(as))
	return statuskit.Announcement{}
}

// sameReasons compares announcement reasons, nil and empty alike.
func sameReasons(got []statuskit.Announcement, want ...v1alpha1.EventReason) bool {
	return slices.Equal(reasons(got), append([]v1alpha1.EventReason{}, want...))
}

// at wraps t for comparison with optional status timestamps.
func at(t time.Time) *metav1.Time { return fixtures.Time(t) }

// atOrNil wraps t when there is one.
func atOrNil(t *time.Time) *metav1.Time {
	if t == nil {
		return nil
	}
	return fixtures.Time(*t)
}

// sameInstant compares optional timestamps.
func sameInstant(a, b *metav1.Time) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return a.Time.Equal(b.Time)
}

// show renders an optional timestamp for failure messages.
func show(t *metav1.Time) string {
	if t == nil {
		return "<nil>"
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// toJSON renders v for failure messages.
func toJSON(v any) string {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err.Error()
	}
	return string(b)
}

// stored is what the API server keeps of a status: its JSON form, with
// timestamps to the second.
func stored[S any](t *testing.T, s S) S {
	t.Helper()
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatalf("marshal status: %v", err)
	}
	var out S
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatalf("unmarshal status: %v", err)
	}
	return out
}

// assertAtRest feeds a computed status back as the controller would read it
// from the API server and checks that the operator then writes nothing and
// announces nothing: at the same instant, and at any instant before the
// requeue. At the requeue instant something must change, or the requeue was
// for nothing. With no requeue, nothing changes a year later either.
func assertAtRest[S any](t *testing.T, now time.Time, first statuskit.Result[S], recompute func(prev S, now time.Time) statuskit.Result[S]) {
	t.Helper()
	// Fed back as computed, without a trip through the API server.
	if again := recompute(first.Status, now); !reflect.DeepEqual(first.Status, again.Status) || len(again.Announcements) > 0 {
		t.Errorf("recomputing from the computed status changed it or announced %v\nfirst:  %s\nsecond: %s",
			reasons(again.Announcements), toJSON(first.Status), toJSON(again.Status))
	}
	prev := stored(t, first.Status)
	check := func(when string, at time.Time, wantRequeue time.Duration) {
		t.Helper()
		again := recompute(prev, at)
		if !equality.Semantic.DeepEqual(first.Status, again.Status) {
			t.Errorf("%s, recomputing from the stored status changed it\nfirst:  %s\nsecond: %s", when, toJSON(first.Status), toJSON(again.Status))
		}
		if len(again.Announcements) > 0 {
			t.Errorf("%s, recomputing from the stored status announced %v again", when, reasons(again.Announcements))
		}
		if again.RequeueAfter != wantRequeue {
			t.Errorf("%s, requeue after %s, want %s", when, again.RequeueAfter, wantRequeue)
		}
	}
	check("at the same instant", now, first.RequeueAfter)
	if first.RequeueAfter == 0 {
		check("a year later, with no deadline left", now.Add(365*statuskit.Day), 0)
		return
	}
	wake := now.Add(first.RequeueAfter)
	check("one nanosecond before the requeue", wake.Add(-time.Nanosecond), time.Nanosecond)
	woken := recompute(prev, wake)
	if equality.Semantic.DeepEqual(first.Status, woken.Status) && len(woken.Announcements) == 0 {
		t.Errorf("nothing changed at the requeue instant %s", wake.UTC().Format(time.RFC3339Nano))
	}
}

// fieldsOf keeps the field path of each missing section ("causes" of
// "causes: at least one root cause") and checks that each is explained in
// words.
func fieldsOf(t *testing.T, missing []string) []string {
	t.Helper()
	out := []string{}
	for _, m := range missing {
		field, words, ok := strings.Cut(m, ": ")
		if !ok || len(strings.Fields(words)) < 2 {
			t.Errorf("missing section %q is not explained in words", m)
		}
		out = append(out, field)
	}
	return out
}

// Options on actions.

func actionState(s v1alpha1.ActionState) fixtures.Option[v1alpha1.ImprovementAction] {
	return func(a *v1alpha1.ImprovementAction) { a.Spec.State = s }
}

func prevActionPhase(p v1alpha1.ActionPhase) fixtures.Option[v1alpha1.ImprovementAction] {
	return func(a *v1alpha1.ImprovementAction) { a.Status.Phase = p }
}

func dueSoonAnnouncedAt(t time.Time) fixtures.Option[v1alpha1.ImprovementAction] {
	return func(a *v1alpha1.ImprovementAction) { a.Status.DueSoonAnnouncedAt = fixtures.Time(t) }
}

func overdueAnnouncedAt(t time.Time) fixtures.Option[v1alpha1.ImprovementAction] {
	return func(a *v1alpha1.ImprovementAction) { a.Status.OverdueAnnouncedAt = fixtures.Time(t) }
}

func actionDue(t time.Time) fixtures.Option[v1alpha1.ImprovementAction] {
	return func(a *v1alpha1.ImprovementAction) { a.Spec.DueDate = metav1.NewTime(t) }
}

func completedWithoutDate() fixtures.Option[v1alpha1.ImprovementAction] {
	return func(a *v1alpha1.ImprovementAction) { a.Spec.CompletedAt = nil }
}

func completedAt(t time.Time) fixtures.Option[v1alpha1.ImprovementAction] {
	return func(a *v1alpha1.ImprovementAction) { a.Spec.CompletedAt = fixtures.Time(t) }
}

// Options on analyses.

func rcaState(s v1alpha1.RCAState) fixtures.Option[v1alpha1.RootCauseAnalysis] {
	return func(r *v1alpha1.RootCauseAnalysis) { r.Spec.State = s }
}

func rcaDueDate(t time.Time) fixtures.Option[v1alpha1.RootCauseAnalysis] {
	return func(r *v1alpha1.RootCauseAnalysis) { r.Spec.DueDate = fixtures.Time(t) }
}

func prevRCAPhase(p v1alpha1.RCAPhase) fixtures.Option[v1alpha1.RootCauseAnalysis] {
	return func(r *v1alpha1.RootCauseAnalysis) { r.Status.Phase = p }
}

// prevRCAOverdue records a previous Overdue condition.
func prevRCAOverdue(status bool, since time.Time) fixtures.Option[v1alpha1.RootCauseAnalysis] {
	return func(r *v1alpha1.RootCauseAnalysis) {
		c := metav1.Condition{Type: string(v1alpha1.ConditionOverdue), Status: metav1.ConditionFalse,
			Reason: string(v1alpha1.ReasonOnTrack), LastTransitionTime: metav1.NewTime(since)}
		if status {
			c.Status, c.Reason = metav1.ConditionTrue, string(v1alpha1.ReasonPastDueDate)
		}
		meta.SetStatusCondition(&r.Status.Conditions, c)
	}
}

func createdAt(t time.Time) fixtures.Option[v1alpha1.RootCauseAnalysis] {
	return func(r *v1alpha1.RootCauseAnalysis) { r.CreationTimestamp = metav1.NewTime(t) }
}

// withoutFactors is an analysis written before organisationalFactors was
// required.
func withoutFactors() fixtures.Option[v1alpha1.RootCauseAnalysis] {
	return func(r *v1alpha1.RootCauseAnalysis) { r.Spec.OrganisationalFactors = "" }
}

func withoutCauses() fixtures.Option[v1alpha1.RootCauseAnalysis] {
	return func(r *v1alpha1.RootCauseAnalysis) { r.Spec.Causes = nil }
}

// Options on incidents.

func cyberAttack() fixtures.Option[v1alpha1.Incident] {
	return func(i *v1alpha1.Incident) { i.Spec.CyberAttack = true }
}

func severity(s v1alpha1.Severity) fixtures.Option[v1alpha1.Incident] {
	return func(i *v1alpha1.Incident) { i.Spec.Severity = s }
}

func siroNotifiedAt(t time.Time) fixtures.Option[v1alpha1.Incident] {
	return func(i *v1alpha1.Incident) { i.Spec.SIRONotifiedAt = fixtures.Time(t) }
}

func siroNotTold() fixtures.Option[v1alpha1.Incident] {
	return func(i *v1alpha1.Incident) { i.Spec.SIRONotifiedAt = nil }
}

func nearMiss() fixtures.Option[v1alpha1.Incident] {
	return func(i *v1alpha1.Incident) { i.Spec.Type = v1alpha1.IncidentTypeNearMiss; i.Spec.SIRO = "" }
}

func prevIncidentPhase(p v1alpha1.IncidentPhase) fixtures.Option[v1alpha1.Incident] {
	return func(i *v1alpha1.Incident) { i.Status.Phase = p }
}

func prevOverdueActions(n int32) fixtures.Option[v1alpha1.Incident] {
	return func(i *v1alpha1.Incident) { i.Status.Actions.Overdue = n }
}

func prevTimeline(entries ...v1alpha1.TimelineEntry) fixtures.Option[v1alpha1.Incident] {
	return func(i *v1alpha1.Incident) { i.Status.Timeline = entries }
}

// prevSIROCondition records a previous SIRONotified condition.
func prevSIROCondition(status bool, reason v1alpha1.ConditionReason) fixtures.Option[v1alpha1.Incident] {
	return func(i *v1alpha1.Incident) {
		st := metav1.ConditionFalse
		if status {
			st = metav1.ConditionTrue
		}
		meta.SetStatusCondition(&i.Status.Conditions, metav1.Condition{Type: string(v1alpha1.ConditionSIRONotified),
			Status: st, Reason: string(reason), LastTransitionTime: metav1.NewTime(t0)})
	}
}

// generation sets metadata.generation on any object.
func generation[T any, PT interface {
	*T
	SetGeneration(int64)
}](g int64) fixtures.Option[T] {
	return func(o *T) { PT(o).SetGeneration(g) }
}

// entry is a timeline entry of the type at t.
func entry(typ string, t time.Time) v1alpha1.TimelineEntry {
	return v1alpha1.TimelineEntry{Type: typ, Time: metav1.NewTime(t), Message: typ}
}

// types lists the types of timeline entries.
func types(entries []v1alpha1.TimelineEntry) []string {
	out := []string{}
	for _, e := range entries {
		out = append(out, e.Type)
	}
	return out
}

// once is how many times something wanted (or not) should happen.
func once(wanted bool) int {
	if wanted {
		return 1
	}
	return 0
}

// incidentIf is the actions' incident when found, nil when it does not exist.
func incidentIf(found bool) *v1alpha1.Incident {
	if !found {
		return nil
	}
	return fixtures.Incident("phishing")
}
