package plugin

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	authenticationv1 "k8s.io/api/authentication/v1"
	authorizationv1 "k8s.io/api/authorization/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/client/interceptor"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/report"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

// shareNow is when the packs of these tests are made.
var shareNow = fixtures.T0.Add(20 * 24 * time.Hour)

// sharedReviews are two incidents of trust-a, one signed off and one a
// draft, and a confidential namespace's signed-off incident.
func sharedReviews() []client.Object {
	in := func(ns string) func(o client.Object) { return func(o client.Object) { o.SetNamespace(ns) } }
	signed := fixtures.SignedOff(v1alpha1.SignOffApproved, fixtures.T0.Add(5*24*time.Hour))
	objs := []client.Object{
		&corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "trust-a", Labels: map[string]string{"org": "northshire"}}},
		&corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "occupational-health", Labels: map[string]string{"org": "northshire", report.ConfidentialLabel: "true"}}},
		fixtures.Incident("phish", func(i *v1alpha1.Incident) { i.Spec.Themes = []string{"phishing"} }),
		fixtures.RCA("phish-rca", "phish", signed, func(r *v1alpha1.RootCauseAnalysis) {
			r.Spec.Overview.LessonsLearned = "Password-only remote access, as rca.lead@example.nhs.uk found, is not an acceptable control."
		}),
		fixtures.Action("phish-mfa", "phish", fixtures.T0.Add(30*24*time.Hour)),
		fixtures.Incident("fax", fixtures.DetectedAt(fixtures.T0.Add(24*time.Hour), time.Hour)),
		fixtures.RCA("fax-rca", "fax", fixtures.Submitted()),
		fixtures.Incident("counselling-notes", fixtures.DetectedAt(fixtures.T0.Add(48*time.Hour), time.Hour)),
		fixtures.RCA("counselling-notes-rca", "counselling-notes", signed, func(r *v1alpha1.RootCauseAnalysis) {
			r.Spec.Overview.LessonsLearned = "Only occupational health may read this."
		}),
	}
	for _, o := range objs[2:7] {
		in("trust-a")(o)
	}
	for _, o := range objs[7:] {
		in("occupational-health")(o)
	}
	report := lessonsReport("trust-a", "organisation", false)
	report.Spec.NamespaceSelector = &metav1.LabelSelector{MatchLabels: map[string]string{"org": "northshire"}}
	return append(objs, report)
}

// allow answers the user's access reviews: may they edit?
func (h *harness) allow(edit bool, username string) {
	h.client = interceptor.NewClient(h.client.(client.WithWatch), interceptor.Funcs{
		Create: func(ctx context.Context, c client.WithWatch, obj client.Object, opts ...client.CreateOption) error {
			switch r := obj.(type) {
			case *authorizationv1.SelfSubjectAccessReview:
				r.Status.Allowed = edit
				return nil
			case *authenticationv1.SelfSubjectReview:
				r.Status.UserInfo.Username = username
				return nil
			}
			return c.Create(ctx, obj, opts...)
		},
	})
}

func (h *harness) sharedWith(name string) []v1alpha1.LearningShare {
	var r v1alpha1.RootCauseAnalysis
	if err := h.client.Get(context.Background(), client.ObjectKey{Namespace: "trust-a", Name: name}, &r); err != nil {
		h.t.Fatal(err)
	}
	return r.Spec.SharedWith
}

func TestShareOneIncident(t *testing.T) {
	h := newHarness(t, sharedReviews()...)
	if code := h.runAt(shareNow, "share", "phish", "--audience", "Staff"); code != 0 {
		t.Fatalf("exit %d: %s", code, h.stderr.String())
	}
	out := h.stdout.String()
	for _, want := range []string{"# Learning pack for Staff", "## L1: Incident", `Password-only remote access, as \[withheld\] found`, "| Severity | High |", "phishing"} {
		if !strings.Contains(out, want) {
			t.Errorf("the pack lacks %q:\n%s", want, out)
		}
	}
	for _, never := range []string{"phish-rca", "trust-a", "@", "team:", "DRAFT"} {
		if strings.Contains(out, never) {
			t.Errorf("the pack holds %q:\n%s", never, out)
		}
	}
}

