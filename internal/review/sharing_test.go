package review_test

import (
	"strings"
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

var (
	sharingSignedAt = t0.Add(5 * statuskit.Day)
	sharingDue      = sharingSignedAt.Add(30 * statuskit.Day)
)

func sharedWith(a v1alpha1.Audience, at time.Time) fixtures.Option[v1alpha1.RootCauseAnalysis] {
	return fixtures.SharedWith(a, at)
}

// A signed-off analysis of an incident or near miss is due to be shared
// with staff or the team, and with the reporter, within the sharing
// window after its sign-off.
func TestLearningShared(t *testing.T) {
	approved := fixtures.SignedOff(v1alpha1.SignOffApproved, sharingSignedAt)
	before := sharingDue.Add(-statuskit.Day)
	for _, c := range []struct {
		name        string
		opts        []fixtures.Option[v1alpha1.RootCauseAnalysis]
		incident    *v1alpha1.Incident
		now         time.Time
		want        string // "" when the condition is absent
		says        string
		announced   bool
		wantRequeue time.Duration
	}{
		{"a draft owes no sharing", nil, incident(), before, "", "", false, 0},
		{"submitted, waiting for the SIRO: none yet", opts(fixtures.Submitted()), incident(), t0.Add(statuskit.Day), "", "", false, 14 * statuskit.Day},
		{"an exercise owes none", opts(approved), incident(exercise()), before, "", "", false, 0},
		{"the incident unknown: none", opts(approved), nil, before, "", "", false, 0},
		{"signed off, nothing shared: due", opts(approved), incident(), before, is(false, v1alpha1.ReasonSharingDue), "staff or the team and the reporter", false, statuskit.Day},
		{"a near miss owes it too", opts(approved), incident(nearMiss()), before, is(false, v1alpha1.ReasonSharingDue), "the reporter", false, statuskit.Day},
		{"staff told, the reporter not yet", opts(approved, sharedWith(v1alpha1.AudienceStaff, before)), incident(), before,
			is(false, v1alpha1.ReasonSharingDue), "with the reporter", false, statuskit.Day},
		{"the ICB does not stand for staff", opts(approved, sharedWith(v1alpha1.AudienceICB, before), sharedWith(v1alpha1.AudienceReporter, before)), incident(), before,
			is(false, v1alpha1.ReasonSharingDue), "staff or the team", false, statuskit.Day},
		{"the team and the reporter: shared", opts(approved, sharedWith(v1alpha1.AudienceTeam, before), sharedWith(v1alpha1.AudienceReporter, before)), incident(), before,
			is(true, v1alpha1.ReasonShared), "within the deadline", false, 0},
		{"shared exactly at the deadline: on time", opts(approved, fixtures.LearningShared(sharingDue)), incident(), sharingDue,
			is(true, v1alpha1.ReasonShared), "within the deadline", false, 0},
		{"exactly at the deadline, nothing shared: overdue", opts(approved), incident(), sharingDue,
			is(false, v1alpha1.ReasonSharingOverdue), "still to be shared with staff or the team and the reporter", true, 0},
		{"one nanosecond before: due", opts(approved), incident(), sharingDue.Add(justBefore), is(false, v1alpha1.ReasonSharingDue), "", false, time.Nanosecond},
		{"overdue already announced: the condition remembers", opts(approved, prevLearningShared(false, v1alpha1.ReasonSharingOverdue)), incident(), sharingDue.Add(statuskit.Day),
			is(false, v1alpha1.ReasonSharingOverdue), "", false, 0},
		{"shared after the deadline: shared, late", opts(approved, fixtures.LearningShared(sharingDue.Add(statuskit.Day))), incident(), sharingDue.Add(2 * statuskit.Day),
			is(true, v1alpha1.ReasonShared), "after the deadline", false, 0},
		{"an entry dated to come is not believed yet", opts(approved, sharedWith(v1alpha1.AudienceStaff, before), sharedWith(v1alpha1.AudienceReporter, before.Add(time.Hour))), incident(), before,
			is(false, v1alpha1.ReasonSharingDue), "the reporter", false, time.Hour},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := rca(c.opts...)
			res := computeRCA(t, review.DefaultPolicy(), r, c.incident, c.now)
			got := cond(res.Status.Conditions, v1alpha1.ConditionLearningShared)
			if c.want == "" {
				if meta.FindStatusCondition(res.Status.Conditions, string(v1alpha1.ConditionLearningShared)) != nil {
					t.Errorf("LearningShared = %s, want none", got)
				}
			} else if got != c.want {
				t.Errorf("LearningShared = %s, want %s", got, c.want)
			}
			if c.says != "" {
				if msg := meta.FindStatusCondition(res.Status.Conditions, string(v1alpha1.ConditionLearningShared)).Message; !strings.Contains(msg, c.says) {
					t.Errorf("message %q does not say %q", msg, c.says)
				}
			}
			var n int
			for _, a := range res.Announcements {
				if a.Reason == v1alpha1.EventLearningSharingOverdue {
					n++
					if !a.Reason.IsWarning() || !a.AlsoOnIncident || !strings.Contains(a.Message, string(r.Spec.Lead)) {
						t.Errorf("announcement %+v: want a Warning, also on the incident, naming the lead", a)
					}
				}
			}
			if n != once(c.announced) {
				t.Errorf("announced %v, want LearningSharingOverdue: %v", reasons(res.Announcements), c.announced)
			}
			if res.RequeueAfter != c.wantRequeue {
				t.Errorf("requeue after %s, want %s", res.RequeueAfter, c.wantRequeue)
			}
		})
	}
}

