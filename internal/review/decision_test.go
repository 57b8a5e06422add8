package review_test

import (
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

// Every Incident needs a recorded decision, either way, whether it is
// reported outside the organisation, by the external report deadline:
// pending, the condition is Unknown; missed, False with one event and an
// overdue duty for the incident's owner; made, the report (if any) is what
// is owed.
func TestTheDecisionToReportIsOwed(t *testing.T) {
	p := review.DefaultPolicy()
	due := t0.Add(p.ExternalReportDeadline)
	reportable := func(i *v1alpha1.Incident) {
		i.Spec.ExternalReportDecision = &v1alpha1.ExternalReportDecision{Reportable: true, DecidedBy: "dpo@example.nhs.uk", At: metav1.NewTime(t0.Add(time.Hour))}
	}
	nearMiss := func(i *v1alpha1.Incident) { i.Spec.Type = v1alpha1.IncidentTypeNearMiss }
	for _, c := range []struct {
		name      string
		opts      []fixtures.Option[v1alpha1.Incident]
		now       time.Time
		want      string // ExternallyReported as Status/Reason
		owed      bool   // an ExternalReportDecision duty
		overdue   bool
		announced bool
	}{
		{name: "undecided, before the deadline", opts: opts(fixtures.Undecided), now: due.Add(-time.Second), want: "Unknown/DecisionPending", owed: true},
		{name: "undecided at the deadline", opts: opts(fixtures.Undecided), now: due, want: "False/DecisionOverdue", owed: true, overdue: true, announced: true},
		{name: "decided not reportable", now: due.Add(time.Hour), want: "True/NotRequired"},
		{name: "decided reportable, report still owed", opts: opts(fixtures.Undecided, reportable), now: due.Add(-time.Hour), want: "False/NotYetDue"},
		{name: "decided reportable, report overdue", opts: opts(fixtures.Undecided, reportable), now: due, want: "False/DeadlineMissed"},
		{name: "marked required: the flag is the decision", opts: opts(fixtures.ExternalReportRequired()), now: due.Add(-time.Hour), want: "False/NotYetDue"},
		{name: "a near miss owes no decision", opts: opts(fixtures.Undecided, nearMiss), now: due.Add(time.Hour), want: "True/NotRequired"},
	} {
		t.Run(c.name, func(t *testing.T) {
			inc := incident(c.opts...)
			res := review.ComputeIncident(p, inc, nil, nil, c.now)
			got := "absent"
			for _, k := range res.Status.Conditions {
				if k.Type == string(v1alpha1.ConditionExternallyReported) {
					got = string(k.Status) + "/" + k.Reason
				}
			}
			if got != c.want {
				t.Errorf("ExternallyReported = %s, want %s", got, c.want)
			}
			cs := review.NewCase(inc, nil, nil)
			var owed, overdue bool
			for _, d := range cs.Duties(p, c.now) {
				if d.Kind == review.DutyExternalReportDecision {
					owed, overdue = true, d.Overdue()
					if !d.Due.Equal(due) || d.Who != inc.Spec.Owner {
						t.Errorf("decision duty %+v, want due %s, owed by the incident's owner", d, due)
					}
				}
			}
			if owed != c.owed || overdue != c.overdue {
				t.Errorf("decision duty owed %v overdue %v, want %v %v", owed, overdue, c.owed, c.overdue)
			}
			if n := countReason(res.Announcements, v1alpha1.EventExternalReportDecisionOverdue); n != once(c.announced) {
				t.Errorf("%d ExternalReportDecisionOverdue announcements, want %d", n, once(c.announced))
			}
			if c.overdue && cond(res.Status.Conditions, v1alpha1.ConditionOverdue) != is(true, v1alpha1.ReasonExternalReportDecisionOverdue) {
				t.Errorf("Overdue = %s, want True/ExternalReportDecisionOverdue", cond(res.Status.Conditions, v1alpha1.ConditionOverdue))
			}
		})
	}
}
