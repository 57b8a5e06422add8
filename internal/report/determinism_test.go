package report_test

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/report"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

// mixedPeriod builds n members detected across the financial year and
// around it, with every kind of action, RCA and lesson, and with ties on
// purpose: several incidents detected at the same instant, due dates equal
// but written in different zones, areas and cause types recurring equally
// often.
func mixedPeriod(n, actionsEach int) []review.Case {
	zones := []*time.Location{time.UTC, time.FixedZone("BST", 3600), time.FixedZone("EST", -5*3600)}
	severities := []v1alpha1.Severity{v1alpha1.SeverityLow, v1alpha1.SeverityMedium, v1alpha1.SeverityHigh, v1alpha1.SeverityCritical}
	categories := []v1alpha1.IncidentCategory{v1alpha1.CategoryPersonalDataBreach, v1alpha1.CategoryConfidentialityBreach, v1alpha1.CategoryNetworkAndInformationSystems}
	priorities := []v1alpha1.Priority{v1alpha1.PriorityCritical, v1alpha1.PriorityHigh, v1alpha1.PriorityMedium, v1alpha1.PriorityLow}
	span := fyTo.Sub(fyFrom) + 60*statuskit.Day
	members := make([]review.Case, 0, n)
	for i := range n {
		// Detections from 30 days before the period to 30 days after it,
		// in steps that repeat, so that some coincide.
		detectedAt := fyFrom.Add(-30*statuskit.Day + time.Duration(i%97)*(span/97)).In(zones[i%len(zones)])
		opts := []fixtures.Option[v1alpha1.Incident]{
			severity(severities[i%len(severities)]), category(categories[i%len(categories)]),
		}
		switch i % 5 {
		case 0:
			opts = append(opts, nearMiss())
		case 1:
			opts = append(opts, notNotified())
		case 2:
			opts = append(opts, notifiedAfter(time.Duration(i%24)*time.Hour))
		}
		if i%3 != 0 {
			opts = append(opts, containedAfter(time.Duration(i%50)*time.Hour+time.Duration(i)*time.Millisecond))
		}
		inc := incidentAt(fmt.Sprintf("inc-%05d", i), detectedAt, opts...)
		inc.Namespace = fmt.Sprintf("ns-%d", i%2)

		var rca *v1alpha1.RootCauseAnalysis
		switch i % 4 {
		case 0:
		case 1:
			rca = rcaOf(inc, lessons(fmt.Sprintf("Lesson %d: ask sam%d@example.nhs.uk before changing the firewall.", i, i)))
		case 2:
			rca = rcaOf(inc, approvedAfter(inc, time.Duration(i%40)*statuskit.Day), causes(v1alpha1.CauseTechnical, v1alpha1.CauseNonTechnical))
		case 3:
			rca = rcaOf(inc, fixtures.Submitted(), causes(v1alpha1.CauseNonTechnical), lessons(""))
		}

		m := review.Case{Incident: inc, RCA: rca, Actions: review.Refs(make([]v1alpha1.ImprovementAction, 0, actionsEach))}
		for j := range actionsEach {
			due := fyNow.Add(time.Duration((i*7+j*13)%200-100) * statuskit.Day).In(zones[j%len(zones)])
			var aopts []fixtures.Option[v1alpha1.ImprovementAction]
			switch (i + j) % 4 {
			case 1:
				aopts = append(aopts, fixtures.InProgress())
			case 2:
				aopts = append(aopts, fixtures.Done(due.Add(time.Duration(j%3-1)*statuskit.Day)))
			case 3:
				aopts = append(aopts, fixtures.Cancelled())
			}
			aopts = append(aopts, area(v1alpha1.ImprovementAreas[(i+j)%len(v1alpha1.ImprovementAreas)]), priority(priorities[(i*3+j)%len(priorities)]))
			m.Actions = append(m.Actions, fixtures.Action(fmt.Sprintf("%s-a%d", inc.Name, j), inc.Name, due, aopts...))
		}
		members = append(members, m)
	}
	return members
}

