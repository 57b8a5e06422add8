package metrics

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
)

// The per-item tests assert the series a scrape serves, as an alert reads
// them, rather than the duties behind them: a duty that sends no series,
// or a series with a wrong label, pages nobody or the wrong person.

// dutiesOnly serves the per-item series of fixed duties, as
// collectNamespace does after Compute.
type dutiesOnly struct {
	duties    []review.Duty
	incidents []IncidentItem
	now       time.Time
}

func (dutiesOnly) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range itemDescs {
		ch <- d
	}
}

func (c dutiesOnly) Collect(ch chan<- prometheus.Metric) {
	sendDuties(ch, c.duties, c.incidents, c.now)
}

// served is what a scrape at now serves of the reviews and reports: the
// per-item series, one sorted line each.
func served(t *testing.T, p review.Policy, now time.Time, reviews review.Reviews, reports []*v1alpha1.LessonsReport) []string {
	t.Helper()
	s := Compute(p, reviews, reports, now)
	return serve(t, dutiesOnly{s.Duties, s.OverdueIncidents, now})
}

// serve gathers c through a pedantic registry, which also fails a series
// whose descriptor is not described, and writes each series as sample does,
// sorted.
func serve(t *testing.T, c dutiesOnly) []string {
	t.Helper()
	reg := prometheus.NewPedanticRegistry()
	reg.MustRegister(c)
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range families {
		for _, m := range f.GetMetric() {
			var labels []string
			for _, l := range m.GetLabel() {
				labels = append(labels, fmt.Sprintf("%s=%q", l.GetName(), l.GetValue()))
			}
			got = append(got, sample(f.GetName(), strings.Join(labels, ","), m.GetGauge().GetValue()))
		}
	}
	slices.Sort(got)
	return got
}

// sample is one served line: `metric{labels} value`, the labels sorted by
// name as the exposition writes them, the value in plain digits.
func sample(metric, labels string, v float64) string {
	return metric + "{" + labels + "} " + strconv.FormatFloat(v, 'f', -1, 64)
}

// expectServed fails unless exactly the want lines were served.
func expectServed(t *testing.T, name string, got []string, want ...string) {
	t.Helper()
	want = slices.Sorted(slices.Values(want))
	if !slices.Equal(got, want) {
		t.Errorf("%s: served\n%s\nwant\n%s", name, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// Each label carries its own value: a swapped owner would page the wrong
// person. Only the action with a link has a link series.
func TestItemLabels(t *testing.T) {
	now := time.Date(2026, 5, 4, 12, 0, 0, 0, time.UTC)
	action := func(p v1alpha1.Priority, area v1alpha1.ImprovementArea, links ...v1alpha1.Link) *v1alpha1.ImprovementAction {
		return &v1alpha1.ImprovementAction{Spec: v1alpha1.ImprovementActionSpec{Priority: p, Area: area, Links: links}}
	}
	ticket := v1alpha1.Link{Name: "JIRA SEC-12", URL: "https://jira.trust.example/browse/SEC-12"}
	// Who and SIRO differ on every duty, so a series labelled with the
	// wrong one shows.
	duties := []review.Duty{
		{Kind: review.DutyAction, Namespace: "trust", Name: "mfa", Incident: "phish", Who: "ig-lead@trust.example", SIRO: "siro@trust.example",
			Due: now.Add(-time.Hour), Health: review.HealthOverdue, Action: action("Critical", "SystemConfiguration", ticket)},
		{Kind: review.DutyAction, Namespace: "trust", Name: "training", Incident: "phish", Who: "team:education", SIRO: "siro@trust.example",
			Due: now.Add(time.Minute), Health: review.HealthDueSoon, Action: action("Low", "RolesResponsibilitiesTraining")},
		{Kind: review.DutyRCA, Namespace: "trust", Incident: "fax", Who: "team:cyber-security", SIRO: "siro@trust.example",
			Due: now.Add(-2 * time.Second), Standing: review.StandingOwed, Health: review.HealthOverdue},
		{Kind: review.DutyRCA, Namespace: "trust", Name: "phish-rca", Incident: "phish", Who: "lead@trust.example", SIRO: "siro@trust.example",
			Due: now.Add(statuskit.Day), Standing: review.StandingAwaitingSignOff, Since: now.Add(-3 * time.Second)},
		{Kind: review.DutySIRONotification, Namespace: "care", Name: "door", Incident: "door", Who: "owner@care.example", SIRO: "siro@care.example",
			Due: now.Add(-4 * time.Second), Health: review.HealthOverdue},
		{Kind: review.DutyExternalReport, Namespace: "care", Name: "laptop", Incident: "laptop", Who: "ig-lead@care.example", SIRO: "siro@care.example",
			Due: now.Add(-5 * time.Second), Health: review.HealthOverdue},
	}
	incidents := []IncidentItem{{Namespace: "trust", Incident: "phish", Owner: "team:cyber-security", Overdue: 2}}
	expectServed(t, "labels", serve(t, dutiesOnly{duties, incidents, now}),
		`lessons_action_overdue_seconds{action="mfa",area="SystemConfiguration",incident="phish",namespace="trust",owner="ig-lead@trust.example",priority="Critical",process_review=""} 3600`,
		`lessons_action_link_info{action="mfa",name="JIRA SEC-12",namespace="trust",url="https://jira.trust.example/browse/SEC-12"} 1`,
		`lessons_action_due_soon_seconds{action="training",area="RolesResponsibilitiesTraining",incident="phish",namespace="trust",owner="team:education",priority="Low",process_review=""} 60`,
		`lessons_rca_overdue_seconds{incident="fax",lead="team:cyber-security",namespace="trust",rca=""} 2`,
		`lessons_rca_awaiting_signoff_seconds{incident="phish",lead="lead@trust.example",namespace="trust",rca="phish-rca",siro="siro@trust.example"} 3`,
		`lessons_siro_notification_overdue_seconds{incident="door",namespace="care",siro="siro@care.example"} 4`,
		`lessons_external_report_overdue_seconds{incident="laptop",namespace="care",owner="ig-lead@care.example"} 5`,
		`lessons_incident_overdue_duties{incident="phish",namespace="trust",owner="team:cyber-security"} 2`,
	)
}
