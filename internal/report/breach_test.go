package report_test

import (
	"testing"
	"time"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

// A deadline missed on record counts as late in the on-time figures
// whatever the incident became since: reclassified as a near miss or an
// exercise, its external report no longer marked required. A near miss's
// own missed notification stays out of the incident-response figures.
func TestABreachOnRecordCountsLateWhateverTheIncidentBecame(t *testing.T) {
	p := review.DefaultPolicy()
	breached := func(i *v1alpha1.Incident) {
		i.Status.SIRONotificationBreach = &v1alpha1.SIRONotificationBreach{DueAt: *fixtures.Time(fyDay.Add(p.SIRONotificationDeadline)), Type: v1alpha1.IncidentTypeIncident}
		i.Status.ExternalReportBreach = &v1alpha1.ExternalReportBreach{DueAt: *fixtures.Time(fyDay.Add(p.ExternalReportDeadline))}
	}
	toldLate := func(i *v1alpha1.Incident) {
		i.Spec.SIRONotifiedAt = fixtures.Time(fyDay.Add(20 * time.Hour))
		i.Spec.ExternalReports = []v1alpha1.ExternalReport{{Authority: v1alpha1.AuthorityICO, ReportedAt: *fixtures.Time(fyDay.Add(100 * time.Hour))}}
	}
	for _, c := range []struct {
		name       string
		reclassify fixtures.Option[v1alpha1.Incident]
	}{
		{"an incident still", func(i *v1alpha1.Incident) { i.Spec.ExternalReportRequired = true }},
		{"now a near miss", func(i *v1alpha1.Incident) { i.Spec.Type = v1alpha1.IncidentTypeNearMiss }},
		{"now an exercise", func(i *v1alpha1.Incident) { i.Spec.Type = v1alpha1.IncidentTypeExercise }},
		{"its external report no longer required", func(i *v1alpha1.Incident) { i.Spec.ExternalReportRequired = false }},
	} {
		t.Run(c.name, func(t *testing.T) {
			late := with(incidentAt("breached", fyDay, toldLate, breached, c.reclassify), nil)
			onTime := with(incidentAt("on-time", fyDay, notifiedAfter(time.Hour), fixtures.ExternallyReported(v1alpha1.AuthorityICO, fyDay.Add(time.Hour))), nil)
			k := compute(t, p, []review.Case{late, onTime}, fyFrom, fyTo, fyNow).KPIs
			if !sameI32(k.SIRONotifiedOnTimePercent, i32(50)) {
				t.Errorf("siroNotifiedOnTimePercent = %s, want 50: the breach counts as late", showI32(k.SIRONotifiedOnTimePercent))
			}
			if !sameI32(k.ExternalReportsOnTimePercent, i32(50)) {
				t.Errorf("externalReportsOnTimePercent = %s, want 50: the breach counts as late", showI32(k.ExternalReportsOnTimePercent))
			}
		})
	}
}

func TestANearMissesOwnMissedNotificationStaysOutOfTheSIROFigures(t *testing.T) {
	p := review.DefaultPolicy()
	for _, as := range []v1alpha1.IncidentType{v1alpha1.IncidentTypeNearMiss, ""} {
		nearMiss := with(nearMissAt("near-miss", fyDay, notNotified(), func(i *v1alpha1.Incident) {
			i.Status.SIRONotificationBreach = &v1alpha1.SIRONotificationBreach{DueAt: *fixtures.Time(fyDay.Add(p.SIRONotificationDeadline)), Type: as}
		}), nil)
		onTime := with(incidentAt("on-time", fyDay, notifiedAfter(time.Hour)), nil)
		if k := compute(t, p, []review.Case{nearMiss, onTime}, fyFrom, fyTo, fyNow).KPIs; !sameI32(k.SIRONotifiedOnTimePercent, i32(100)) {
			t.Errorf("breached as %q: siroNotifiedOnTimePercent = %s, want 100", as, showI32(k.SIRONotifiedOnTimePercent))
		}
	}
}

// The share of incidents whose decision whether to report them was
// recorded in time: decided by the deadline counts on time, decided later
// or still undecided past it late; near misses and the flag alone (no time
// on record) do not count.
func TestExternalReportDecisionsOnTime(t *testing.T) {
	p := review.DefaultPolicy()
	decided := func(after time.Duration) fixtures.Option[v1alpha1.Incident] {
		return func(i *v1alpha1.Incident) {
			i.Spec.ExternalReportDecision = &v1alpha1.ExternalReportDecision{Reason: "Encrypted", DecidedBy: "dpo@example.nhs.uk", At: *fixtures.Time(fyDay.Add(after))}
		}
	}
	members := []review.Case{
		with(incidentAt("on-time", fyDay, decided(time.Hour)), nil),
		with(incidentAt("late", fyDay, decided(100*time.Hour)), nil),
		with(incidentAt("undecided", fyDay, fixtures.Undecided), nil),
		with(incidentAt("flagged", fyDay, fixtures.ExternalReportRequired()), nil),
		with(nearMissAt("near-miss", fyDay, fixtures.Undecided), nil),
	}
	if k := compute(t, p, members, fyFrom, fyTo, fyNow).KPIs; !sameI32(k.ExternalReportDecisionsOnTimePercent, i32(33)) {
		t.Errorf("externalReportDecisionsOnTimePercent = %s, want 33 (one of three)", showI32(k.ExternalReportDecisionsOnTimePercent))
	}
}
