package metrics

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
)

// itemsOnly serves the per-item series of a fixed Attention.
type itemsOnly Attention

func (itemsOnly) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range itemDescs {
		ch <- d
	}
}

func (a itemsOnly) Collect(ch chan<- prometheus.Metric) { sendItems(ch, Attention(a)) }

// Each label carries its own value: a swapped owner would page the wrong
// person. Only the action with a link has a link series.
func TestItemLabels(t *testing.T) {
	at := Attention{
		OverdueActions: []ActionItem{{Namespace: "trust", Action: "mfa", Incident: "phish", Owner: "ig-lead@trust.example", Priority: "Critical", Area: "SystemConfiguration", For: time.Hour,
			Link: v1alpha1.Link{Name: "JIRA SEC-12", URL: "https://jira.trust.example/browse/SEC-12"}}},
		DueSoonActions:         []ActionItem{{Namespace: "trust", Action: "training", Incident: "phish", Owner: "team:education", Priority: "Low", Area: "RolesResponsibilitiesTraining", For: time.Minute}},
		OverdueRCAs:            []RCAItem{{Namespace: "trust", Incident: "fax", Lead: "team:cyber-security", SIRO: "siro@trust.example", For: 2 * time.Second}},
		AwaitingSignOff:        []RCAItem{{Namespace: "trust", RCA: "phish-rca", Incident: "phish", Lead: "lead@trust.example", SIRO: "siro@trust.example", For: 3 * time.Second}},
		SIROOverdue:            []SIROItem{{Namespace: "care", Incident: "door", SIRO: "siro@care.example", For: 4 * time.Second}},
		ExternalReportsOverdue: []ExternalReportItem{{Namespace: "care", Incident: "laptop", Owner: "ig-lead@care.example", For: 5 * time.Second}},
		Incidents:              []IncidentItem{{Namespace: "trust", Incident: "phish", Owner: "team:cyber-security", Overdue: 2}},
	}
	want := `
lessons_action_overdue_seconds{action="mfa",area="SystemConfiguration",incident="phish",namespace="trust",owner="ig-lead@trust.example",priority="Critical"} 3600
lessons_action_link_info{action="mfa",name="JIRA SEC-12",namespace="trust",url="https://jira.trust.example/browse/SEC-12"} 1
lessons_action_due_soon_seconds{action="training",area="RolesResponsibilitiesTraining",incident="phish",namespace="trust",owner="team:education",priority="Low"} 60
lessons_rca_overdue_seconds{incident="fax",lead="team:cyber-security",namespace="trust",rca=""} 2
lessons_rca_awaiting_signoff_seconds{incident="phish",lead="lead@trust.example",namespace="trust",rca="phish-rca",siro="siro@trust.example"} 3
lessons_siro_notification_overdue_seconds{incident="door",namespace="care",siro="siro@care.example"} 4
lessons_external_report_overdue_seconds{incident="laptop",namespace="care",owner="ig-lead@care.example"} 5
lessons_incident_overdue_duties{incident="phish",namespace="trust",owner="team:cyber-security"} 2
`
	reg := prometheus.NewPedanticRegistry()
	reg.MustRegister(itemsOnly(at))
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
			got = append(got, fmt.Sprintf("%s{%s} %g", f.GetName(), strings.Join(labels, ","), m.GetGauge().GetValue()))
		}
	}
	wantLines := strings.Split(strings.TrimSpace(want), "\n")
	slices.Sort(wantLines)
	if !slices.Equal(got, wantLines) {
		t.Errorf("served\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(wantLines, "\n"))
	}
}
