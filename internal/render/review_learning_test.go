package render

import (
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
)

// Whether the incident was reported outside the organisation in time is
// the operator's judgement, read from its condition, in words.
func TestExternalReportText(t *testing.T) {
	due := metav1.NewTime(time.Date(2026, 5, 15, 8, 40, 0, 0, time.UTC))
	withCondition := func(required bool, reason v1alpha1.ConditionReason, opts ...func(*v1alpha1.Incident)) *v1alpha1.Incident {
		inc := &v1alpha1.Incident{}
		inc.Spec.ExternalReportRequired = required
		if reason != "" {
			inc.Status.Conditions = []metav1.Condition{{Type: string(v1alpha1.ConditionExternallyReported), Reason: string(reason)}}
		}
		if required {
			inc.Status.ExternalReportDueAt = &due
		}
		for _, o := range opts {
			o(inc)
		}
		return inc
	}
	exercise := func(i *v1alpha1.Incident) {
		i.Spec.Type = v1alpha1.IncidentTypeExercise
		i.Status.ExternalReportDueAt = nil
	}
	breached := func(reported *metav1.Time) func(*v1alpha1.Incident) {
		return func(i *v1alpha1.Incident) {
			i.Status.ExternalReportBreach = &v1alpha1.ExternalReportBreach{DueAt: due, ReportedAt: reported}
		}
	}
	for _, c := range []struct {
		name string
		inc  *v1alpha1.Incident
		want string
	}{
		{"not required, not assessed", withCondition(false, ""), "Not required."},
		{"not required", withCondition(false, v1alpha1.ReasonNotRequired), "Not required."},
		{"an exercise", withCondition(true, v1alpha1.ReasonNotRequired, exercise), "Not required: an exercise is never reported outside the organisation."},
		{"required, not assessed", withCondition(true, ""), "not recorded (the operator has not assessed it yet)"},
		{"reported", withCondition(true, v1alpha1.ReasonReported), "Yes: reported within the deadline of 15 May 2026 08:40 UTC."},
		{"reported late", withCondition(true, v1alpha1.ReasonReportedLate), "No: reported after the deadline of 15 May 2026 08:40 UTC."},
		{"not yet due", withCondition(true, v1alpha1.ReasonNotYetDue), "Not reported yet, within the deadline of 15 May 2026 08:40 UTC."},
		{"missed", withCondition(true, v1alpha1.ReasonDeadlineMissed),
			"No: not reported, and the deadline of 15 May 2026 08:40 UTC has passed. Report it through the DSPT incident reporting tool and record it."},
		{"missed, then no longer required", withCondition(false, v1alpha1.ReasonNotRequired, breached(nil)),
			"No: not required now, but the deadline of 15 May 2026 08:40 UTC was missed while a report was required; the breach stays on record."},
		{"missed, reported late, then made an exercise", withCondition(true, v1alpha1.ReasonNotRequired, exercise, breached(&metav1.Time{Time: due.Add(26 * time.Hour)})),
			"No: not required now, but the deadline of 15 May 2026 08:40 UTC was missed while a report was required, reported 16 May 2026 10:40 UTC; the breach stays on record."},
	} {
		if got := externalReportText(c.inc); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

// The first report is judged against the deadline; a late one says by how
// much; without a recorded deadline nothing is guessed.
func TestExternalReportTimeliness(t *testing.T) {
	at := func(s string) metav1.Time { return metav1.NewTime(ts(s).Time) }
	report := func(a v1alpha1.ReportingAuthority, when string) v1alpha1.ExternalReport {
		return v1alpha1.ExternalReport{Authority: a, ReportedAt: at(when)}
	}
	due := at("2026-05-15T08:40:00Z")
	for _, c := range []struct {
		name     string
		required bool
		due      *metav1.Time
		reports  []v1alpha1.ExternalReport
		want     []string
	}{
		{"on time, then a further report", true, &due, []v1alpha1.ExternalReport{report("NCSC", "2026-05-20T10:00:00Z"), report("ICO", "2026-05-15T08:40:00Z")},
			[]string{"a further report, after the first", "on time"}},
		{"late", true, &due, []v1alpha1.ExternalReport{report("ICO", "2026-05-16T10:40:00Z")}, []string{"late: 1d2h after the deadline"}},
		{"not assessed", true, nil, []v1alpha1.ExternalReport{report("ICO", "2026-05-16T10:40:00Z")}, []string{notRecorded}},
		{"not required", false, nil, []v1alpha1.ExternalReport{report("Police", "2026-05-16T10:40:00Z")}, []string{"no deadline: not required"}},
	} {
		inc := &v1alpha1.Incident{}
		inc.Spec.ExternalReportRequired, inc.Spec.ExternalReports, inc.Status.ExternalReportDueAt = c.required, c.reports, c.due
		var got []string
		for _, v := range externalReportViews(inc) {
			got = append(got, v.Timeliness)
		}
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

// The HTML document shows the reports as a table and the related incidents
// as a list, a related incident not found saying so.
func TestReviewHTMLLearningAcrossIncidents(t *testing.T) {
	_, doc := renderReviewHTML(t, cyberAttackCase(), cyberAttackAsAt, relatedToCyberAttack()...)
	rows := bodyRows(byID(doc, "table-external-reports"))
	if len(rows) != 2 || rows[0][0] != "Information Commissioner's Office (ICO)" || rows[0][3] != "on time" {
		t.Errorf("external reports %q", rows)
	}
	items := findAll(byID(doc, "related-incidents"), "li")
	if len(items) != 2 ||
		text(items[0]) != "invoice-fraud-phishing-2025-11: Supplier invoice fraud after a phishing e-mail (Closed)" ||
		!strings.Contains(text(items[1]), "not found in namespace northshire-trust") {
		t.Errorf("related incidents %v", items)
	}
	// Without related incidents or reports, neither section appears.
	if s, _ := renderReviewHTML(t, closedOnTimeCase(), cyberAttackAsAt); strings.Contains(s, "table-external-reports") || strings.Contains(s, "related-incidents") {
		t.Error("sections shown with nothing to show")
	}
}

// The decision whether to report is shown as recorded, with its reason
// when not reportable; only an incident needs one.
func TestDecisionText(t *testing.T) {
	at := metav1.NewTime(time.Date(2026, 5, 13, 10, 0, 0, 0, time.UTC))
	decided := func(reportable bool) *v1alpha1.Incident {
		inc := &v1alpha1.Incident{Spec: v1alpha1.IncidentSpec{Type: v1alpha1.IncidentTypeIncident}}
		inc.Spec.ExternalReportDecision = &v1alpha1.ExternalReportDecision{Reportable: reportable, Reason: "The laptop was encrypted.", DecidedBy: "dpo@example.nhs.uk", At: at}
		return inc
	}
	for _, c := range []struct {
		name string
		inc  *v1alpha1.Incident
		want string
	}{
		{"reportable", decided(true), "Reportable: decided by dpo@example.nhs.uk on 13 May 2026 10:00 UTC."},
		{"not reportable", decided(false), "Not reportable: decided by dpo@example.nhs.uk on 13 May 2026 10:00 UTC, because The laptop was encrypted."},
		{"the flag", &v1alpha1.Incident{Spec: v1alpha1.IncidentSpec{Type: v1alpha1.IncidentTypeIncident, ExternalReportRequired: true}}, "Reportable (spec.externalReportRequired)."},
		{"a near miss", &v1alpha1.Incident{Spec: v1alpha1.IncidentSpec{Type: v1alpha1.IncidentTypeNearMiss}}, "Not required: only an incident, not a near miss or an exercise, is decided on."},
		{"undecided", &v1alpha1.Incident{Spec: v1alpha1.IncidentSpec{Type: v1alpha1.IncidentTypeIncident}}, notRecorded},
	} {
		if got := decisionText(c.inc); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
	if got := stateName(string(v1alpha1.EventExternalReportDecisionOverdue)); got != "External report decision overdue" {
		t.Errorf("the timeline names the missed decision %q", got)
	}
}
