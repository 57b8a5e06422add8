package report_test

import (
	"testing"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/report"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

func TestMembers(t *testing.T) {
	phishing, laptop := *fixtures.Incident("phishing"), *fixtures.Incident("lost-laptop")
	draft := *fixtures.RCA("phishing-draft", "phishing")
	signed := *fixtures.RCA("phishing-rca", "phishing", fixtures.SignedOff(v1alpha1.SignOffApproved, fyDay))
	mfa := *fixtures.Action("mfa", "phishing", fyNow)
	orphan := *fixtures.Action("backup", "ransomware", fyNow)

	members := report.Members([]v1alpha1.Incident{phishing, laptop}, []v1alpha1.RootCauseAnalysis{draft, signed}, []v1alpha1.ImprovementAction{orphan, mfa})
	if len(members) != 2 {
		t.Fatalf("%d members, want one per incident", len(members))
	}
	if m := members[0]; m.Incident.Name != "phishing" || m.RCA == nil || m.RCA.Name != "phishing-rca" || len(m.Actions) != 1 || m.Actions[0].Name != "mfa" {
		t.Errorf("phishing: RCA %v, actions %v; want the signed-off RCA and mfa", m.RCA, m.Actions)
	}
	if m := members[1]; m.Incident.Name != "lost-laptop" || m.RCA != nil || len(m.Actions) != 0 {
		t.Errorf("lost-laptop: RCA %v, actions %v; want neither", m.RCA, m.Actions)
	}
}
