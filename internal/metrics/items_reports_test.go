package metrics

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

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
		r.Status = report.ComputeReport(p, r, nil, nil, now).Status
		return r
	}
	unsigned := fixtures.Report("fy-2026-27", inNamespace)
	signed := judged(fixtures.Report("fy-signed", inNamespace, fixtures.ReportSignedOff(v1alpha1.SignOffApproved, due.Add(statuskit.Day))))
	openEnded := fixtures.Report("to-date", inNamespace, func(r *v1alpha1.LessonsReport) { r.Spec.Period.To = nil })
	notYet := fixtures.Report("not-yet", inNamespace, fixtures.Period(fixtures.FinancialYear, now.Add(-statuskit.Day)))
	unreadable := fixtures.Report("unreadable", inNamespace, func(r *v1alpha1.LessonsReport) { r.ReadError = "a time with an impossible offset" })
	changes := fixtures.Report("changes", inNamespace, fixtures.ReportSignedOff(v1alpha1.SignOffChangesRequested, due))

	got := unsignedReports(p, review.Refs([]v1alpha1.LessonsReport{*unsigned, *signed, *openEnded, *notYet, *unreadable, *changes}), now)
	want := []ReportItem{
		{Namespace: "trust", Report: "fy-2026-27", SIRO: fixtures.SIRO, For: 2 * statuskit.Day},
		{Namespace: "trust", Report: "changes", SIRO: fixtures.SIRO, For: 2 * statuskit.Day},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("unsigned reports\n got  %+v\n want %+v", got, want)
	}
}

type reportItemsOnly []ReportItem

func (reportItemsOnly) Describe(ch chan<- *prometheus.Desc)   { ch <- reportSignOffOverdueItem }
func (r reportItemsOnly) Collect(ch chan<- prometheus.Metric) { sendReportItems(ch, r) }

func TestReportItemLabels(t *testing.T) {
	gather := func(items reportItemsOnly) []string {
		reg := prometheus.NewPedanticRegistry()
		reg.MustRegister(items)
		families, err := reg.Gather()
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, f := range families {
			for _, m := range f.GetMetric() {
				var labels []string
				for _, l := range m.GetLabel() {
					labels = append(labels, l.GetName()+"="+l.GetValue())
				}
				got = append(got, fmt.Sprintf("%s{%s} %g", f.GetName(), strings.Join(labels, ","), m.GetGauge().GetValue()))
			}
		}
		return got
	}
	got := gather(reportItemsOnly{{Namespace: "trust", Report: "fy-2026-27", SIRO: "siro@trust.example", For: time.Hour}})
	want := []string{"lessons_report_sign_off_overdue_seconds{namespace=trust,report=fy-2026-27,siro=siro@trust.example} 3600"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("served %q, want %q", got, want)
	}
	if got := gather(nil); len(got) != 0 {
		t.Errorf("served %q with no report overdue", got)
	}
}
