package plugin

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/client/fake"
	"sigs.k8s.io/controller-runtime/pkg/client/interceptor"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

// reviewNow is the fixed clock of the review tests: two months after the
// fixtures' detection time.
var reviewNow = fixtures.T0.Add(61 * 24 * time.Hour)

// reviewObjects is one incident's review in trust-a (a signed-off analysis,
// an action done after its original deadline but by an agreed extension,
// and an overdue one), beside what must stay out of its document: another
// incident's action in trust-a, and an incident of the same name in
// trust-b with an action of its own.
func reviewObjects() []client.Object {
	inA := fixtures.InNamespace[v1alpha1.Incident]("trust-a")
	actInA := fixtures.InNamespace[v1alpha1.ImprovementAction]("trust-a")
	phishing := fixtures.Incident("phishing", inA)
	phishing.Status = v1alpha1.IncidentStatus{ObservedGeneration: 1, SIRONotification: v1alpha1.ReasonNotified, SIRONotificationDueAt: fixtures.Time(fixtures.T0.Add(12 * time.Hour))}
	rca := fixtures.RCA("phishing", "phishing", fixtures.InNamespace[v1alpha1.RootCauseAnalysis]("trust-a"),
		fixtures.SignedOff(v1alpha1.SignOffApproved, fixtures.T0.Add(10*24*time.Hour)))
	rca.Status.Conditions = []metav1.Condition{{Type: "SignedOff", Status: metav1.ConditionTrue, Reason: "Approved", ObservedGeneration: 1}}
	training := fixtures.Action("phishing-training", "phishing", fixtures.T0.Add(30*24*time.Hour), actInA,
		fixtures.Extended(fixtures.T0.Add(45*24*time.Hour), fixtures.T0.Add(25*24*time.Hour)), fixtures.Done(fixtures.T0.Add(40*24*time.Hour)),
		func(a *v1alpha1.ImprovementAction) {
			a.Spec.Title = "Protected time for phishing awareness training"
			a.Spec.Links = []v1alpha1.Link{{Name: "JIRA IG-318", URL: "https://jira.example.nhs.uk/browse/IG-318"}}
		})
	alerting := fixtures.Action("phishing-alerting", "phishing", fixtures.T0.Add(50*24*time.Hour), actInA, fixtures.InProgress(),
		func(a *v1alpha1.ImprovementAction) { a.Spec.Title = "Alert on impossible-travel sign-ins" })
	other := fixtures.Action("ransomware-backups", "ransomware", fixtures.T0.Add(50*24*time.Hour), actInA,
		func(a *v1alpha1.ImprovementAction) { a.Spec.Title = "Test restores from immutable backups" })
	inB := fixtures.Incident("phishing", fixtures.InNamespace[v1alpha1.Incident]("trust-b"))
	actInB := fixtures.Action("trust-b-action", "phishing", fixtures.T0.Add(50*24*time.Hour), fixtures.InNamespace[v1alpha1.ImprovementAction]("trust-b"),
		func(a *v1alpha1.ImprovementAction) { a.Spec.Title = "Another trust's action" })
	return []client.Object{phishing, rca, training, alerting, other, inB, actInB}
}

func TestReviewRendersOneIncidentsDocument(t *testing.T) {
	for _, args := range [][]string{
		{"review", "phishing"},
		{"review", "phishing", "-n", "trust-a", "--format", "md"},
		{"review", "--format=markdown", "--namespace=trust-a", "phishing"},
	} {
		h := newHarness(t, reviewObjects()...)
		if code := h.runAt(reviewNow, args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, h.stderr.String())
		}
		out := h.stdout.String()
		for _, want := range []string{
			"# Incident review: Credential compromise after phishing e-mail\n",
			"**Root cause analysis:** Signed off. Approved by siro@example.nhs.uk on 14 May 2026 09:30 UTC.",
			"| SIRO notified on time | Yes: told within the deadline of 4 May 2026 21:30 UTC. |",
			"**Outcome:** Completed 13 June 2026 09:30 UTC, after the original deadline but by the agreed deadline.",
			"- JIRA IG-318: https://jira.example.nhs.uk/browse/IG-318",
			"**Outcome:** Overdue by 11d.",
			"Rendered from Incident trust-a/phishing, RootCauseAnalysis phishing and 2 ImprovementActions, as at 4 July 2026 09:30 UTC.",
		} {
			if !strings.Contains(out, want) {
				t.Errorf("%v: want %q in\n%s", args, want, out)
			}
		}
		for _, foreign := range []string{"Test restores from immutable backups", "Another trust's action"} {
			if strings.Contains(out, foreign) {
				t.Errorf("%v: another incident's action %q is in the document", args, foreign)
			}
		}
		if h.stderr.Len() != 0 {
			t.Errorf("%v: unexpected stderr: %s", args, h.stderr.String())
		}
	}
}

