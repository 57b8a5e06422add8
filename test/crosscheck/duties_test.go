// Package crosscheck_test proves that every reader of the duties tells the
// same story: for random populations on a fixed clock, the duties
// `kubectl lessons status` lists, the per-item series a metrics scrape
// serves (which the alerts page people on) and the incidents' OVERDUE
// column are one and the same set.
package crosscheck_test

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	clocktesting "k8s.io/utils/clock/testing"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/cached"
	"github.com/dspt-lessons/lessons-operator/internal/metrics"
	"github.com/dspt-lessons/lessons-operator/internal/plugin"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

// now is the clock every reader is given.
var now = time.Date(2027, 3, 10, 9, 0, 0, 0, time.UTC)

// seeds is how many random populations are checked.
const seeds = 300

func TestEveryReaderListsTheSameDuties(t *testing.T) {
	for seed := range uint64(seeds) {
		objs := fixtures.RandomPopulation(rand.New(rand.NewPCG(seed, 2027)), now)
		c := testenv.FakeClient(objs...)
		fromStatus, rowOverdue := statusDuties(t, c)
		fromMetrics, incidentOf, incidentSeries := metricDuties(t, c)
		if !slices.Equal(fromStatus, fromMetrics) {
			t.Fatalf("seed %d: kubectl lessons status lists\n  %s\nthe metrics serve\n  %s", seed,
				strings.Join(fromStatus, "\n  "), strings.Join(fromMetrics, "\n  "))
		}
		for key, want := range columnOverdue(t, c) {
			if got := incidentSeries[key]; got != want {
				t.Fatalf("seed %d: incident %s: OVERDUE %d, lessons_incident_overdue_duties %d", seed, key, want, got)
			}
			if got, listed := rowOverdue[key]; listed && got != want {
				t.Fatalf("seed %d: incident %s: OVERDUE %d, kubectl lessons status %d", seed, key, want, got)
			}
			if got := ownDuties(incidentOf, key); got != want {
				t.Fatalf("seed %d: incident %s: OVERDUE %d, but %d of its duties are listed overdue:\n  %s", seed, key, want, got, strings.Join(fromMetrics, "\n  "))
			}
		}
	}
}

// statusDuties runs `kubectl lessons status -A` and returns the duties its
// sections list as needing someone (overdue, or an action due soon), and
// each open incident's OVERDUE count.
func statusDuties(t *testing.T, c client.Client) ([]string, map[string]int) {
	t.Helper()
	var out, errOut bytes.Buffer
	env := &plugin.Env{Stdout: &out, Stderr: &errOut, Now: func() time.Time { return now },
		Connect: func(plugin.KubeFlags) (client.Client, string, error) { return c, "", nil }}
	if code := plugin.Main(context.Background(), env, plugin.Commands(), []string{"status", "-A", "--no-color"}); code != 0 {
		t.Fatalf("kubectl lessons status: exit %d: %s", code, errOut.String())
	}
	var duties []string
	overdue := map[string]int{}
	for _, s := range sections(out.String()) {
		for _, row := range s.rows {
			ns := row["NAMESPACE"]
			switch {
			case strings.HasPrefix(s.title, "Open incidents"):
				overdue[ns+"/"+row["NAME"]] = atoi(t, row["OVERDUE"])
			case strings.HasPrefix(s.title, "Overdue actions"):
				duties = append(duties, key("action overdue", ns, row["NAME"]))
			case strings.HasPrefix(s.title, "Actions due within"):
				duties = append(duties, key("action due soon", ns, row["NAME"]))
			case strings.HasPrefix(s.title, "Overdue root cause analyses"):
				duties = append(duties, key("analysis overdue", ns, strings.TrimPrefix(row["NAME"], "(not written)"), row["INCIDENT"]))
			case strings.HasPrefix(s.title, "Root cause analyses awaiting"):
				if due, err := time.Parse("2006-01-02 15:04 UTC", row["DUE"]); err == nil && !now.Before(due) {
					duties = append(duties, key("analysis overdue", ns, row["NAME"], row["INCIDENT"]))
				}
			case strings.HasPrefix(s.title, "SIRO notification overdue"):
				duties = append(duties, key("SIRO notification overdue", ns, row["INCIDENT"]))
			case strings.HasPrefix(s.title, "Decisions on reporting outside the organisation overdue"):
				duties = append(duties, key("decision overdue", ns, row["INCIDENT"]))
			case strings.HasPrefix(s.title, "External reports"):
				if strings.HasPrefix(row["STATE"], "overdue") {
					duties = append(duties, key("external report overdue", ns, row["INCIDENT"]))
				}
			case strings.HasPrefix(s.title, "Learning to share"):
				if strings.HasPrefix(row["STATE"], "overdue") {
					duties = append(duties, key("sharing overdue", ns, row["ANALYSIS"], row["INCIDENT"]))
				}
			case strings.HasPrefix(s.title, "Reports past their sign-off deadline"):
				duties = append(duties, key("report sign-off overdue", ns, row["NAME"]))
			case strings.HasPrefix(s.title, "Governance cycle"):
				what := strings.Fields(row["DUE"])[0]
				if strings.HasPrefix(row["DUE"], "process review") {
					what = "process review"
				}
				duties = append(duties, key(what+" due", ns, row["REPORT"]))
			default:
				t.Fatalf("a section this test does not know: %q", s.title)
			}
		}
	}
	slices.Sort(duties)
	return duties, overdue
}

