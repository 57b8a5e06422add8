package metrics

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/report"
	"github.com/dspt-lessons/lessons-operator/internal/review"
)

// reportSignOffOverdueItem is one series per LessonsReport past its
// sign-off deadline, labelled with its SIRO, who must sign it off.
var reportSignOffOverdueItem = prometheus.NewDesc("lessons_report_sign_off_overdue_seconds",
	"How long a LessonsReport whose period has ended has been past its sign-off deadline (--report-sign-off-window after the period) without a standing sign-off; only such reports have a series.",
	[]string{"namespace", "report", "siro"}, nil)

// ReportItem is a report waiting for its SIRO's sign-off past the deadline.
type ReportItem struct {
	Namespace, Report string
	SIRO              v1alpha1.Person
	For               time.Duration
}

// unsignedReports lists the readable reports past their sign-off deadline,
// judged as the report controller judges them.
func unsignedReports(p review.Policy, reports []*v1alpha1.LessonsReport, now time.Time) []ReportItem {
	var out []ReportItem
	for _, r := range reports {
		if r.Unreadable() != "" {
			continue
		}
		if late, ok := report.SignOffOverdue(p, r, now); ok {
			out = append(out, ReportItem{Namespace: r.Namespace, Report: r.Name, SIRO: r.Spec.SIRO, For: late})
		}
	}
	return out
}

// sendReportItems sends one series per report past its sign-off deadline.
func sendReportItems(ch chan<- prometheus.Metric, items []ReportItem) {
	for _, r := range items {
		ch <- prometheus.MustNewConstMetric(reportSignOffOverdueItem, prometheus.GaugeValue, r.For.Seconds(), r.Namespace, r.Report, string(r.SIRO))
	}
}
