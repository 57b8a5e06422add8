package review_test

import (
	"strings"
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/api/meta"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

func TestDuplicateAnalysis(t *testing.T) {
	now := t0.Add(3 * statuskit.Day)
	older, newer := t0.Add(time.Hour), t0.Add(2*time.Hour)
	approved := fixtures.SignedOff(v1alpha1.SignOffApproved, t0.Add(2*statuskit.Day))
	draft := func(name string, created time.Time, o ...fixtures.Option[v1alpha1.RootCauseAnalysis]) v1alpha1.RootCauseAnalysis {
		return analysis(name, append(o, createdAt(created))...)
	}
	for _, c := range []struct {
		name     string
		self     v1alpha1.RootCauseAnalysis
		family   []v1alpha1.RootCauseAnalysis // as listed, self among them or not
		incident *v1alpha1.Incident
		ready    string
		speaker  string // named in the message when a duplicate
	}{
		{"alone, not listed", draft("only", older), nil, incident(), is(true, v1alpha1.ReasonReconciled), ""},
		{"alone, listed", draft("only", older), []v1alpha1.RootCauseAnalysis{draft("only", older)}, incident(), is(true, v1alpha1.ReasonReconciled), ""},
		{"the older of two drafts speaks", draft("first", older), []v1alpha1.RootCauseAnalysis{draft("first", older), draft("second", newer)}, incident(),
			is(true, v1alpha1.ReasonReconciled), ""},
		{"the newer of two drafts is the duplicate", draft("second", newer), []v1alpha1.RootCauseAnalysis{draft("first", older), draft("second", newer)}, incident(),
			is(false, v1alpha1.ReasonDuplicateAnalysis), "first"},
		{"a newer, more advanced analysis speaks", draft("first", older), []v1alpha1.RootCauseAnalysis{draft("first", older), draft("second", newer, approved)}, incident(),
			is(false, v1alpha1.ReasonDuplicateAnalysis), "second"},
		{"judged as given, not as the cache last listed it", draft("second", newer, approved),
			[]v1alpha1.RootCauseAnalysis{draft("first", older), draft("second", newer)}, incident(), is(true, v1alpha1.ReasonReconciled), ""},
		{"created together: by name", draft("b", older), []v1alpha1.RootCauseAnalysis{draft("a", older), draft("b", older)}, incident(),
			is(false, v1alpha1.ReasonDuplicateAnalysis), "a"},
		{"three: the others are duplicates of the one", draft("c", newer), []v1alpha1.RootCauseAnalysis{draft("a", newer), draft("b", older), draft("c", newer)}, incident(),
			is(false, v1alpha1.ReasonDuplicateAnalysis), "b"},
		{"incident unknown: that is said first", draft("second", newer), []v1alpha1.RootCauseAnalysis{draft("first", older), draft("second", newer)}, nil,
			is(false, v1alpha1.ReasonIncidentNotFound), ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			self := c.self
			res := review.ComputeRCAAmong(review.DefaultPolicy(), &self, c.incident, review.Refs(c.family), now)
			st := res.Status
			if got := cond(st.Conditions, v1alpha1.ConditionReady); got != c.ready {
				t.Fatalf("Ready = %s, want %s", got, c.ready)
			}
			msg := meta.FindStatusCondition(st.Conditions, string(v1alpha1.ConditionReady)).Message
			if c.speaker != "" {
				for _, words := range []string{`RootCauseAnalysis "` + c.speaker + `" speaks for Incident "phishing"`, "duplicate", "delete"} {
					if !strings.Contains(msg, words) {
						t.Errorf("Ready message %q does not say %q", msg, words)
					}
				}
			}
			// The rest of the status is the analysis's own.
			alone := review.ComputeRCAAmong(review.DefaultPolicy(), &self, c.incident, nil, now).Status
			if st.Phase != alone.Phase || cond(st.Conditions, v1alpha1.ConditionSignedOff) != cond(alone.Conditions, v1alpha1.ConditionSignedOff) {
				t.Errorf("a duplicate's phase or sign-off differs from its own: %s, %s", st.Phase, cond(st.Conditions, v1alpha1.ConditionSignedOff))
			}
		})
	}
}

// TestDuplicateAnalysisAtRest: recomputing a duplicate's stored status
// writes and announces nothing.
func TestDuplicateAnalysisAtRest(t *testing.T) {
	now := t0.Add(3 * statuskit.Day)
	first := analysis("first", createdAt(t0.Add(time.Hour)))
	second := analysis("second", createdAt(t0.Add(2*time.Hour)))
	family := []v1alpha1.RootCauseAnalysis{first, second}
	p := review.DefaultPolicy()
	res := review.ComputeRCAAmong(p, &second, incident(), review.Refs(family), now)
	assertAtRest(t, now, res,
		func(prev v1alpha1.RootCauseAnalysisStatus, at time.Time) statuskit.Result[v1alpha1.RootCauseAnalysisStatus] {
			again := second.DeepCopy()
			again.Status = prev
			x := review.ComputeRCAAmong(p, again, incident(), review.Refs(family), at)
			return x
		})
	if got := cond(res.Status.Conditions, v1alpha1.ConditionReady); got != is(false, v1alpha1.ReasonDuplicateAnalysis) {
		t.Errorf("Ready = %s", got)
	}
}
