package report_test

import (
	"errors"
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/report"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

var policy = review.DefaultPolicy()

func fyReport(opts ...func(*v1alpha1.LessonsReport)) *v1alpha1.LessonsReport {
	r := &v1alpha1.LessonsReport{
		ObjectMeta: metav1.ObjectMeta{Name: "fy", Generation: 2},
		Spec: v1alpha1.LessonsReportSpec{Period: v1alpha1.ReportPeriod{
			From: metav1.NewTime(fixtures.T0.Add(-30 * statuskit.Day)),
			To:   fixtures.Time(fixtures.T0.Add(335 * statuskit.Day)),
		}},
	}
	for _, o := range opts {
		o(r)
	}
	return r
}

func approvedAt(t time.Time) func(*v1alpha1.LessonsReport) {
	return func(r *v1alpha1.LessonsReport) {
		r.Spec.SignOff = &v1alpha1.SignOff{Decision: v1alpha1.SignOffApproved, By: "siro@example.nhs.uk", At: metav1.NewTime(t)}
	}
}

func member(inc *v1alpha1.Incident, actions ...*v1alpha1.ImprovementAction) review.Case {
	return review.Case{Incident: inc, Actions: actions}
}

func cond(st v1alpha1.LessonsReportStatus, t v1alpha1.ConditionType) string {
	c := meta.FindStatusCondition(st.Conditions, string(t))
	if c == nil {
		return ""
	}
	return string(c.Status) + "/" + c.Reason
}

// computeReport computes the status of a one-namespace report, as the
// manager does for a report without spec.namespaceSelector.
func computeReport(p review.Policy, r *v1alpha1.LessonsReport, members []review.Case, selectorErr error, now time.Time) report.Result {
	return report.ComputeReportIn(p, r, report.OneNamespace(r.Namespace), members, nil, selectorErr, now)
}

// settle feeds each status back, as the API server would store it.
func settle(r *v1alpha1.LessonsReport, members []review.Case, now time.Time) report.Result {
	res := computeReport(policy, r, members, nil, now)
	r.Status = res.Status
	return res
}

func TestSignOffFollowsTheFigures(t *testing.T) {
	now := fixtures.T0.Add(10 * statuskit.Day)
	inc := fixtures.Incident("inc")
	open := fixtures.Action("a", "inc", now.Add(5*statuskit.Day))
	members := []review.Case{member(inc, open)}

	r := fyReport()
	res := settle(r, members, now)
	if res.Status.Phase != v1alpha1.ReportCurrent || cond(res.Status, v1alpha1.ConditionSignedOff) != "False/NotSignedOff" {
		t.Fatalf("unsigned: phase %s, %s", res.Status.Phase, cond(res.Status, v1alpha1.ConditionSignedOff))
	}

	approvedAt(now)(r)
	res = settle(r, members, now)
	if res.Status.Phase != v1alpha1.ReportSignedOff || cond(res.Status, v1alpha1.ConditionSignedOff) != "True/Approved" {
		t.Fatalf("approved: phase %s, %s", res.Status.Phase, cond(res.Status, v1alpha1.ConditionSignedOff))
	}
	digest := res.Status.SignedOffFigures.Digest
	if digest == "" || !res.Status.SignedOffFigures.SignOffAt.Equal(&r.Spec.SignOff.At) {
		t.Fatalf("the approval's figures are not recorded: %+v", res.Status.SignedOffFigures)
	}

	// Time passes without changing a figure: the approval stands.
	res = settle(r, members, now.Add(statuskit.Day))
	if res.Status.Phase != v1alpha1.ReportSignedOff || len(res.Announcements) != 0 {
		t.Fatalf("unchanged figures: phase %s, announcements %v", res.Status.Phase, res.Announcements)
	}

	// The action falls overdue: the figures change and the approval is stale, once.
	late := now.Add(6 * statuskit.Day)
	res = settle(r, members, late)
	if res.Status.Phase != v1alpha1.ReportCurrent || cond(res.Status, v1alpha1.ConditionSignedOff) != "False/FiguresChanged" {
		t.Fatalf("changed figures: phase %s, %s", res.Status.Phase, cond(res.Status, v1alpha1.ConditionSignedOff))
	}
	if len(res.Announcements) != 1 || res.Announcements[0].Reason != v1alpha1.EventSignOffInvalidated {
		t.Fatalf("want one SignOffInvalidated, got %v", res.Announcements)
	}
	if res.Status.SignedOffFigures.Digest != digest {
		t.Fatalf("the record of what was approved must not move with the figures")
	}
	if res = settle(r, members, late); len(res.Announcements) != 0 {
		t.Fatalf("SignOffInvalidated repeated: %v", res.Announcements)
	}

	// Signing off again approves the figures as they now stand.
	approvedAt(late)(r)
	res = settle(r, members, late)
	if res.Status.Phase != v1alpha1.ReportSignedOff || res.Status.SignedOffFigures.Digest == digest {
		t.Fatalf("re-approval: phase %s, digest %s", res.Status.Phase, res.Status.SignedOffFigures.Digest)
	}

	// Withdrawing it forgets the record.
	r.Spec.SignOff = nil
	if res = settle(r, members, late); res.Status.SignedOffFigures != nil || res.Status.Phase != v1alpha1.ReportCurrent {
		t.Fatalf("withdrawn: %+v", res.Status)
	}
}

func TestChangesRequested(t *testing.T) {
	r := fyReport(func(r *v1alpha1.LessonsReport) {
		r.Spec.SignOff = &v1alpha1.SignOff{Decision: v1alpha1.SignOffChangesRequested, By: "siro@example.nhs.uk", At: metav1.NewTime(fixtures.T0), Comment: "Add Q3."}
	})
	res := computeReport(policy, r, nil, nil, fixtures.T0)
	if got := cond(res.Status, v1alpha1.ConditionSignedOff); got != "False/ChangesRequested" || res.Status.Phase != v1alpha1.ReportCurrent {
		t.Fatalf("got %s, phase %s", got, res.Status.Phase)
	}
}

func TestInvalidSelectorShowsNoFigures(t *testing.T) {
	res := computeReport(policy, fyReport(), []review.Case{member(fixtures.Incident("inc"))}, errors.New(`"Near" is not a valid label selector operator`), fixtures.T0)
	if got := cond(res.Status, v1alpha1.ConditionReady); got != "False/InvalidSelector" {
		t.Fatalf("Ready = %s", got)
	}
	if res.Status.Incidents != nil || res.Status.KPIs != nil {
		t.Fatalf("figures shown over an unreadable selector: %+v", res.Status.Incidents)
	}
	if res.Status.ObservedGeneration != 2 {
		t.Fatalf("observedGeneration = %d", res.Status.ObservedGeneration)
	}
}

func TestPeriod(t *testing.T) {
	now := time.Date(2026, 11, 22, 15, 4, 5, 0, time.UTC)
	from, to := report.Period(fyReport(), now)
	if !from.Equal(fixtures.T0.Add(-30*statuskit.Day)) || !to.Equal(fixtures.T0.Add(335*statuskit.Day)) {
		t.Fatalf("closed period: %s - %s", from, to)
	}
	open := fyReport(func(r *v1alpha1.LessonsReport) { r.Spec.Period.To = nil })
	if _, to := report.Period(open, now); !to.Equal(time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("an open-ended period ends at the end of today, got %s", to)
	}
	if _, to := report.Period(open, time.Date(2026, 11, 22, 23, 59, 59, 0, time.UTC)); !to.Equal(time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("one second before midnight, got %s", to)
	}
}

func TestLastUpdatedMovesOnlyWithTheFigures(t *testing.T) {
	now := fixtures.T0.Add(10 * statuskit.Day)
	members := []review.Case{member(fixtures.Incident("inc"), fixtures.Action("a", "inc", now.Add(5*statuskit.Day)))}
	r := fyReport()
	first := settle(r, members, now)
	if first.Status.LastUpdated == nil {
		t.Fatal("lastUpdated not set on the first computation")
	}
	second := settle(r, members, now.Add(time.Hour))
	if !second.Status.LastUpdated.Equal(first.Status.LastUpdated) {
		t.Fatalf("lastUpdated moved without a change: %s -> %s", first.Status.LastUpdated, second.Status.LastUpdated)
	}
	third := settle(r, members, now.Add(5*statuskit.Day))
	if third.Status.LastUpdated.Equal(first.Status.LastUpdated) {
		t.Fatal("lastUpdated did not move when an action fell overdue")
	}
}

func TestRequeueForTheNextChange(t *testing.T) {
	now := fixtures.T0.Add(10 * statuskit.Day)
	members := []review.Case{member(fixtures.Incident("inc"), fixtures.Action("a", "inc", now.Add(5*statuskit.Day)))}
	res := computeReport(policy, fyReport(), members, nil, now)
	if res.RequeueAfter <= 0 || res.RequeueAfter > 5*statuskit.Day {
		t.Fatalf("RequeueAfter = %s, want at most the action's due date", res.RequeueAfter)
	}

	open := fyReport(func(r *v1alpha1.LessonsReport) { r.Spec.Period.To = nil })
	midnight := time.Date(now.Year(), now.Month(), now.Day()+1, 0, 0, 0, 0, time.UTC)
	if res := computeReport(policy, open, nil, nil, now); res.RequeueAfter != midnight.Sub(now) {
		t.Fatalf("open-ended: RequeueAfter = %s, want %s (midnight)", res.RequeueAfter, midnight.Sub(now))
	}
}