func TestShareRefuses(t *testing.T) {
	for _, c := range []struct {
		name string
		args []string
		code int
		says string
	}{
		{"an unsigned analysis", []string{"share", "fax", "--audience", "Staff"}, 1, "shares signed-off learning only; add --draft"},
		{"an unknown audience", []string{"share", "phish", "--audience", "Press"}, 2, `unknown --audience "Press"`},
		{"no audience", []string{"share", "phish"}, 2, "--audience is required"},
		{"an incident and a report", []string{"share", "phish", "--report", "organisation", "--audience", "ICB"}, 2, "not both"},
		{"neither", []string{"share", "--audience", "ICB"}, 2, "name an incident, or a report"},
		{"an unknown format", []string{"share", "phish", "--audience", "ICB", "--format", "pdf"}, 2, "use markdown, html or json"},
		{"--by without --record", []string{"share", "phish", "--audience", "ICB", "--by", "team:ig"}, 2, "add --record"},
		{"a confidential namespace's incident", []string{"share", "counselling-notes", "-n", "occupational-health", "--audience", "Board"}, 1, "never shared in a learning pack"},
	} {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t, sharedReviews()...)
			if code := h.runAt(shareNow, c.args...); code != c.code {
				t.Fatalf("exit %d, want %d: %s", code, c.code, h.stderr.String())
			}
			if !strings.Contains(h.stderr.String(), c.says) {
				t.Errorf("stderr does not say %q: %s", c.says, h.stderr.String())
			}
			if h.stdout.Len() != 0 {
				t.Errorf("a refused pack was written: %s", h.stdout.String())
			}
		})
	}
}

func TestShareADraftIsMarkedDraft(t *testing.T) {
	h := newHarness(t, sharedReviews()...)
	if code := h.runAt(shareNow, "share", "fax", "--audience", "Team", "--draft"); code != 0 {
		t.Fatalf("exit %d: %s", code, h.stderr.String())
	}
	if out := h.stdout.String(); !strings.HasPrefix(out, "**DRAFT") || !strings.Contains(out, "## L1: Incident (DRAFT)") {
		t.Errorf("the draft is not marked DRAFT:\n%s", out)
	}
}

// A report's scope: the named namespaces' signed-off learning, the
// confidential namespace never read, the draft withheld; --record appends
// the sharing to the analysis shared.
func TestShareAReportsScopeAndRecordIt(t *testing.T) {
	h := newHarness(t, sharedReviews()...)
	h.allow(true, "siro@example.nhs.uk")
	file := filepath.Join(t.TempDir(), "icb.json")
	if code := h.runAt(shareNow, "share", "--report", "organisation", "--audience", "ICB", "-o", file, "--record"); code != 0 {
		t.Fatalf("exit %d: %s", code, h.stderr.String())
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	pack := string(b)
	for _, want := range []string{`"apiVersion": "lessons.dspt.io/learning-pack/v1"`, `"audience": "ICB"`, `"reference": "L1"`,
		"incidents whose analysis is not signed off", "confidential namespaces in the report's scope"} {
		if !strings.Contains(pack, want) {
			t.Errorf("the pack lacks %s:\n%s", want, pack)
		}
	}
	for _, never := range []string{"occupational", "Only occupational health", `"severity"`, `"L2"`} {
		if strings.Contains(pack, never) {
			t.Errorf("the pack holds %s:\n%s", never, pack)
		}
	}
	got := h.sharedWith("phish-rca")
	if len(got) != 1 || got[0].Audience != v1alpha1.AudienceICB || got[0].By != "siro@example.nhs.uk" || !got[0].At.Time.Equal(shareNow) {
		t.Errorf("recorded %+v, want one ICB sharing by the SIRO now", got)
	}
	if len(h.sharedWith("fax-rca")) != 0 {
		t.Errorf("a draft not shared was recorded as shared")
	}
	if !strings.Contains(h.stderr.String(), "rootcauseanalysis trust-a/phish-rca: shared with ICB recorded") {
		t.Errorf("stderr does not say what was recorded: %s", h.stderr.String())
	}
}

func TestShareRecordChangesNothingWhereTheUserMayNotEdit(t *testing.T) {
	h := newHarness(t, sharedReviews()...)
	h.allow(false, "engineer@example.nhs.uk")
	file := filepath.Join(t.TempDir(), "pack.md")
	if code := h.runAt(shareNow, "share", "phish", "--audience", "Reporter", "-o", file, "--record"); code != 1 {
		t.Fatalf("exit %d, want 1: %s", code, h.stderr.String())
	}
	if !strings.Contains(h.stderr.String(), `you may not edit rootcauseanalysis "phish-rca" in namespace "trust-a"`) {
		t.Errorf("stderr does not say why: %s", h.stderr.String())
	}
	if _, err := os.Stat(file); err == nil {
		t.Errorf("the pack was written although nothing could be recorded")
	}
	if got := h.sharedWith("phish-rca"); len(got) != 0 {
		t.Errorf("recorded %+v although the user may not edit the analysis", got)
	}
}

// A one-namespace report of a confidential namespace is never shared.
func TestShareRefusesAConfidentialNamespacesReport(t *testing.T) {
	r := lessonsReport("occupational-health", "ohs", false)
	h := newHarness(t, append(sharedReviews(), r)...)
	if code := h.runAt(shareNow, "share", "--report", "ohs", "-n", "occupational-health", "--audience", "Board"); code != 1 {
		t.Fatalf("exit %d, want 1: %s", code, h.stderr.String())
	}
	if !strings.Contains(h.stderr.String(), "never shared in a learning pack") || h.stdout.Len() != 0 {
		t.Errorf("stderr %q, stdout %q", h.stderr.String(), h.stdout.String())
	}
}