// Related incidents are named with their titles and phases when they can
// be read; one that does not exist is named alone, and says so.
func TestReviewListsRelatedIncidents(t *testing.T) {
	objs := reviewObjects()
	objs[0].(*v1alpha1.Incident).Spec.RelatedIncidents = []string{"invoice-fraud", "gone"}
	earlier := fixtures.Incident("invoice-fraud", fixtures.InNamespace[v1alpha1.Incident]("trust-a"), func(i *v1alpha1.Incident) {
		i.Spec.Title = "Supplier invoice fraud after a phishing e-mail"
		i.Status.Phase = v1alpha1.IncidentClosed
	})
	h := newHarness(t, append(objs, earlier)...)
	if code := h.runAt(reviewNow, "review", "phishing"); code != 0 {
		t.Fatalf("exit %d: %s", code, h.stderr.String())
	}
	for _, want := range []string{
		"- invoice-fraud: Supplier invoice fraud after a phishing e-mail (Closed)\n",
		"- gone (not found in namespace trust-a)\n",
	} {
		if !strings.Contains(h.stdout.String(), want) {
			t.Errorf("want %q in\n%s", want, h.stdout.String())
		}
	}
	if h.stderr.Len() != 0 {
		t.Errorf("unexpected stderr: %s", h.stderr.String())
	}
}

func TestReviewWritesHTMLFile(t *testing.T) {
	expectDocumentFiles(t, reviewObjects(), "# Incident review: ", `review of incident "phishing"`, "review", "phishing")
}

func TestReviewNotFound(t *testing.T) {
	expectNotFound(t, newHarness(t, reviewObjects()...), "incident", "review", "x", "-n", "y")
}

func TestReviewUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"review"}, "error: the name of an Incident is required\nUsage: kubectl lessons " + reviewSynopsis + "\n"},
		{[]string{"review", "a", "b"}, "error: one Incident at a time, got 2 names: a b\n"},
		{[]string{"review", "a", "--format", "pdf"}, "error: unknown --format \"pdf\": use markdown or html\n"},
		{[]string{"review", "a", "--colour"}, "error: flag provided but not defined: -colour\n"},
	} {
		h := newHarness(t, reviewObjects()...)
		if code := h.runAt(reviewNow, tc.args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", tc.args, code)
		}
		if !strings.HasPrefix(h.stderr.String(), tc.want) {
			t.Errorf("%v: stderr = %q, want it to start with %q", tc.args, h.stderr.String(), tc.want)
		}
	}
	h := newHarness(t)
	if code := h.runAt(reviewNow, "help", "review"); code != 0 || !strings.Contains(h.stdout.String(), reviewSynopsis) || !strings.Contains(h.stdout.String(), "-o, --output FILE") {
		t.Errorf("help: exit %d\n%s", code, h.stdout.String())
	}
}

