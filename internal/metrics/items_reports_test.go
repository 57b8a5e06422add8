package metrics

import (
	"fmt"
	"testing"
	"time"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/report"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

// One series per report past its sign-off deadline, none for the rest.
func TestUnsignedReports(t *testing.T) {
	p := review.DefaultPolicy()
	yearEnd := fixtures.FinancialYear.AddDate(1, 0, 0)
	due := yearEnd.Add(p.ReportSignOffWindow)
	now := due.Add(2 * statuskit.Day)
	inNamespace := func(r *v1alpha1.LessonsReport) { r.Namespace = "trust" }
	judged := func(r *v1alpha1.LessonsReport) *v1alpha1.LessonsReport {
		r.Status = report.ComputeReportIn(p, r, report.OneNamespace(r.Namespace), nil, nil, nil, now).Status
		return r
	}
	unsigned := fixtures.Report("fy-2026-27", inNamespace)
	signed := judged(fixtures.Report("fy-signed", inNamespace, fixtures.ReportSignedOff(v1alpha1.SignOffApproved, due.Add(statuskit.Day))))
	openEnded := fixtures.Report("to-date", inNamespace, func(r *v1alpha1.LessonsReport) { r.Spec.Period.To = nil })
	notYet := fixtures.Report("not-yet", inNamespace, fixtures.Period(fixtures.FinancialYear, now.Add(-statuskit.Day)))
	unreadable := fixtures.Report("unreadable", inNamespace, func(r *v1alpha1.LessonsReport) { r.ReadError = "a time with an impossible offset" })
	changes := fixtures.Report("changes", inNamespace, fixtures.ReportSignedOff(v1alpha1.SignOffChangesRequested, due))

	reports := review.Refs([]v1alpha1.LessonsReport{*unsigned, *signed, *openEnded, *notYet, *unreadable, *changes})
	overdue := func(name string) string {
		return sample("lessons_report_sign_off_overdue_seconds", fmt.Sprintf(`namespace="trust",report=%q,siro=%q`, name, fixtures.SIRO), (2 * statuskit.Day).Seconds())
	}
	expectServed(t, "reports", served(t, p, now, review.Reviews{}, reports), overdue("fy-2026-27"), overdue("changes"))
}

// The report's series carries its own namespace, name and SIRO; nothing
// overdue serves nothing.
func TestReportItemLabels(t *testing.T) {
	now := fixtures.FinancialYear.AddDate(1, 2, 0)
	late := review.Duty{Kind: review.DutyReportSignOff, Namespace: "trust", Name: "fy-2026-27", Who: "siro@trust.example", SIRO: "siro@trust.example",
		Due: now.Add(-time.Hour), Standing: review.StandingOwed, Health: review.HealthOverdue}
	expectServed(t, "an overdue report", serve(t, dutiesOnly{duties: []review.Duty{late}, now: now}),
		`lessons_report_sign_off_overdue_seconds{namespace="trust",report="fy-2026-27",siro="siro@trust.example"} 3600`)
	expectServed(t, "no report", serve(t, dutiesOnly{now: now}))
}