// The sharing window is the manager's flag.
func TestLearningSharingFollowsTheWindow(t *testing.T) {
	p := review.DefaultPolicy()
	p.ShareWithin = 7 * statuskit.Day
	r := rca(fixtures.SignedOff(v1alpha1.SignOffApproved, sharingSignedAt))
	s := review.LearningSharing(p, r, incident(), v1alpha1.RCASignedOff, sharingSignedAt)
	if !s.Due.Equal(sharingSignedAt.Add(7*statuskit.Day)) || !s.Open() || s.Overdue(sharingSignedAt) {
		t.Errorf("sharing %+v, want due a week after sign-off, open, not overdue", s)
	}
	if !s.Overdue(s.Due) || !s.Decided(s.Due) || s.OnTime() {
		t.Errorf("at the deadline: overdue %v, decided %v, on time %v", s.Overdue(s.Due), s.Decided(s.Due), s.OnTime())
	}
}

// Overdue sharing counts in the incident's OVERDUE, says so in its Overdue
// condition and is kept once in its timeline.
func TestIncidentCountsOverdueSharing(t *testing.T) {
	p := review.DefaultPolicy()
	rcas := []v1alpha1.RootCauseAnalysis{analysis("rca", fixtures.SignedOff(v1alpha1.SignOffApproved, sharingSignedAt), fixtures.SharedWith(v1alpha1.AudienceStaff, sharingSignedAt))}
	actions := tasks(task("a", t0.Add(60*statuskit.Day)))
	inc := incident()

	res := computeIncident(t, p, inc, rcas, actions, sharingDue.Add(-time.Hour))
	if res.Status.Overdue != 0 || res.RequeueAfter != time.Hour || !sameInstant(res.Status.NextDueAt, at(sharingDue)) {
		t.Fatalf("before the deadline: overdue %d, requeue %s, next %s", res.Status.Overdue, res.RequeueAfter, show(res.Status.NextDueAt))
	}
	inc.Status = stored(t, res.Status)
	for i := range 2 {
		res = computeIncident(t, p, inc, rcas, actions, sharingDue.Add(time.Duration(i)*time.Hour))
		if res.Status.Overdue != 1 || cond(res.Status.Conditions, v1alpha1.ConditionOverdue) != is(true, v1alpha1.ReasonLearningSharingOverdue) {
			t.Errorf("visit %d: overdue %d, Overdue %s", i, res.Status.Overdue, cond(res.Status.Conditions, v1alpha1.ConditionOverdue))
		}
		inc.Status = stored(t, res.Status)
	}
	var kept int
	for _, e := range inc.Status.Timeline {
		if e.Type == string(v1alpha1.EventLearningSharingOverdue) {
			kept++
		}
	}
	if kept != 1 {
		t.Errorf("timeline %v: want LearningSharingOverdue once", types(inc.Status.Timeline))
	}

	fixtures.SharedWith(v1alpha1.AudienceReporter, sharingDue.Add(2*time.Hour))(&rcas[0])
	res = computeIncident(t, p, inc, rcas, actions, sharingDue.Add(3*time.Hour))
	if res.Status.Overdue != 0 || cond(res.Status.Conditions, v1alpha1.ConditionOverdue) != is(false, v1alpha1.ReasonOnTrack) {
		t.Errorf("once shared: overdue %d, Overdue %s", res.Status.Overdue, cond(res.Status.Conditions, v1alpha1.ConditionOverdue))
	}
}

// prevLearningShared records a previous LearningShared condition.
func prevLearningShared(status bool, reason v1alpha1.ConditionReason) fixtures.Option[v1alpha1.RootCauseAnalysis] {
	return func(r *v1alpha1.RootCauseAnalysis) {
		st := metav1.ConditionFalse
		if status {
			st = metav1.ConditionTrue
		}
		meta.SetStatusCondition(&r.Status.Conditions, metav1.Condition{Type: string(v1alpha1.ConditionLearningShared),
			Status: st, Reason: string(reason), LastTransitionTime: metav1.NewTime(t0)})
	}
}