// metricDuties scrapes the metrics and returns the duties their per-item
// series name, the incident each overdue series names, and each incident's
// lessons_incident_overdue_duties.
func metricDuties(t *testing.T, c client.Client) (duties []string, incidentOf map[string]string, incidents map[string]int) {
	t.Helper()
	reg := prometheus.NewPedanticRegistry()
	reg.MustRegister(&metrics.Collector{Reader: c, Reviews: cached.Lists(c), Clock: clocktesting.NewFakeClock(now), Policy: review.DefaultPolicy()})
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	incidentOf, incidents = map[string]string{}, map[string]int{}
	for _, f := range families {
		for _, m := range f.GetMetric() {
			l := map[string]string{}
			for _, p := range m.GetLabel() {
				l[p.GetName()] = p.GetValue()
			}
			var d string
			switch f.GetName() {
			case "lessons_action_overdue_seconds":
				d = key("action overdue", l["namespace"], l["action"])
			case "lessons_action_due_soon_seconds":
				duties = append(duties, key("action due soon", l["namespace"], l["action"]))
			case "lessons_rca_overdue_seconds":
				d = key("analysis overdue", l["namespace"], l["rca"], l["incident"])
			case "lessons_siro_notification_overdue_seconds":
				d = key("SIRO notification overdue", l["namespace"], l["incident"])
			case "lessons_external_report_overdue_seconds":
				d = key("external report overdue", l["namespace"], l["incident"])
			case "lessons_external_report_decision_overdue_seconds":
				d = key("decision overdue", l["namespace"], l["incident"])
			case "lessons_learning_sharing_overdue_seconds":
				d = key("sharing overdue", l["namespace"], l["rca"], l["incident"])
			case "lessons_report_sign_off_overdue_seconds":
				duties = append(duties, key("report sign-off overdue", l["namespace"], l["report"]))
			case "lessons_process_review_due_seconds":
				duties = append(duties, key("process review due", l["namespace"], l["report"]))
			case "lessons_exercise_due_seconds":
				duties = append(duties, key("exercise due", l["namespace"], l["report"]))
			case "lessons_incident_overdue_duties":
				incidents[l["namespace"]+"/"+l["incident"]] = int(m.GetGauge().GetValue())
			}
			if d != "" {
				duties = append(duties, d)
				incidentOf[d] = l["namespace"] + "/" + l["incident"]
			}
		}
	}
	slices.Sort(duties)
	return duties, incidentOf, incidents
}

func key(what string, parts ...string) string { return what + " " + strings.Join(parts, "/") }

// columnOverdue is the OVERDUE column of every incident, as the operator
// computes its status.overdue.
func columnOverdue(t *testing.T, c client.Client) map[string]int {
	r, err := cached.Lists(c).Reviews(context.Background(), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, inc := range r.Incidents {
		var rcas []*v1alpha1.RootCauseAnalysis
		for _, rca := range r.RCAs {
			if rca.Namespace == inc.Namespace && rca.Spec.IncidentRef.Name == inc.Name {
				rcas = append(rcas, rca)
			}
		}
		var actions []*v1alpha1.ImprovementAction
		for _, a := range r.Actions {
			if a.Namespace == inc.Namespace && a.Spec.IncidentRef.Name == inc.Name {
				actions = append(actions, a)
			}
		}
		st := review.ComputeIncident(review.DefaultPolicy(), inc, rcas, actions, now).Status
		out[inc.Namespace+"/"+inc.Name] = int(st.Overdue)
	}
	return out
}

// ownDuties counts the overdue duties whose series name the incident.
func ownDuties(incidentOf map[string]string, incident string) int {
	n := 0
	for _, of := range incidentOf {
		if of == incident {
			n++
		}
	}
	return n
}

// section is one table of the status command's output.
type section struct {
	title string
	rows  []map[string]string
}

// sections splits the status output into its tables, each row a map from
// header to cell; tabwriter aligns each cell under its header.
func sections(out string) []section {
	var all []section
	for _, block := range strings.Split(strings.TrimSpace(out), "\n\n")[1:] {
		lines := strings.Split(block, "\n")
		s := section{title: lines[0]}
		if len(lines) > 1 {
			columns := headerName.FindAllStringIndex(lines[1], -1)
			for _, line := range lines[2:] {
				row := map[string]string{}
				for i, c := range columns {
					end := len(line)
					if i+1 < len(columns) {
						end = min(columns[i+1][0], len(line))
					}
					row[lines[1][c[0]:c[1]]] = strings.TrimSpace(line[min(c[0], len(line)):end])
				}
				s.rows = append(s.rows, row)
			}
		}
		all = append(all, s)
	}
	return all
}

// headerName is a column's name: words apart by single spaces ("NEXT DUE").
var headerName = regexp.MustCompile(`\S+( \S+)*`)

func atoi(t *testing.T, s string) int {
	var n int
	if _, err := fmt.Sscan(s, &n); err != nil {
		t.Fatalf("not a count: %q", s)
	}
	return n
}

// TestTheAnnualCycleIsListedAlike: the process review and exercise a
// report's scope owes, and the actions a process review raised, are the
// same duties in `kubectl lessons status` as in the metrics.
func TestTheAnnualCycleIsListedAlike(t *testing.T) {
	c := testenv.FakeClient(fixtures.OnCallAnnualCycle()...)
	fromStatus, _ := statusDuties(t, c)
	fromMetrics, _, _ := metricDuties(t, c)
	want := []string{
		"action overdue trust-c/leavers-checklist",
		"action overdue trust-c/shared-smartcards",
		"exercise due trust-c/financial-year-2026-27",
		"process review due trust-c/financial-year-2026-27",
	}
	if !slices.Equal(fromStatus, want) || !slices.Equal(fromMetrics, want) {
		t.Errorf("kubectl lessons status lists\n  %s\nthe metrics serve\n  %s\nwant\n  %s",
			strings.Join(fromStatus, "\n  "), strings.Join(fromMetrics, "\n  "), strings.Join(want, "\n  "))
	}
}
