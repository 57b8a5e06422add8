package review_test

import (
	"testing"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

func TestFamilies(t *testing.T) {
	due := t0.Add(30 * review.Day)
	action := func(name, incident string) v1alpha1.ImprovementAction {
		return *fixtures.Action(name, incident, due, fixtures.InNamespace[v1alpha1.ImprovementAction]("trust"))
	}
	rca := fixtures.RCA("phishing-rca", "phishing", fixtures.InNamespace[v1alpha1.RootCauseAnalysis]("trust"))
	otherRCA := fixtures.RCA("phishing-rca", "phishing", fixtures.InNamespace[v1alpha1.RootCauseAnalysis]("care-home"))
	a1, a2, orphan := action("mfa", "phishing"), action("training", "phishing"), action("backup", "not-yet-applied")
	inc := fixtures.Incident("phishing", fixtures.InNamespace[v1alpha1.Incident]("trust"))

	fams := review.Families([]v1alpha1.RootCauseAnalysis{*rca, *otherRCA}, []v1alpha1.ImprovementAction{a1, orphan, a2})
	f := fams[review.IncidentKey(inc)]
	if len(f.RCAs) != 1 || f.RCAs[0].Namespace != "trust" {
		t.Errorf("the trust's incident has RCAs %v, want only its own namespace's", f.RCAs)
	}
	if len(f.Actions) != 2 || f.Actions[0].Name != "mfa" || f.Actions[1].Name != "training" {
		t.Errorf("the trust's incident has actions %v, want mfa and training in their order", f.Actions)
	}
	if got := fams[review.IncidentKey(fixtures.Incident("not-yet-applied", fixtures.InNamespace[v1alpha1.Incident]("trust")))]; len(got.Actions) != 1 {
		t.Errorf("an action of a missing incident is not grouped under the name it gives: %v", got)
	}
	if len(fams) != 3 {
		t.Errorf("%d families, want 3 (trust/phishing, care-home/phishing, trust/not-yet-applied)", len(fams))
	}
}
