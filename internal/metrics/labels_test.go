package metrics

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/prometheus/client_golang/prometheus"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

func TestBoundLabel(t *testing.T) {
	name253 := strings.Repeat("a", 253)
	person254 := strings.Repeat("p", 244) + "@trust.org"
	for _, tc := range []struct {
		name, in string
		cut      bool
	}{
		{"an ordinary name", "mfa-on-vpn", false},
		{"the longest object name", name253, false},
		{"the longest person", person254, false},
		{"exactly the bound", strings.Repeat("x", MaxLabelBytes), false},
		{"one byte over", strings.Repeat("x", MaxLabelBytes+1), true},
		{"a 2,048-character URL", "https://tickets.example/" + strings.Repeat("q", 2048-24), true},
		{"two-byte characters across the cut", strings.Repeat("é", 1000), true},
		{"three-byte characters across the cut", "x" + strings.Repeat("€", 1000), true},
		{"four-byte characters across the cut", "xy" + strings.Repeat("🔥", 1000), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := boundLabel(tc.in)
			if !tc.cut {
				if got != tc.in {
					t.Fatalf("%d bytes were changed to %q", len(tc.in), got)
				}
				return
			}
			if len(got) > MaxLabelBytes || !strings.HasSuffix(got, truncationMarker) || !utf8.ValidString(got) {
				t.Fatalf("cut to %d bytes %q: want at most %d bytes of valid UTF-8 ending %q", len(got), got, MaxLabelBytes, truncationMarker)
			}
			kept := strings.TrimSuffix(got, truncationMarker)
			if !strings.HasPrefix(tc.in, kept) || len(kept) < MaxLabelBytes-len(truncationMarker)-utf8.UTFMax {
				t.Errorf("kept %d bytes %q, want the longest whole-character prefix of the value", len(kept), kept)
			}
		})
	}
}

// An action whose owner and link are thousands of characters long is
// served with every label value within the bound, the long ones cut with
// the marker; its names, which Kubernetes bounds, are served whole.
func TestLongLabelValuesAreCut(t *testing.T) {
	now := time.Date(2026, 5, 4, 12, 0, 0, 0, time.UTC)
	longOwner := v1alpha1.Person(strings.Repeat("o", 1990) + "@trust.org")
	longURL := "https://tickets.trust.example/browse/" + strings.Repeat("q", 2048-37)
	name := strings.Repeat("n", 253)
	action := &v1alpha1.ImprovementAction{Spec: v1alpha1.ImprovementActionSpec{Priority: "High", Area: "SystemConfiguration",
		Links: []v1alpha1.Link{{Name: "SEC-12", URL: longURL}}}}
	duties := []review.Duty{{Kind: review.DutyAction, Namespace: "trust", Name: name, Incident: "phish", Who: longOwner,
		Due: now.Add(-time.Hour), Health: review.HealthOverdue, Action: action}}
	incidents := []IncidentItem{{Namespace: "trust", Incident: "phish", Owner: longOwner, Overdue: 1}}

	reg := prometheus.NewPedanticRegistry()
	reg.MustRegister(dutiesOnly{duties, incidents, now})
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	cut := map[string]bool{}
	for _, f := range families {
		for _, m := range f.GetMetric() {
			for _, l := range m.GetLabel() {
				v := l.GetValue()
				if len(v) > MaxLabelBytes {
					t.Errorf("%s: label %s is %d bytes, over the bound of %d", f.GetName(), l.GetName(), len(v), MaxLabelBytes)
				}
				if strings.HasSuffix(v, truncationMarker) {
					cut[f.GetName()+"/"+l.GetName()] = true
				}
				if l.GetName() == "action" && v != name {
					t.Errorf("%s: the action's 253-character name was served as %q", f.GetName(), v)
				}
			}
		}
	}
	for _, want := range []string{"lessons_action_overdue_seconds/owner", "lessons_action_link_info/url", "lessons_incident_overdue_duties/owner"} {
		if !cut[want] {
			t.Errorf("%s was not cut with %q; cut: %v", want, truncationMarker, cut)
		}
	}
	if len(cut) != 3 {
		t.Errorf("cut %v, want only the owners and the URL", cut)
	}
}

// A scrape grows by a bounded amount with each overdue action, however
// long its fields: at 2,000 overdue actions with every field at the API's
// longest (owners past it), the per-item series stay within 2,000 times
// the bound below.
func TestScrapeGrowsBoundedPerOverdueAction(t *testing.T) {
	const n = 2000
	longest := func(prefix string, i int) string {
		s := fmt.Sprintf("%s-%04d-", prefix, i)
		return s + strings.Repeat("x", 253-len(s))
	}
	var objs []client.Object
	for i := range n {
		incident := longest("incident", i)
		objs = append(objs,
			fixtures.Incident(incident, fixtures.InNamespace[v1alpha1.Incident]("trust"), func(inc *v1alpha1.Incident) {
				inc.Spec.Owner = v1alpha1.Person(strings.Repeat("o", 1990) + "@trust.org")
			}),
			fixtures.Action(longest("action", i), incident, fixtures.OnCallNow.Add(-time.Hour),
				fixtures.InNamespace[v1alpha1.ImprovementAction]("trust"),
				fixtures.OwnedBy(v1alpha1.Person(strings.Repeat("o", 1990)+"@trust.org")),
				fixtures.Linked(v1alpha1.Link{Name: strings.Repeat("l", 128), URL: "https://tickets.trust.example/" + strings.Repeat("q", 2048-30)})))
	}
	page := scrape(t, objs...)
	overdue := bytes.Count(page, []byte("\nlessons_action_overdue_seconds{"))
	if overdue != n {
		t.Fatalf("%d overdue action series, want %d", overdue, n)
	}
	// Three series an action at most: its own, its link's and its
	// incident's count, each of up to six bounded labels.
	const perAction = 3 * 1024
	if len(page) > n*perAction {
		t.Errorf("the scrape is %d bytes, %d an overdue action; want at most %d an action", len(page), len(page)/n, perAction)
	}
	t.Logf("%d overdue actions with the longest fields: a %d-byte scrape, %d bytes an action", n, len(page), len(page)/n)
}
