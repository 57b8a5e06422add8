package review_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

func TestCases(t *testing.T) {
	due := t0.Add(30 * statuskit.Day)
	in := func(ns string) func(*v1alpha1.Incident) { return fixtures.InNamespace[v1alpha1.Incident](ns) }
	phishing, laptop := *fixtures.Incident("phishing", in("trust")), *fixtures.Incident("lost-laptop", in("trust"))
	otherPhishing := *fixtures.Incident("phishing", in("care-home"))
	draft := *fixtures.RCA("phishing-draft", "phishing", fixtures.InNamespace[v1alpha1.RootCauseAnalysis]("trust"))
	signed := *fixtures.RCA("phishing-rca", "phishing", fixtures.InNamespace[v1alpha1.RootCauseAnalysis]("trust"), fixtures.SignedOff(v1alpha1.SignOffApproved, t0))
	otherRCA := *fixtures.RCA("phishing-rca", "phishing", fixtures.InNamespace[v1alpha1.RootCauseAnalysis]("care-home"))
	action := func(name, incident string) v1alpha1.ImprovementAction {
		return *fixtures.Action(name, incident, due, fixtures.InNamespace[v1alpha1.ImprovementAction]("trust"))
	}
	mfa, training, orphan := action("mfa", "phishing"), action("training", "phishing"), action("backup", "not-yet-applied")

	incidents := []v1alpha1.Incident{phishing, laptop, otherPhishing}
	cases := review.Reviews{
		Incidents: review.Refs(incidents),
		RCAs:      review.Refs([]v1alpha1.RootCauseAnalysis{draft, otherRCA, signed}),
		Actions:   review.Refs([]v1alpha1.ImprovementAction{mfa, orphan, training}),
	}.Cases()
	if len(cases) != 3 {
		t.Fatalf("%d cases, want one per incident", len(cases))
	}
	if c := cases[0]; c.Incident.Name != "phishing" || c.RCA == nil || c.RCA.Name != "phishing-rca" || c.RCA.Namespace != "trust" ||
		len(c.Actions) != 2 || c.Actions[0].Name != "mfa" || c.Actions[1].Name != "training" {
		t.Errorf("trust/phishing: RCA %v, actions %v; want its own namespace's signed-off RCA, then mfa and training in their order", c.RCA, c.Actions)
	}
	if c := cases[1]; c.Incident.Name != "lost-laptop" || c.RCA != nil || len(c.Actions) != 0 {
		t.Errorf("lost-laptop: RCA %v, actions %v; want neither", c.RCA, c.Actions)
	}
	if c := cases[2]; c.Incident.Namespace != "care-home" || c.RCA == nil || c.RCA.Namespace != "care-home" || len(c.Actions) != 0 {
		t.Errorf("care-home/phishing: RCA %v, actions %v; want the care home's RCA and no action", c.RCA, c.Actions)
	}
	if cases[0].Incident != &incidents[0] {
		t.Error("a case's incident is a copy, not the listed object")
	}
	if cases[0].Phase(t0) != v1alpha1.IncidentRemediating {
		t.Errorf("trust/phishing is %s, want Remediating (signed off, actions open)", cases[0].Phase(t0))
	}
}

func TestReadableLeavesOutWhatCouldNotBeRead(t *testing.T) {
	var bad v1alpha1.ImprovementAction
	if err := bad.UnmarshalJSON([]byte(`{"metadata":{"name":"hostile","namespace":"trust"},"spec":{"dueDate":"2027-01-01T00:00:00+25:00"}}`)); err != nil {
		t.Fatal(err)
	}
	good := *fixtures.Action("mfa", "phishing", t0)
	all := review.Reviews{Incidents: review.Refs([]v1alpha1.Incident{*fixtures.Incident("phishing")}), Actions: review.Refs([]v1alpha1.ImprovementAction{good, bad, good})}
	readable, unreadable := all.Readable()
	if len(readable.Actions) != 2 || readable.Actions[0].Name != "mfa" || readable.Actions[1].Name != "mfa" || len(readable.Incidents) != 1 {
		t.Errorf("readable = %+v, want the incident and both good actions", readable)
	}
	if len(unreadable) != 1 || unreadable[0].Kind != "ImprovementAction" || unreadable[0].Name != "hostile" || unreadable[0].Namespace != "trust" || unreadable[0].Why == "" {
		t.Errorf("unreadable = %+v, want the hostile action with its reason", unreadable)
	}
	allGood := review.Refs([]v1alpha1.ImprovementAction{good})
	if r, u := (review.Reviews{Actions: allGood}).Readable(); len(u) != 0 || len(r.Actions) != 1 || &r.Actions[0] != &allGood[0] {
		t.Errorf("all readable: want the same slice back, uncopied, and nothing unreadable: %+v", u)
	}
}

func TestCasesGroupTheListedActionsKeepingTheirOrder(t *testing.T) {
	due := t0.Add(30 * statuskit.Day)
	incidents := []v1alpha1.Incident{*fixtures.Incident("a"), *fixtures.Incident("b"), *fixtures.Incident("c")}
	var actions []v1alpha1.ImprovementAction
	want := map[string][]string{}
	// Interleaved, as the cache lists them: each incident's actions are
	// scattered through the list.
	for i := range 60 {
		incident := incidents[(i*7)%3].Name
		name := fmt.Sprintf("action-%02d", i)
		actions = append(actions, *fixtures.Action(name, incident, due))
		want[incident] = append(want[incident], name)
	}
	listed := actions
	refs := review.Refs(actions)
	given := slices.Clone(refs)
	cases := review.Reviews{Incidents: review.Refs(incidents), Actions: refs}.Cases()
	if !slices.Equal(refs, given) {
		t.Error("Cases reordered the actions it was given, which may be a cache's")
	}
	for _, c := range cases {
		var got []string
		for _, a := range c.Actions {
			got = append(got, a.Name)
		}
		if !slices.Equal(got, want[c.Incident.Name]) {
			t.Errorf("incident %s: actions %v, want %v", c.Incident.Name, got, want[c.Incident.Name])
		}
		if len(c.Actions) > 0 && !isWithin(c.Actions[0], listed) {
			t.Errorf("incident %s: its actions are copies, not the listed ones", c.Incident.Name)
		}
	}
	first := cases[0].Actions
	_ = append(first, fixtures.Action("appended", "a", due))
	if cases[1].Actions[0].Name == "appended" {
		t.Error("appending to one case's actions overwrote the next case's")
	}
}

// isWithin tells whether p points into items' backing array.
func isWithin(p *v1alpha1.ImprovementAction, items []v1alpha1.ImprovementAction) bool {
	for i := range items {
		if p == &items[i] {
			return true
		}
	}
	return false
}