func TestReviewWarnsWhatTheReaderMustKnow(t *testing.T) {
	objs := reviewObjects()
	fresh := objs[0].(*v1alpha1.Incident)
	fresh.Status = v1alpha1.IncidentStatus{}
	second := fixtures.RCA("phishing-second", "phishing", fixtures.InNamespace[v1alpha1.RootCauseAnalysis]("trust-a"))
	h := newHarness(t, append(objs, second)...)
	if code := h.runAt(reviewNow, "review", "phishing"); code != 0 {
		t.Fatalf("exit %d: %s", code, h.stderr.String())
	}
	for _, want := range []string{
		`warning: incident "phishing" in namespace "trust-a" has not been seen by the operator yet`,
		`warning: 2 root cause analyses name incident "phishing" (phishing, phishing-second): the review shows phishing, the one that speaks for the incident`,
	} {
		if !strings.Contains(h.stderr.String(), want) {
			t.Errorf("want %q in stderr:\n%s", want, h.stderr.String())
		}
	}
	if !strings.Contains(h.stdout.String(), "| SIRO notified on time | not recorded (the operator has not assessed it yet) |") {
		t.Errorf("the document must say so too:\n%s", h.stdout.String())
	}
}

func TestReportRegisterListsThePeriodsActions(t *testing.T) {
	inA := fixtures.InNamespace[v1alpha1.Incident]("trust-a")
	actInA := fixtures.InNamespace[v1alpha1.ImprovementAction]("trust-a")
	r := lessonsReport("trust-a", "fy-2026-27", true)
	r.Spec.Selector = &metav1.LabelSelector{MatchLabels: map[string]string{"team": "cyber"}}
	cyber := func(i *v1alpha1.Incident) { i.Labels = map[string]string{"team": "cyber"} }
	inPeriod := fixtures.Incident("in-period", inA, cyber)
	before := fixtures.Incident("before-period", inA, cyber, fixtures.DetectedAt(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), time.Hour))
	unselected := fixtures.Incident("other-team", inA)
	due := fixtures.T0.Add(30 * 24 * time.Hour)
	objs := []client.Object{r, inPeriod, before, unselected,
		fixtures.Action("overdue", "in-period", due, actInA),
		fixtures.Action("done", "in-period", due, actInA, fixtures.Done(due)),
		fixtures.Action("of-an-earlier-incident", "before-period", due, actInA),
		fixtures.Action("of-another-team", "other-team", due, actInA),
	}
	h := newHarness(t, objs...)
	if code := h.runAt(reviewNow, "report", "fy-2026-27"); code != 0 {
		t.Fatalf("exit %d: %s", code, h.stderr.String())
	}
	out := h.stdout.String()
	if !strings.Contains(out, "as at 4 July 2026 09:30 UTC:\n1 open, of which 1 overdue, and 0 extended.") || !strings.Contains(out, "(overdue) | in-period |") {
		t.Errorf("the register must list the overdue action of the period's selected incident:\n%s", out)
	}
	for _, absent := range []string{"(done)", "of-an-earlier-incident", "of-another-team"} {
		if strings.Contains(out, absent) {
			t.Errorf("%s must not be in the register:\n%s", absent, out)
		}
	}
}

func TestReviewOfAnUnreadableIncident(t *testing.T) {
	scheme, _ := newScheme()
	c := interceptor.NewClient(fake.NewClientBuilder().WithScheme(scheme).WithObjects(reviewObjects()...).Build(), interceptor.Funcs{
		Get: func(ctx context.Context, c client.WithWatch, key client.ObjectKey, obj client.Object, opts ...client.GetOption) error {
			if inc, ok := obj.(*v1alpha1.Incident); ok {
				*inc = v1alpha1.Incident{ObjectMeta: metav1.ObjectMeta{Name: key.Name, Namespace: key.Namespace}, ReadError: "spec.detectedAt: parsing time \"2026-05-04T09:30:00+25:00\""}
				return nil
			}
			return c.Get(ctx, key, obj, opts...)
		},
	})
	_, err := readReview(context.Background(), &Env{Stderr: io.Discard}, c, "trust-a", "phishing")
	if err == nil || err.Error() != `incident "phishing" in namespace "trust-a" cannot be read until it is corrected: spec.detectedAt: parsing time "2026-05-04T09:30:00+25:00"` {
		t.Errorf("error = %v", err)
	}
}