func TestComputeIsDeterministic(t *testing.T) {
	members := mixedPeriod(700, 6)
	p := review.DefaultPolicy()
	want := compute(t, p, members, fyFrom, fyTo, fyNow)
	if want.Incidents.Total == 0 || len(want.Lessons) == 0 || len(want.Recurrence.Areas) == 0 || want.NextChange.IsZero() || want.KPIs.MeanTimeToContain == nil {
		t.Fatalf("the mixed period does not exercise every figure: %+v", want)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for round := range 20 {
		shuffled := copyMembers(members)
		rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		for i := range shuffled {
			as := shuffled[i].Actions
			rng.Shuffle(len(as), func(i, j int) { as[i], as[j] = as[j], as[i] })
		}
		if got := report.RollUpIn(p, report.Scope{}, shuffled, fyFrom, fyTo, fyNow); !reflect.DeepEqual(got, want) {
			t.Fatalf("round %d: shuffled input gave different figures", round)
		}
	}
}

func TestComputeIsDeterministicOnTies(t *testing.T) {
	// Figures built only from ties: equal detection times, equal due dates
	// in different zones, recurrence counts equal.
	at := fyDay
	due := fyNow.Add(statuskit.Day)
	var members []review.Case
	for i, zone := range []*time.Location{time.UTC, time.FixedZone("BST", 3600), time.FixedZone("CET", 2*3600)} {
		inc := incidentAt(fmt.Sprintf("tie-%d", i%2), at.In(zone))
		inc.Namespace = fmt.Sprintf("ns-%d", i)
		a := actionDue("a", due.In(zone), area(v1alpha1.ImprovementAreas[i%2]))
		members = append(members, with(inc, rcaOf(inc, lessons(fmt.Sprintf("Lesson %d.", i)), causes(v1alpha1.CauseTechnical, v1alpha1.CauseNonTechnical)), a))
	}
	want := computeFY(t, members...)
	for _, order := range [][]int{{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}} {
		permuted := make([]review.Case, len(order))
		for i, j := range order {
			permuted[i] = members[j]
		}
		got := report.RollUpIn(review.DefaultPolicy(), report.Scope{}, permuted, fyFrom, fyTo, fyNow)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("order %v:\n got  %+v\n want %+v", order, got, want)
		}
	}
	if want.NextChange.Location() != time.UTC || !want.NextChange.Equal(due) {
		t.Errorf("next change %s, want %s in UTC", want.NextChange, due)
	}
	wantLessons := []v1alpha1.Lesson{{Incident: "tie-0", Lesson: "Lesson 0."}, {Incident: "tie-0", Lesson: "Lesson 2."}, {Incident: "tie-1", Lesson: "Lesson 1."}}
	if !reflect.DeepEqual(want.Lessons, wantLessons) {
		t.Errorf("lessons %q, want %q", want.Lessons, wantLessons)
	}
}

func TestZonesDoNotChangeTheFigures(t *testing.T) {
	// The figures of incidents written in other zones equal those written
	// in UTC, even half an hour before a UTC month ends.
	detectedAt := time.Date(2026, 6, 30, 23, 30, 0, 0, time.UTC)
	var utc, other []review.Case
	for i, zone := range []*time.Location{time.FixedZone("BST", 3600), time.FixedZone("EST", -5*3600)} {
		for _, target := range []*[]review.Case{&utc, &other} {
			loc := time.UTC
			if target == &other {
				loc = zone
			}
			inc := incidentAt(fmt.Sprintf("i%d", i), detectedAt.In(loc), containedAfter(time.Hour), notNotified())
			inc.Spec.SIRONotifiedAt = &metav1.Time{Time: detectedAt.Add(2 * time.Hour).In(loc)}
			*target = append(*target, with(inc, rcaOf(inc, approvedAfter(inc, statuskit.Day)), actionDue("a", fyNow.Add(statuskit.Day).In(loc))))
		}
	}
	if a, b := computeFY(t, utc...), computeFY(t, other...); !reflect.DeepEqual(a, b) {
		t.Errorf("zones changed the figures:\n UTC   %+v\n zoned %+v", a, b)
	}
}
