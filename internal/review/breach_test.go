package review_test

import (
	"strings"
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/api/meta"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

// A missed deadline once recorded is never erased: reclassifying the
// incident (to an exercise, to a near miss) or unmarking its external
// report keeps the breach in the status, says so in the condition, and
// counts it late in the on-time figures; the duty itself is owed no more
// where nothing is required any longer.
func TestABreachOnRecordSurvivesEveryReclassification(t *testing.T) {
	p := review.DefaultPolicy()
	missed := t0.Add(80 * time.Hour) // past the SIRO (12h) and external (72h) deadlines
	untold := func(i *v1alpha1.Incident) { i.Spec.SIRONotifiedAt = nil }
	for _, c := range []struct {
		name       string
		reclassify func(*v1alpha1.Incident)
		// required: each notice still owed after the edit.
		siroRequired, externalRequired bool
	}{
		{"to an exercise", func(i *v1alpha1.Incident) { i.Spec.Type = v1alpha1.IncidentTypeExercise }, false, false},
		{"to a near miss", func(i *v1alpha1.Incident) { i.Spec.Type = v1alpha1.IncidentTypeNearMiss }, true, true},
		{"no external report required after all", func(i *v1alpha1.Incident) { i.Spec.ExternalReportRequired = false; decidedNotReportable(i) }, true, false},
		{"told and reported since, then made an exercise", func(i *v1alpha1.Incident) {
			i.Spec.SIRONotifiedAt = fixtures.Time(missed)
			reportedAt(missed)(i)
			i.Spec.Type = v1alpha1.IncidentTypeExercise
		}, false, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			inc := incident(untold, fixtures.ExternalReportRequired())
			before := computeIncident(t, p, inc, signedOffRCA(), nil, missed).Status
			if before.SIRONotificationBreach == nil || before.ExternalReportBreach == nil {
				t.Fatalf("no breach recorded before the edit: %+v, %+v", before.SIRONotificationBreach, before.ExternalReportBreach)
			}
			inc.Status = stored(t, before)
			c.reclassify(inc)
			later := missed.Add(time.Hour)
			st := computeIncident(t, p, inc, signedOffRCA(), nil, later).Status

			if b := st.SIRONotificationBreach; b == nil || !b.DueAt.Equal(&before.SIRONotificationBreach.DueAt) || b.Type != v1alpha1.IncidentTypeIncident {
				t.Errorf("the SIRO notification breach became %+v, want the one recorded, due %s, missed as an Incident", b, before.SIRONotificationBreach.DueAt)
			}
			if b := st.ExternalReportBreach; b == nil || !b.DueAt.Equal(&before.ExternalReportBreach.DueAt) {
				t.Errorf("the external report breach became %+v, want the one recorded, due %s", b, before.ExternalReportBreach.DueAt)
			}
			if c.reclassify != nil && inc.Spec.SIRONotifiedAt != nil && (st.SIRONotificationBreach.NotifiedAt == nil || !st.SIRONotificationBreach.NotifiedAt.Equal(inc.Spec.SIRONotifiedAt)) {
				t.Errorf("the breach does not record when the SIRO was told: %+v", st.SIRONotificationBreach)
			}
			for _, n := range []struct {
				condition v1alpha1.ConditionType
				required  bool
				record    review.Record
			}{
				{v1alpha1.ConditionSIRONotified, c.siroRequired, review.SIRONotificationRecord(p, inc, later)},
				{v1alpha1.ConditionExternallyReported, c.externalRequired, review.ExternalReportRecord(p, inc, later)},
			} {
				cond := meta.FindStatusCondition(st.Conditions, string(n.condition))
				if !n.required && (cond == nil || cond.Reason != string(v1alpha1.ReasonNotRequired) || !strings.Contains(cond.Message, "stays on record")) {
					t.Errorf("%s = %+v, want NotRequired, saying the missed deadline stays on record", n.condition, cond)
				}
				if !n.record.Counted || n.record.OnTime || !n.record.Breached {
					t.Errorf("%s counts in the on-time figures as %+v, want counted, late, breached", n.condition, n.record)
				}
			}
		})
	}
}

// A decision whether to report that was not made by its deadline stays
// missed: made late, or the incident reclassified or marked reportable
// since, it counts late in the on-time figures and keeps the deadline that
// applied.
func TestAMissedDecisionOnRecordSurvivesEveryEdit(t *testing.T) {
	p := review.DefaultPolicy()
	missed := t0.Add(80 * time.Hour) // past the 72h deadline
	for _, c := range []struct {
		name string
		edit func(*v1alpha1.Incident)
	}{
		{"decided since, dated on time", decidedNotReportable},
		{"to a near miss", func(i *v1alpha1.Incident) { i.Spec.Type = v1alpha1.IncidentTypeNearMiss }},
		{"to an exercise", func(i *v1alpha1.Incident) { i.Spec.Type = v1alpha1.IncidentTypeExercise }},
		{"marked reportable", func(i *v1alpha1.Incident) { i.Spec.ExternalReportRequired = true }},
		{"detection moved later", func(i *v1alpha1.Incident) { i.Spec.DetectedAt.Time = missed }},
	} {
		t.Run(c.name, func(t *testing.T) {
			inc := incident(fixtures.Undecided)
			before := computeIncident(t, p, inc, signedOffRCA(), nil, missed).Status
			if before.ExternalReportDecisionBreach == nil {
				t.Fatalf("no missed decision recorded before the edit: %+v", before)
			}
			inc.Status = stored(t, before)
			c.edit(inc)
			later := missed.Add(time.Hour)
			st := computeIncident(t, p, inc, signedOffRCA(), nil, later).Status
			if b := st.ExternalReportDecisionBreach; b == nil || !b.DueAt.Equal(&before.ExternalReportDecisionBreach.DueAt) {
				t.Errorf("the missed decision became %+v, want the one recorded, due %s", b, before.ExternalReportDecisionBreach.DueAt)
			}
			if r := review.ExternalReportDecisionRecord(p, inc, later); !r.Counted || r.OnTime || !r.Breached {
				t.Errorf("the decision counts in the on-time figures as %+v, want counted, late, breached", r)
			}
		})
	}
}
