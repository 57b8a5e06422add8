package report_test

import (
	"reflect"
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/api/meta"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/report"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

// Readers of a stored report (the metrics) judge its sign-off duty as the
// operator does, by the status it last wrote.
func TestSignOffDutiesOfAStoredReport(t *testing.T) {
	// duty is the one sign-off duty r owes at now, if any.
	duty := func(r *v1alpha1.LessonsReport, now time.Time) (review.Duty, bool) {
		t.Helper()
		duties := report.SignOffDuties(policy, []*v1alpha1.LessonsReport{r}, now)
		if len(duties) > 1 {
			t.Fatalf("one report owes %d sign-offs: %+v", len(duties), duties)
		}
		if len(duties) == 0 {
			return review.Duty{}, false
		}
		return duties[0], true
	}
	overdue := func(r *v1alpha1.LessonsReport, now time.Time) bool {
		t.Helper()
		d, ok := duty(r, now)
		return ok && d.Overdue()
	}

	r := financialYear()
	settle(r, nil, signOffDue.Add(time.Hour))
	want := review.Duty{Kind: review.DutyReportSignOff, Name: "fy-2026-27", Who: "siro@example.nhs.uk", SIRO: "siro@example.nhs.uk",
		Due: signOffDue, Standing: review.StandingOwed, Health: review.HealthOverdue}
	if d, ok := duty(r, signOffDue.Add(time.Hour)); !ok || !reflect.DeepEqual(d, want) {
		t.Errorf("unsigned, an hour late: duty %+v (owed %v), want %+v", d, ok, want)
	}
	if d, ok := duty(r, signOffDue.Add(-time.Hour)); !ok || d.Overdue() {
		t.Errorf("before the deadline: duty %+v (owed %v), want owed and not overdue", d, ok)
	}
	approvedAt(signOffDue.Add(2 * time.Hour))(r)
	if !overdue(r, signOffDue.Add(3*time.Hour)) {
		t.Errorf("an approval the operator has not yet judged counts as standing")
	}
	settle(r, nil, signOffDue.Add(3*time.Hour))
	if d, ok := duty(r, signOffDue.Add(3*time.Hour)); ok {
		t.Errorf("a standing approval still owes %+v", d)
	}
	r.Spec.SignOff = nil
	if !overdue(r, signOffDue.Add(3*time.Hour)) {
		t.Errorf("a withdrawn approval stands")
	}
	if d, ok := duty(financialYear(openEnded), signOffDue.Add(time.Hour)); ok {
		t.Errorf("an open-ended report owes %+v", d)
	}
	// The operator cannot read it, so it cannot judge it: a Warning event
	// names it instead.
	unreadable := financialYear(func(r *v1alpha1.LessonsReport) { r.ReadError = "a time with an impossible offset" })
	if d, ok := duty(unreadable, signOffDue.Add(time.Hour)); ok {
		t.Errorf("an unreadable report owes %+v", d)
	}
}

// A report's approval dated after now is not believed until then: the
// report stays Current, says why, records no figures as approved and is
// looked at again at that date.
func TestAReportSignOffStillToComeIsNotBelieved(t *testing.T) {
	p := review.DefaultPolicy()
	now := fixtures.FinancialYear.AddDate(1, 1, 0)
	signed := now.Add(48 * time.Hour)
	r := fixtures.Report("fy-2026-27", fixtures.ReportSignedOff(v1alpha1.SignOffApproved, signed))
	res := report.ComputeReportIn(p, r, report.OneNamespace(r.Namespace), nil, nil, nil, now)
	if res.Status.Phase != v1alpha1.ReportCurrent || res.Status.SignedOffFigures != nil {
		t.Errorf("phase %s, approved figures %+v; want Current and none", res.Status.Phase, res.Status.SignedOffFigures)
	}
	if c := meta.FindStatusCondition(res.Status.Conditions, string(v1alpha1.ConditionSignedOff)); c == nil || c.Reason != string(v1alpha1.ReasonSignOffInFuture) {
		t.Errorf("SignedOff = %+v, want False/SignOffInFuture", c)
	}
	if res.RequeueAfter <= 0 || res.RequeueAfter > signed.Sub(now) {
		t.Errorf("requeue after %s, want by %s", res.RequeueAfter, signed.Sub(now))
	}
	r.Status = res.Status
	if later := report.ComputeReportIn(p, r, report.OneNamespace(r.Namespace), nil, nil, nil, signed); later.Status.Phase != v1alpha1.ReportSignedOff {
		t.Errorf("at its date the report is %s, want SignedOff", later.Status.Phase)
	}
}
