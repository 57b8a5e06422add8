package crosscheck_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/render"
	"github.com/dspt-lessons/lessons-operator/internal/report"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

// secret is a random word that only a confidential namespace holds: no
// template, figure or public record can hold it by chance.
func secret(rng *rand.Rand) string {
	const letters = "abcdefghijklmnopqrstuvwxyz"
	b := []byte("zq")
	for range 10 {
		b = append(b, letters[rng.IntN(len(letters))])
	}
	return string(b)
}

// An organisation-wide report over random namespaces, some confidential:
// what only a confidential namespace holds (its incidents' names, owners,
// themes and lessons) is named nowhere, in the report's status or in its
// documents, while its incidents are counted; and a theme a named
// namespace shares is named, counted over the named namespaces alone.
func TestConfidentialNamespacesContributeCountsOnly(t *testing.T) {
	rng := rand.New(rand.NewPCG(2026, 12))
	detected := fixtures.FinancialYear.AddDate(0, 2, 0)
	now := fixtures.FinancialYear.AddDate(1, 1, 0)
	for round := range 150 {
		var (
			reviews  review.Reviews
			secrets  []string
			scope    = report.Scope{Home: "information-governance", Confidential: map[string]bool{}}
			shared   = []string{"phishing", "tailgating", "misdirected-email"}
			total    int32
			public   = map[string]int32{} // incidents of named namespaces with each theme
			incident = func(ns string, confidential bool, themes []string) {
				name, owner, lesson := "incident-"+secret(rng), secret(rng)+"@example.nhs.uk", "Lesson "+secret(rng)
				if confidential {
					secrets = append(secrets, name, owner, lesson)
				} else {
					for _, th := range themes {
						public[th]++
					}
				}
				reviews.Incidents = append(reviews.Incidents, fixtures.Incident(name, fixtures.InNamespace[v1alpha1.Incident](ns),
					fixtures.DetectedAt(detected.Add(time.Duration(rng.IntN(200))*24*time.Hour), time.Hour),
					func(i *v1alpha1.Incident) { i.Spec.Owner, i.Spec.Themes = v1alpha1.Person(owner), themes }))
				reviews.RCAs = append(reviews.RCAs, fixtures.RCA(name+"-rca", name, fixtures.InNamespace[v1alpha1.RootCauseAnalysis](ns), fixtures.Submitted(),
					func(r *v1alpha1.RootCauseAnalysis) {
						r.Spec.Overview.LessonsLearned = lesson
						r.Spec.Lead = v1alpha1.Person(owner)
					}))
				total++
			}
		)
		for n := range 2 + rng.IntN(3) {
			ns := fmt.Sprintf("team-%d", n)
			scope.Namespaces = append(scope.Namespaces, ns)
			for range 1 + rng.IntN(4) {
				incident(ns, false, []string{shared[rng.IntN(len(shared))]})
			}
		}
		for n := range 1 + rng.IntN(3) {
			ns := "confidential-" + secret(rng)
			scope.Namespaces = append(scope.Namespaces, ns)
			scope.Confidential[ns] = true
			own := secret(rng) // recurs in this namespace alone
			secrets = append(secrets, ns, own)
			for range 2 + rng.IntN(3) {
				incident(ns, true, []string{own, shared[n%len(shared)]})
			}
		}
		slices.Sort(scope.Namespaces)

		r := fixtures.Report("organisation", fixtures.InNamespace[v1alpha1.LessonsReport](scope.Home), func(r *v1alpha1.LessonsReport) {
			r.Spec.NamespaceSelector = &metav1.LabelSelector{MatchLabels: map[string]string{"organisation": "northshire"}}
		})
		r.Status = report.ComputeReportIn(review.DefaultPolicy(), r, scope, reviews.Cases(), nil, nil, now).Status
		if got := r.Status.Incidents.Total + r.Status.Incidents.NearMisses + r.Status.Incidents.Exercises; got != total {
			t.Fatalf("round %d: %d incidents counted, want every one of the %d", round, got, total)
		}
		status, err := json.Marshal(r.Status)
		if err != nil {
			t.Fatal(err)
		}
		var md, html bytes.Buffer
		if err := render.Markdown(&md, r, render.Register{}); err != nil {
			t.Fatal(err)
		}
		if err := render.HTML(&html, r, render.Register{}); err != nil {
			t.Fatal(err)
		}
		for name, out := range map[string]string{"status": string(status), "Markdown": md.String(), "HTML": html.String()} {
			for _, s := range secrets {
				if strings.Contains(out, s) {
					t.Fatalf("round %d: the report's %s names %q, which only a confidential namespace holds:\n%s", round, name, s, out)
				}
			}
		}
		// A confidential namespace adds nothing to a named theme's count:
		// otherwise writing a guessed theme in a namespace one can edit
		// would tell whether a confidential one holds it.
		for _, th := range r.Status.Recurrence.Themes {
			if !slices.Contains(shared, th.Theme) || th.Incidents != public[th.Theme] {
				t.Fatalf("round %d: theme %q named with %d incidents; the named namespaces hold %d", round, th.Theme, th.Incidents, public[th.Theme])
			}
		}
	}
}
