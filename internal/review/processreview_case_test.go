package review

import (
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
)

func TestReviewCasesJoinEachReviewWithTheActionsItRaised(t *testing.T) {
	pr := func(ns, name string) *v1alpha1.ProcessReview {
		return &v1alpha1.ProcessReview{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name}}
	}
	act := func(ns, name, incident, review string) *v1alpha1.ImprovementAction {
		a := &v1alpha1.ImprovementAction{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name}}
		a.Spec.IncidentRef.Name, a.Spec.ProcessReviewRef.Name = incident, review
		a.Spec.DueDate = metav1.NewTime(time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC))
		return a
	}
	reviews := []*v1alpha1.ProcessReview{pr("a", "workshop"), pr("b", "workshop"), pr("a", "quiet")}
	actions := []*v1alpha1.ImprovementAction{
		act("a", "z-smartcards", "", "workshop"),
		act("a", "a-leavers", "", "workshop"),
		act("b", "printing", "", "workshop"),
		act("a", "phishing-training", "phishing", ""),
		act("a", "dangling", "", "missing"),
	}
	got := ReviewCases(reviews, actions)
	if len(got) != 3 {
		t.Fatalf("%d cases, want one per review", len(got))
	}
	names := func(c ReviewCase) []string {
		var out []string
		for _, a := range c.Actions {
			out = append(out, a.Namespace+"/"+a.Name)
		}
		return out
	}
	for i, want := range [][]string{{"a/a-leavers", "a/z-smartcards"}, {"b/printing"}, nil} {
		if g := names(got[i]); len(g) != len(want) || (len(g) > 0 && (g[0] != want[0] || g[len(g)-1] != want[len(want)-1])) {
			t.Errorf("%s/%s: actions %v, want %v", got[i].Review.Namespace, got[i].Review.Name, g, want)
		}
	}
}
