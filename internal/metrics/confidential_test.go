package metrics

import (
	"bytes"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/report"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

// A confidential namespace's duties are counted, by kind and health, and
// nothing it holds (an incident's or action's name, an owner, a link) is
// a label value of any series; another namespace's items are served as
// ever.
func TestAConfidentialNamespaceIsCountedNotNamed(t *testing.T) {
	const secret = "patient-j-smith-hiv-status"
	now := fixtures.OnCallNow
	confidential := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "occupational-health", Labels: map[string]string{report.ConfidentialLabel: "true"}}}
	in := func(ns string) (fixtures.Option[v1alpha1.Incident], fixtures.Option[v1alpha1.ImprovementAction]) {
		return fixtures.InNamespace[v1alpha1.Incident](ns), fixtures.InNamespace[v1alpha1.ImprovementAction](ns)
	}
	incIn, actIn := in(confidential.Name)
	pubInc, pubAct := in("trust")
	page := string(scrape(t, confidential,
		fixtures.Incident(secret, incIn, fixtures.DetectedAt(now.Add(-24*time.Hour), time.Hour),
			func(i *v1alpha1.Incident) { i.Spec.Owner = "dr.secret@example.nhs.uk" }),
		fixtures.Action(secret+"-counselling", secret, now.Add(-time.Hour), actIn, fixtures.OwnedBy("dr.secret@example.nhs.uk"),
			fixtures.Linked(v1alpha1.Link{Name: "OH-" + secret, URL: "https://oh.example/" + secret})),
		fixtures.Action(secret+"-review", secret, now.Add(24*time.Hour), actIn),
		fixtures.Incident("phishing", pubInc, fixtures.DetectedAt(now.Add(-24*time.Hour), time.Hour)),
		fixtures.Action("mfa", "phishing", now.Add(-time.Hour), pubAct),
	))
	for _, s := range []string{secret, "dr.secret", "oh.example"} {
		if strings.Contains(page, s) {
			t.Errorf("the scrape names %q of the confidential namespace:\n%s", s, page)
		}
	}
	for _, want := range []string{
		`lessons_confidential_duties{duty="ImprovementAction",health="Overdue",namespace="occupational-health"} 1`,
		`lessons_confidential_duties{duty="ImprovementAction",health="DueSoon",namespace="occupational-health"} 1`,
		`lessons_action_overdue_seconds{action="mfa"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the scrape lacks %s:\n%s", want, page)
		}
	}
	if bytes.Contains([]byte(page), []byte(`lessons_confidential_duties{duty="ImprovementAction",health="Overdue",namespace="trust"}`)) {
		t.Error("a namespace that is not confidential is counted as one")
	}
}
