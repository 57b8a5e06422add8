package review_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	k8stypes "k8s.io/apimachinery/pkg/types"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

// siroDue is when the SIRO must have been told of the fixtures' incident.
var siroDue = t0.Add(12 * time.Hour)

// Analyses and actions of the incident, as the controller lists them.

func analysis(name string, opts ...fixtures.Option[v1alpha1.RootCauseAnalysis]) v1alpha1.RootCauseAnalysis {
	return *fixtures.RCA(name, "phishing", opts...)
}

func draftRCA() []v1alpha1.RootCauseAnalysis { return []v1alpha1.RootCauseAnalysis{analysis("rca")} }

func submittedRCA() []v1alpha1.RootCauseAnalysis {
	return []v1alpha1.RootCauseAnalysis{analysis("rca", fixtures.Submitted())}
}

// signedOffRCA is signed off, its learning shared: it owes nothing.
func signedOffRCA() []v1alpha1.RootCauseAnalysis {
	return []v1alpha1.RootCauseAnalysis{analysis("rca", fixtures.SignedOff(v1alpha1.SignOffApproved, t0), fixtures.LearningShared(t0))}
}

// noActionsNeededRCA is signed off, saying why no improvement action is needed.
func noActionsNeededRCA() []v1alpha1.RootCauseAnalysis {
	rcas := signedOffRCA()
	rcas[0].Spec.NoActionsReason = "The control worked as designed; the near miss was caught by it."
	return rcas
}

func task(name string, due time.Time, opts ...fixtures.Option[v1alpha1.ImprovementAction]) v1alpha1.ImprovementAction {
	a := fixtures.Action(name, "phishing", due, opts...)
	a.SetUID(k8stypes.UID("uid-" + name))
	return *a
}

// overdueEntry is the timeline's record that action name went overdue at.
func overdueEntry(name string, at time.Time) v1alpha1.TimelineEntry {
	return v1alpha1.TimelineEntry{Type: string(v1alpha1.EventActionOverdue), Time: metav1.NewTime(at.Truncate(time.Second)), Message: name + " overdue",
		Kind: "ImprovementAction", Name: name, UID: "uid-" + name}
}

func tasks(a ...v1alpha1.ImprovementAction) []v1alpha1.ImprovementAction { return a }

// computeIncident computes the incident's status at now, checking that the
// objects handed in are left alone and that the stored status is at rest.
func computeIncident(t *testing.T, p review.Policy, inc *v1alpha1.Incident, rcas []v1alpha1.RootCauseAnalysis, actions []v1alpha1.ImprovementAction, now time.Time) review.IncidentResult {
	t.Helper()
	incBefore, rcasBefore, actionsBefore := inc.DeepCopy(), slices.Clone(rcas), slices.Clone(actions)
	for i := range rcasBefore {
		rcasBefore[i] = *rcas[i].DeepCopy()
	}
	for i := range actionsBefore {
		actionsBefore[i] = *actions[i].DeepCopy()
	}
	res := review.ComputeIncident(p, inc, review.Refs(rcas), review.Refs(actions), now)
	if !equality.Semantic.DeepEqual(incBefore, inc) || !equality.Semantic.DeepEqual(rcasBefore, rcas) || !equality.Semantic.DeepEqual(actionsBefore, actions) {
		t.Errorf("ComputeIncident changed the objects it was given")
	}
	assertAtRest(t, now, res,
		func(prev v1alpha1.IncidentStatus, at time.Time) statuskit.Result[v1alpha1.IncidentStatus] {
			again := inc.DeepCopy()
			again.Status = prev
			x := review.ComputeIncident(p, again, review.Refs(rcas), review.Refs(actions), at)
			return x
		})
	return res
}

func TestIncidentPhase(t *testing.T) {
	now := t0.Add(5 * statuskit.Day)
	later := t0.Add(20 * statuskit.Day)
	for _, c := range []struct {
		name    string
		incOpts []fixtures.Option[v1alpha1.Incident]
		rcas    []v1alpha1.RootCauseAnalysis
		actions []v1alpha1.ImprovementAction
		want    v1alpha1.IncidentPhase
		wantRCA string
	}{
		{"no analysis", nil, nil, nil, v1alpha1.IncidentOpen, ""},
		{"no analysis, actions all done", nil, nil, tasks(task("a", later, fixtures.Done(now))), v1alpha1.IncidentOpen, ""},
		{"a draft", nil, draftRCA(), nil, v1alpha1.IncidentInvestigating, "rca"},
		{"a draft, actions all done", nil, draftRCA(), tasks(task("a", later, fixtures.Done(now))), v1alpha1.IncidentInvestigating, "rca"},
		{"submitted but incomplete", nil, []v1alpha1.RootCauseAnalysis{analysis("rca", fixtures.Submitted(), withoutCauses())}, nil, v1alpha1.IncidentInvestigating, "rca"},
		{"changes requested", nil, []v1alpha1.RootCauseAnalysis{analysis("rca", fixtures.SignedOff(v1alpha1.SignOffChangesRequested, now))}, nil, v1alpha1.IncidentInvestigating, "rca"},
		{"submitted", nil, submittedRCA(), nil, v1alpha1.IncidentAwaitingSignOff, "rca"},
		{"submitted, actions all done", nil, submittedRCA(), tasks(task("a", later, fixtures.Done(now))), v1alpha1.IncidentAwaitingSignOff, "rca"},
		{"signed off, no actions and no reason why none is needed", nil, signedOffRCA(), nil, v1alpha1.IncidentRemediating, "rca"},
		{"signed off, no actions, none needed", nil, noActionsNeededRCA(), nil, v1alpha1.IncidentClosed, "rca"},
		{"signed off, every action cancelled", nil, signedOffRCA(), tasks(task("a", later, fixtures.Cancelled())), v1alpha1.IncidentClosed, "rca"},
		{"signed off, every action done or cancelled", nil, signedOffRCA(),
			tasks(task("a", later, fixtures.Done(now)), task("b", later, fixtures.Cancelled()), task("c", t0, fixtures.Done(now))), v1alpha1.IncidentClosed, "rca"},
		{"signed off, an action open", nil, signedOffRCA(), tasks(task("a", later, fixtures.Done(now)), task("b", later)), v1alpha1.IncidentRemediating, "rca"},
		{"signed off, an action in progress", nil, signedOffRCA(), tasks(task("a", later, fixtures.InProgress())), v1alpha1.IncidentRemediating, "rca"},
		{"signed off, an action overdue", nil, signedOffRCA(), tasks(task("a", t0.Add(statuskit.Day))), v1alpha1.IncidentRemediating, "rca"},
		{"signed off, but a cyber attack needs more", opts(cyberAttack()), signedOffRCA(), nil, v1alpha1.IncidentInvestigating, "rca"},
	} {
		t.Run(c.name, func(t *testing.T) {
			inc := incident(c.incOpts...)
			cs := review.NewCase(inc, review.Refs(c.rcas), review.Refs(c.actions))
			if got := cs.Phase(now); got != c.want {
				t.Errorf("Case.Phase = %s, want %s", got, c.want)
			}
			st := computeIncident(t, review.DefaultPolicy(), inc, c.rcas, c.actions, now).Status
			if st.Phase != c.want {
				t.Errorf("status.phase = %s, want %s", st.Phase, c.want)
			}
			if st.RootCauseAnalysis != c.wantRCA {
				t.Errorf("status.rootCauseAnalysis = %q, want %q", st.RootCauseAnalysis, c.wantRCA)
			}
		})
	}
}

func TestChooseRCA(t *testing.T) {
	older, newer := t0.Add(time.Hour), t0.Add(2*time.Hour)
	draft := func(name string, created time.Time) v1alpha1.RootCauseAnalysis {
		return analysis(name, createdAt(created))
	}
	with := func(name string, created time.Time, o fixtures.Option[v1alpha1.RootCauseAnalysis]) v1alpha1.RootCauseAnalysis {
		return analysis(name, createdAt(created), o)
	}
	approved := fixtures.SignedOff(v1alpha1.SignOffApproved, newer)
	sentBack := fixtures.SignedOff(v1alpha1.SignOffChangesRequested, newer)
	for _, c := range []struct {
		name     string
		rcas     []v1alpha1.RootCauseAnalysis
		incident *v1alpha1.Incident
		want     string // "" for none
	}{
		{"none", nil, incident(), ""},
		{"an empty list", []v1alpha1.RootCauseAnalysis{}, incident(), ""},
		{"one", []v1alpha1.RootCauseAnalysis{draft("only", newer)}, incident(), "only"},
		{"signed off beats an older draft", []v1alpha1.RootCauseAnalysis{draft("old", older), with("approved", newer, approved)}, incident(), "approved"},
		{"signed off beats awaiting sign-off", []v1alpha1.RootCauseAnalysis{with("waiting", older, fixtures.Submitted()), with("approved", newer, approved)}, incident(), "approved"},
		{"awaiting sign-off beats changes requested", []v1alpha1.RootCauseAnalysis{with("sent-back", older, sentBack), with("waiting", newer, fixtures.Submitted())}, incident(), "waiting"},
		{"changes requested beats a draft", []v1alpha1.RootCauseAnalysis{draft("draft", older), with("sent-back", newer, sentBack)}, incident(), "sent-back"},
		{"submitted but incomplete ranks as a draft", []v1alpha1.RootCauseAnalysis{with("incomplete", older, fixtures.Submitted()), with("sent-back", newer, sentBack)},
			incident(cyberAttack()), "sent-back"},
		{"an approval that no longer stands ranks as a draft", []v1alpha1.RootCauseAnalysis{with("approved", older, approved), with("waiting", newer, fixtures.Submitted())},
			incident(cyberAttack()), "approved"},
		{"between drafts, the oldest", []v1alpha1.RootCauseAnalysis{draft("b-new", newer), draft("z-old", older)}, incident(), "z-old"},
		{"between drafts, the oldest, listed first", []v1alpha1.RootCauseAnalysis{draft("z-old", older), draft("b-new", newer)}, incident(), "z-old"},
		{"created together: by name", []v1alpha1.RootCauseAnalysis{draft("b", older), draft("a", older), draft("c", older)}, incident(), "a"},
		{"created together and signed off: by name", []v1alpha1.RootCauseAnalysis{with("y", older, approved), with("x", older, approved)}, incident(), "x"},
	} {
		t.Run(c.name, func(t *testing.T) {
			listed := slices.Clone(c.rcas)
			got := review.ChooseRCA(review.Refs(c.rcas), c.incident)
			name := ""
			if got != nil {
				name = got.Name
			}
			if name != c.want {
				t.Errorf("ChooseRCA = %q, want %q", name, c.want)
			}
			for i := range listed {
				if listed[i].Name != c.rcas[i].Name {
					t.Fatalf("ChooseRCA reordered the list it was given")
				}
			}
		})
	}
	// With the cyber-attack section the approval stands again and wins.
	rcas := []v1alpha1.RootCauseAnalysis{with("approved", newer, approved), with("waiting", older, fixtures.Submitted())}
	fixtures.WithCyberAttackSection()(&rcas[0])
	if got := review.ChooseRCA(review.Refs(rcas), incident(cyberAttack())); got == nil || got.Name != "approved" {
		t.Errorf("ChooseRCA = %v, want approved", got)
	}
}

func TestCountActions(t *testing.T) {
	now := t0.Add(10 * statuskit.Day)
	for _, c := range []struct {
		name    string
		actions []v1alpha1.ImprovementAction
		want    v1alpha1.ActionCounts
	}{
		{"none", nil, v1alpha1.ActionCounts{Progress: "0/0"}},
		{"one open", tasks(task("a", now.Add(statuskit.Day))), v1alpha1.ActionCounts{Total: 1, Progress: "0/1"}},
		{"two of five finished, one overdue", tasks(
			task("done", now.Add(-statuskit.Day), fixtures.Done(now.Add(-2*statuskit.Day))),
			task("cancelled", now.Add(-statuskit.Day), fixtures.Cancelled()),
			task("overdue", now.Add(-time.Hour)),
			task("in-progress", now.Add(statuskit.Day), fixtures.InProgress()),
			task("open", now.Add(statuskit.Day)),
		), v1alpha1.ActionCounts{Total: 5, Done: 2, Overdue: 1, Progress: "2/5"}},
		{"due exactly now is overdue", tasks(task("a", now)), v1alpha1.ActionCounts{Total: 1, Overdue: 1, Progress: "0/1"}},
		{"due one nanosecond ago is overdue", tasks(task("a", now.Add(-time.Nanosecond))), v1alpha1.ActionCounts{Total: 1, Overdue: 1, Progress: "0/1"}},
		{"due in one nanosecond is not", tasks(task("a", now.Add(time.Nanosecond))), v1alpha1.ActionCounts{Total: 1, Progress: "0/1"}},
		{"in progress past the due date is overdue", tasks(task("a", now.Add(-time.Second), fixtures.InProgress())), v1alpha1.ActionCounts{Total: 1, Overdue: 1, Progress: "0/1"}},
		{"done late is done, not overdue", tasks(task("a", now.Add(-statuskit.Day), fixtures.Done(now))), v1alpha1.ActionCounts{Total: 1, Done: 1, Progress: "1/1"}},
		{"cancelled past the due date is done, not overdue", tasks(task("a", now.Add(-statuskit.Day), fixtures.Cancelled())), v1alpha1.ActionCounts{Total: 1, Done: 1, Progress: "1/1"}},
		{"all finished", tasks(task("a", now, fixtures.Done(now)), task("b", now, fixtures.Cancelled())), v1alpha1.ActionCounts{Total: 2, Done: 2, Progress: "2/2"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := review.CountActions(review.Refs(c.actions), now); got != c.want {
				t.Errorf("CountActions = %+v, want %+v", got, c.want)
			}
			inc := incident(prevOverdueActions(c.want.Overdue))
			if got := computeIncident(t, review.DefaultPolicy(), inc, signedOffRCA(), c.actions, now).Status.Actions; got != c.want {
				t.Errorf("status.actions = %+v, want %+v", got, c.want)
			}
		})
	}
}

func TestSIRONotified(t *testing.T) {
	for _, c := range []struct {
		name          string
		policy        func(*review.Policy)
		incOpts       []fixtures.Option[v1alpha1.Incident]
		now           time.Time
		wantDue       time.Time
		want          string
		wantOnTime    bool
		wantAnnounced bool
	}{
		{name: "told an hour after detection", now: t0.Add(2 * time.Hour), wantDue: siroDue, want: is(true, v1alpha1.ReasonNotified), wantOnTime: true},
		{name: "told one second before the deadline", incOpts: opts(siroNotifiedAt(siroDue.Add(-time.Second))), now: siroDue.Add(time.Hour),
			wantDue: siroDue, want: is(true, v1alpha1.ReasonNotified), wantOnTime: true},
		{name: "told exactly at the deadline is on time", incOpts: opts(siroNotifiedAt(siroDue)), now: siroDue.Add(time.Hour),
			wantDue: siroDue, want: is(true, v1alpha1.ReasonNotified), wantOnTime: true},
		{name: "told one nanosecond after the deadline", incOpts: opts(siroNotifiedAt(siroDue.Add(justAfter))), now: siroDue.Add(time.Hour),
			wantDue: siroDue, want: is(true, v1alpha1.ReasonNotifiedLate)},
		{name: "told a day late", incOpts: opts(siroNotifiedAt(siroDue.Add(statuskit.Day))), now: siroDue.Add(2 * statuskit.Day),
			wantDue: siroDue, want: is(true, v1alpha1.ReasonNotifiedLate)},
		{name: "told late, after the missed deadline was announced", incOpts: opts(siroNotifiedAt(siroDue.Add(2*time.Hour)), prevSIROCondition(false, v1alpha1.ReasonDeadlineMissed)),
			now: siroDue.Add(3 * time.Hour), wantDue: siroDue, want: is(true, v1alpha1.ReasonNotifiedLate)},
		{name: "not told, at detection", incOpts: opts(siroNotTold()), now: t0, wantDue: siroDue, want: is(false, v1alpha1.ReasonNotYetDue)},
		{name: "not told, one nanosecond before the deadline", incOpts: opts(siroNotTold()), now: siroDue.Add(justBefore), wantDue: siroDue, want: is(false, v1alpha1.ReasonNotYetDue)},
		{name: "not told, exactly at the deadline", incOpts: opts(siroNotTold()), now: siroDue, wantDue: siroDue, want: is(false, v1alpha1.ReasonDeadlineMissed), wantAnnounced: true},
		{name: "not told, one nanosecond after", incOpts: opts(siroNotTold()), now: siroDue.Add(justAfter), wantDue: siroDue, want: is(false, v1alpha1.ReasonDeadlineMissed), wantAnnounced: true},
		{name: "not told, first seen a day late", incOpts: opts(siroNotTold()), now: siroDue.Add(statuskit.Day), wantDue: siroDue, want: is(false, v1alpha1.ReasonDeadlineMissed), wantAnnounced: true},
		{name: "not told, previously not yet due", incOpts: opts(siroNotTold(), prevSIROCondition(false, v1alpha1.ReasonNotYetDue)), now: siroDue,
			wantDue: siroDue, want: is(false, v1alpha1.ReasonDeadlineMissed), wantAnnounced: true},
		{name: "not told, already announced", incOpts: opts(siroNotTold(), prevSIROCondition(false, v1alpha1.ReasonDeadlineMissed)), now: siroDue.Add(statuskit.Day),
			wantDue: siroDue, want: is(false, v1alpha1.ReasonDeadlineMissed)},
		{name: "a near miss has the same deadline", incOpts: opts(nearMiss(), siroNotTold()), now: siroDue, wantDue: siroDue,
			want: is(false, v1alpha1.ReasonDeadlineMissed), wantAnnounced: true},
		{name: "a one-hour deadline, told after two", policy: func(p *review.Policy) { p.SIRONotificationDeadline = time.Hour },
			incOpts: opts(siroNotifiedAt(t0.Add(2 * time.Hour))), now: t0.Add(3 * time.Hour), wantDue: t0.Add(time.Hour), want: is(true, v1alpha1.ReasonNotifiedLate)},
		{name: "a one-hour deadline, not told", policy: func(p *review.Policy) { p.SIRONotificationDeadline = time.Hour },
			incOpts: opts(siroNotTold()), now: t0.Add(time.Hour), wantDue: t0.Add(time.Hour), want: is(false, v1alpha1.ReasonDeadlineMissed), wantAnnounced: true},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := review.DefaultPolicy()
			if c.policy != nil {
				c.policy(&p)
			}
			inc := incident(append(c.incOpts, prevIncidentPhase(v1alpha1.IncidentClosed))...)
			if got := review.SIRONotificationDueAt(p, inc); !got.Equal(c.wantDue) {
				t.Errorf("SIRONotificationDueAt = %s, want %s", got, c.wantDue)
			}
			if got := review.SIRONotifiedOnTime(p, inc); got != c.wantOnTime {
				t.Errorf("SIRONotifiedOnTime = %v, want %v", got, c.wantOnTime)
			}
			res := computeIncident(t, p, inc, signedOffRCA(), nil, c.now)
			st := res.Status
			if !sameInstant(st.SIRONotificationDueAt, at(c.wantDue)) {
				t.Errorf("siroNotificationDueAt = %s, want %s", show(st.SIRONotificationDueAt), c.wantDue)
			}
			if got := cond(st.Conditions, v1alpha1.ConditionSIRONotified); got != c.want {
				t.Errorf("SIRONotified = %s, want %s", got, c.want)
			}
			added := types(st.Timeline[len(inc.Status.Timeline):])
			if !c.wantAnnounced {
				if !sameReasons(res.Announcements) {
					t.Errorf("announced %v, want nothing", reasons(res.Announcements))
				}
				// A notification told late is a breach on record, announced
				// or not; one told in time, or not yet due, is none.
				toldLate := c.want == is(true, v1alpha1.ReasonNotifiedLate)
				if slices.Contains(added, string(v1alpha1.EventSIRONotificationOverdue)) != toldLate {
					t.Errorf("timeline added %v; a breach recorded: want %v", added, toldLate)
				}
				breached := toldLate || c.want == is(false, v1alpha1.ReasonDeadlineMissed)
				if (st.SIRONotificationBreach != nil) != breached {
					t.Errorf("siroNotificationBreach = %+v; want one: %v", st.SIRONotificationBreach, breached)
				}
				return
			}
			if !sameReasons(res.Announcements, v1alpha1.EventSIRONotificationOverdue) {
				t.Fatalf("announced %v, want SIRONotificationOverdue", reasons(res.Announcements))
			}
			a := res.Announcements[0]
			if a.AlsoOnIncident || !a.Reason.IsWarning() {
				t.Errorf("on incident %v, warning %v; want a warning on the incident itself", a.AlsoOnIncident, a.Reason.IsWarning())
			}
			if !strings.Contains(a.Message, c.wantDue.Format(time.RFC3339)) {
				t.Errorf("message %q does not give the deadline", a.Message)
			}
			if !slices.Contains(added, string(v1alpha1.EventSIRONotificationOverdue)) {
				t.Errorf("timeline did not record the breach: %v", added)
			}
		})
	}
}

func TestIncidentOverdueCondition(t *testing.T) {
	now := t0.Add(20 * statuskit.Day) // past the High incident's RCA deadline
	overdueTask := task("late", now.Add(-statuskit.Day))
	for _, c := range []struct {
		name    string
		incOpts []fixtures.Option[v1alpha1.Incident]
		rcas    []v1alpha1.RootCauseAnalysis
		actions []v1alpha1.ImprovementAction
		now     time.Time
		want    string
		says    []string
	}{
		{"nothing overdue", nil, signedOffRCA(), tasks(task("a", now.Add(statuskit.Day))), now, is(false, v1alpha1.ReasonOnTrack), []string{"nothing is overdue"}},
		{"an action overdue", nil, signedOffRCA(), tasks(overdueTask, task("b", now.Add(statuskit.Day))), now, is(true, v1alpha1.ReasonActionsOverdue), []string{"1 improvement action(s) overdue"}},
		{"an action due exactly now", nil, signedOffRCA(), tasks(task("a", now)), now, is(true, v1alpha1.ReasonActionsOverdue), nil},
		{"an action due in one nanosecond", nil, signedOffRCA(), tasks(task("a", now.Add(justAfter))), now, is(false, v1alpha1.ReasonOnTrack), nil},
		{"an overdue action done since", nil, signedOffRCA(), tasks(task("a", now.Add(-statuskit.Day), fixtures.Done(now))), now, is(false, v1alpha1.ReasonOnTrack), nil},
		{"a draft analysis past its deadline", nil, draftRCA(), nil, now, is(true, v1alpha1.ReasonRCAOverdue), []string{rcaDue.Format(time.RFC3339)}},
		{"awaiting sign-off past the deadline", nil, submittedRCA(), nil, now, is(true, v1alpha1.ReasonRCAOverdue), nil},
		{"no analysis, one nanosecond before its deadline", nil, nil, nil, rcaDue.Add(justBefore), is(false, v1alpha1.ReasonOnTrack), nil},
		{"no analysis, exactly at its deadline", nil, nil, nil, rcaDue, is(true, v1alpha1.ReasonRCAOverdue), nil},
		{"signed off after its deadline", nil, signedOffRCA(), nil, now, is(false, v1alpha1.ReasonOnTrack), nil},
		{"an analysis's own later deadline", nil, []v1alpha1.RootCauseAnalysis{analysis("rca", rcaDueDate(now.Add(time.Second)))}, nil, now, is(false, v1alpha1.ReasonOnTrack), nil},
		{"the SIRO not told", opts(siroNotTold()), signedOffRCA(), nil, now, is(true, v1alpha1.ReasonSIRONotificationOverdue), []string{"SIRO notification overdue"}},
		{"the SIRO not told, one nanosecond before the deadline", opts(siroNotTold()), nil, nil, siroDue.Add(justBefore), is(false, v1alpha1.ReasonOnTrack), nil},
		{"the SIRO told late is no longer overdue", opts(siroNotifiedAt(siroDue.Add(statuskit.Day))), signedOffRCA(), nil, now, is(false, v1alpha1.ReasonOnTrack), nil},
		{"an action and the analysis", nil, draftRCA(), tasks(overdueTask), now, is(true, v1alpha1.ReasonSeveralOverdue),
			[]string{"1 improvement action(s) overdue", "root cause analysis overdue"}},
		{"an action and the SIRO", opts(siroNotTold()), signedOffRCA(), tasks(overdueTask, task("also-late", now.Add(-time.Hour))), now, is(true, v1alpha1.ReasonSeveralOverdue),
			[]string{"2 improvement action(s) overdue", "SIRO notification overdue"}},
		{"all three", opts(siroNotTold()), nil, tasks(overdueTask), now, is(true, v1alpha1.ReasonSeveralOverdue),
			[]string{"improvement action(s) overdue", "root cause analysis overdue", "SIRO notification overdue"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			inc := incident(c.incOpts...)
			st := computeIncident(t, review.DefaultPolicy(), inc, c.rcas, c.actions, c.now).Status
			if got := cond(st.Conditions, v1alpha1.ConditionOverdue); got != c.want {
				t.Errorf("Overdue = %s, want %s", got, c.want)
			}
			msg := meta.FindStatusCondition(st.Conditions, string(v1alpha1.ConditionOverdue)).Message
			for _, words := range c.says {
				if !strings.Contains(msg, words) {
					t.Errorf("Overdue message %q does not say %q", msg, words)
				}
			}
			if got := cond(st.Conditions, v1alpha1.ConditionReady); got != is(true, v1alpha1.ReasonReconciled) {
				t.Errorf("Ready = %s: business state must not touch Ready", got)
			}
		})
	}
}

func TestIncidentRCAOverdueAnnouncement(t *testing.T) {
	for _, c := range []struct {
		name          string
		incOpts       []fixtures.Option[v1alpha1.Incident]
		rcas          []v1alpha1.RootCauseAnalysis
		now           time.Time
		wantAnnounced bool
		wantEntry     bool // an RCAOverdue entry is added to the timeline
	}{
		{"no analysis, one nanosecond before the deadline", nil, nil, rcaDue.Add(justBefore), false, false},
		{"no analysis, exactly at the deadline", nil, nil, rcaDue, true, true},
		{"no analysis, first seen a week late", nil, nil, rcaDue.Add(7 * statuskit.Day), true, true},
		{"no analysis, already recorded", opts(prevTimeline(entry(string(v1alpha1.EventRCAOverdue), rcaDue))), nil, rcaDue.Add(statuskit.Day), false, false},
		{"no analysis, recorded for an earlier deadline", opts(severity(v1alpha1.SeverityMedium), prevTimeline(entry(string(v1alpha1.EventRCAOverdue), rcaDue))),
			nil, t0.Add(30 * statuskit.Day), true, true},
		{"no analysis, other breaches recorded", opts(prevTimeline(entry(string(v1alpha1.EventSIRONotificationOverdue), rcaDue.Add(time.Hour)))), nil, rcaDue.Add(statuskit.Day), true, true},
		{"a draft past its deadline: its own controller announces", nil, draftRCA(), rcaDue, false, true},
		{"a draft past its deadline, already recorded", opts(prevTimeline(entry(string(v1alpha1.EventRCAOverdue), rcaDue))), draftRCA(), rcaDue.Add(statuskit.Day), false, false},
		{"a draft with its own deadline passed", nil, []v1alpha1.RootCauseAnalysis{analysis("rca", rcaDueDate(t0.Add(statuskit.Day)))}, t0.Add(statuskit.Day), false, true},
		{"signed off past the deadline", nil, signedOffRCA(), rcaDue.Add(statuskit.Day), false, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			inc := incident(c.incOpts...)
			res := computeIncident(t, review.DefaultPolicy(), inc, c.rcas, nil, c.now)
			got := 0
			for _, a := range res.Announcements {
				if a.Reason == v1alpha1.EventRCAOverdue {
					got++
					if a.AlsoOnIncident || !a.Reason.IsWarning() {
						t.Errorf("on incident %v, warning %v", a.AlsoOnIncident, a.Reason.IsWarning())
					}
					if !strings.Contains(a.Message, "no root cause analysis exists") {
						t.Errorf("message %q does not say that no analysis exists", a.Message)
					}
				}
			}
			if want := once(c.wantAnnounced); got != want {
				t.Errorf("%d RCAOverdue announcements, want %d (all: %v)", got, want, reasons(res.Announcements))
			}
			added := types(res.Status.Timeline[len(inc.Status.Timeline):])
			if slices.Contains(added, string(v1alpha1.EventRCAOverdue)) != c.wantEntry {
				t.Errorf("timeline entries added %v; want an RCAOverdue entry: %v", added, c.wantEntry)
			}
		})
	}
}

func TestIncidentClosed(t *testing.T) {
	now := t0.Add(20 * statuskit.Day)
	later := now.Add(5 * statuskit.Day)
	allDone := tasks(task("a", later, fixtures.Done(now)), task("b", later, fixtures.Cancelled()))
	for _, c := range []struct {
		name      string
		prev      v1alpha1.IncidentPhase
		rcas      []v1alpha1.RootCauseAnalysis
		actions   []v1alpha1.ImprovementAction
		wantPhase v1alpha1.IncidentPhase
		want      []v1alpha1.EventReason
		says      string
	}{
		{"the last action finished", v1alpha1.IncidentRemediating, signedOffRCA(), allDone, v1alpha1.IncidentClosed,
			[]v1alpha1.EventReason{v1alpha1.EventIncidentClosed}, "all 2 improvement actions"},
		{"signed off with no actions, none needed", v1alpha1.IncidentAwaitingSignOff, noActionsNeededRCA(), nil, v1alpha1.IncidentClosed,
			[]v1alpha1.EventReason{v1alpha1.EventIncidentClosed}, "no improvement action is needed, as the analysis says"},
		{"signed off with no actions and no reason: not closed", v1alpha1.IncidentAwaitingSignOff, signedOffRCA(), nil, v1alpha1.IncidentRemediating, nil, ""},
		{"closed on the first visit", "", signedOffRCA(), allDone, v1alpha1.IncidentClosed, []v1alpha1.EventReason{v1alpha1.EventIncidentClosed}, "signed off"},
		{"closed on the first visit, the last step over a day ago: history", "", signedOffRCA(), tasks(task("a", later, fixtures.Done(now.Add(-statuskit.HistoryHorizon-time.Second))), allDone[1]),
			v1alpha1.IncidentClosed, nil, ""},
		{"closed on the first visit, only cancellations after a sign-off long ago: history", "", signedOffRCA(), tasks(allDone[1]), v1alpha1.IncidentClosed, nil, ""},
		{"closed on the first visit, signed off today after actions done long ago: news", "",
			[]v1alpha1.RootCauseAnalysis{analysis("rca", fixtures.SignedOff(v1alpha1.SignOffApproved, now.Add(-time.Hour)))},
			tasks(task("a", later, fixtures.Done(t0.Add(statuskit.Day)))), v1alpha1.IncidentClosed, []v1alpha1.EventReason{v1alpha1.EventIncidentClosed}, "signed off"},
		{"closed on the first visit, a step without a time: news", "", signedOffRCA(), tasks(task("a", later, fixtures.Done(now), completedWithoutDate())), v1alpha1.IncidentClosed,
			[]v1alpha1.EventReason{v1alpha1.EventIncidentClosed}, "signed off"},
		{"already closed", v1alpha1.IncidentClosed, signedOffRCA(), allDone, v1alpha1.IncidentClosed, nil, ""},
		{"still remediating", v1alpha1.IncidentRemediating, signedOffRCA(), tasks(task("a", later)), v1alpha1.IncidentRemediating, nil, ""},
		{"reopened by a new action", v1alpha1.IncidentClosed, signedOffRCA(), tasks(allDone[0], task("new", later)), v1alpha1.IncidentRemediating, nil, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			res := computeIncident(t, review.DefaultPolicy(), incident(prevIncidentPhase(c.prev)), c.rcas, c.actions, now)
			if res.Status.Phase != c.wantPhase {
				t.Errorf("phase = %s, want %s", res.Status.Phase, c.wantPhase)
			}
			if !sameReasons(res.Announcements, c.want...) {
				t.Fatalf("announced %v, want %v", reasons(res.Announcements), c.want)
			}
			for _, a := range res.Announcements {
				if a.AlsoOnIncident || a.Reason.IsWarning() {
					t.Errorf("IncidentClosed on incident %v, warning %v", a.AlsoOnIncident, a.Reason.IsWarning())
				}
				if !strings.Contains(a.Message, c.says) {
					t.Errorf("message %q does not say %q", a.Message, c.says)
				}
			}
		})
	}
}

func TestIncidentTimeline(t *testing.T) {
	now := t0.Add(20*statuskit.Day + 400*time.Millisecond)
	overdue := func(name string) v1alpha1.ImprovementAction { return task(name, now.Add(-statuskit.Day)) }
	history := []v1alpha1.TimelineEntry{entry("Open", t0), entry("Investigating", t0.Add(statuskit.Day))}
	for _, c := range []struct {
		name    string
		incOpts []fixtures.Option[v1alpha1.Incident]
		rcas    []v1alpha1.RootCauseAnalysis
		actions []v1alpha1.ImprovementAction
		want    []string // entries added, in order
		early   bool     // visited before any deadline passed, rather than at now
	}{
		{"first visit", nil, nil, nil, []string{"Open"}, true},
		{"phase unchanged", opts(prevIncidentPhase(v1alpha1.IncidentOpen), prevTimeline(history[:1]...)), nil, nil, nil, true},
		{"a phase change", opts(prevIncidentPhase(v1alpha1.IncidentOpen), prevTimeline(history[:1]...)), submittedRCA(), nil,
			[]string{"AwaitingSignOff"}, true},
		{"a breach alone", opts(prevIncidentPhase(v1alpha1.IncidentOpen), prevTimeline(history[:1]...)), nil, nil,
			[]string{"RCAOverdue"}, false},
		{"a phase change and three breaches at once",
			opts(prevIncidentPhase(v1alpha1.IncidentOpen), prevTimeline(history[:1]...), siroNotTold()), draftRCA(), tasks(overdue("a")),
			[]string{"Investigating", "SIRONotificationOverdue", "RCAOverdue", "ActionOverdue"}, false},
		{"another action overdue, named", opts(prevIncidentPhase(v1alpha1.IncidentRemediating), prevTimeline(append(history, overdueEntry("a", now))...), prevOverdueActions(1)),
			signedOffRCA(), tasks(overdue("a"), overdue("b")), []string{"ActionOverdue"}, false},
		{"the same actions overdue as before", opts(prevIncidentPhase(v1alpha1.IncidentRemediating), prevTimeline(append(history, overdueEntry("a", now), overdueEntry("b", now))...), prevOverdueActions(2)),
			signedOffRCA(), tasks(overdue("a"), overdue("b")), nil, false},
		{"an overdue action completed late", opts(prevIncidentPhase(v1alpha1.IncidentRemediating), prevTimeline(append(history, overdueEntry("a", now), overdueEntry("b", now))...), prevOverdueActions(2)),
			signedOffRCA(), tasks(overdue("a"), task("b", now.Add(-statuskit.Day), fixtures.Done(now))), []string{"ActionCompletedLate"}, false},
		{"closing", opts(prevIncidentPhase(v1alpha1.IncidentRemediating), prevTimeline(append(history, overdueEntry("a", now))...), prevOverdueActions(1)),
			signedOffRCA(), tasks(task("a", now.Add(-statuskit.Day), fixtures.Done(now))), []string{"Closed", "ActionCompletedLate"}, false},
		{"an overdue action deleted", opts(prevIncidentPhase(v1alpha1.IncidentRemediating), prevTimeline(append(history, overdueEntry("a", now), overdueEntry("b", now))...), prevOverdueActions(2)),
			signedOffRCA(), tasks(overdue("a")), []string{"ActionDeleted"}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			now := now
			if c.early {
				now = t0.Add(2*statuskit.Day + 400*time.Millisecond)
			}
			inc := incident(c.incOpts...)
			prev := slices.Clone(inc.Status.Timeline)
			st := computeIncident(t, review.DefaultPolicy(), inc, c.rcas, c.actions, now).Status
			if len(st.Timeline) < len(prev) || !equality.Semantic.DeepEqual(st.Timeline[:len(prev)], prev) {
				t.Fatalf("the earlier timeline was not kept as it was:\n%s", toJSON(st.Timeline))
			}
			added := st.Timeline[len(prev):]
			if !slices.Equal(types(added), append([]string{}, c.want...)) {
				t.Errorf("entries added %v, want %v", types(added), c.want)
			}
			for _, e := range added {
				if !e.Time.Time.Equal(now.Truncate(time.Second)) {
					t.Errorf("%s entry at %s, want now to the second", e.Type, e.Time.Format(time.RFC3339Nano))
				}
				if len(strings.Fields(e.Message)) < 3 {
					t.Errorf("%s entry message %q does not say what happened", e.Type, e.Message)
				}
			}
			if !equality.Semantic.DeepEqual(inc.Status.Timeline, prev) {
				t.Errorf("the previous status's timeline was changed")
			}
		})
	}
}

func TestIncidentTimelineMessages(t *testing.T) {
	now := t0.Add(3 * statuskit.Day)
	for _, c := range []struct {
		phase   v1alpha1.IncidentPhase
		rcas    []v1alpha1.RootCauseAnalysis
		actions []v1alpha1.ImprovementAction
		says    string
	}{
		{v1alpha1.IncidentOpen, nil, nil, "no root cause analysis yet"},
		{v1alpha1.IncidentInvestigating, draftRCA(), nil, "root cause analysis rca is being written"},
		{v1alpha1.IncidentAwaitingSignOff, submittedRCA(), nil, "rca submitted; awaiting SIRO sign-off"},
		{v1alpha1.IncidentRemediating, signedOffRCA(), tasks(task("a", now.Add(statuskit.Day), fixtures.Done(now)), task("b", now.Add(statuskit.Day))), "rca signed off; 1 of 2 actions finished"},
		{v1alpha1.IncidentClosed, signedOffRCA(), tasks(task("a", now.Add(statuskit.Day), fixtures.Done(now))), "rca signed off and its one improvement action is finished"},
	} {
		t.Run(string(c.phase), func(t *testing.T) {
			st := computeIncident(t, review.DefaultPolicy(), incident(), c.rcas, c.actions, now).Status
			if len(st.Timeline) == 0 {
				t.Fatal("no timeline entry")
			}
			e := st.Timeline[len(st.Timeline)-1]
			if e.Type != string(c.phase) || !strings.Contains(e.Message, c.says) {
				t.Errorf("entry %s %q, want %s saying %q", e.Type, e.Message, c.phase, c.says)
			}
		})
	}
}

func TestIncidentTimelineIsBounded(t *testing.T) {
	now := t0.Add(3 * statuskit.Day)
	full := func(n int) []v1alpha1.TimelineEntry {
		out := make([]v1alpha1.TimelineEntry, n)
		for i := range out {
			out[i] = entry(fmt.Sprintf("old-%02d", i), t0.Add(time.Duration(i)*time.Minute))
		}
		return out
	}
	for _, c := range []struct {
		name      string
		prev      int
		siroLate  bool // a second entry in the same visit
		wantFirst string
	}{
		{"one short of the limit", review.TimelineLimit - 1, false, "old-00"},
		{"at the limit, the oldest goes", review.TimelineLimit, false, "old-01"},
		{"at the limit, two new entries", review.TimelineLimit, true, "old-02"},
		{"one short of the limit, two new entries", review.TimelineLimit - 1, true, "old-01"},
	} {
		t.Run(c.name, func(t *testing.T) {
			o := opts(prevIncidentPhase(v1alpha1.IncidentOpen), prevTimeline(full(c.prev)...))
			if c.siroLate {
				o = append(o, siroNotTold())
			}
			inc := incident(o...)
			prev := slices.Clone(inc.Status.Timeline)
			st := computeIncident(t, review.DefaultPolicy(), inc, draftRCA(), nil, now).Status
			wantLen := min(c.prev+1+once(c.siroLate), review.TimelineLimit)
			if len(st.Timeline) != wantLen {
				t.Fatalf("timeline has %d entries, want %d", len(st.Timeline), wantLen)
			}
			if st.Timeline[0].Type != c.wantFirst {
				t.Errorf("oldest entry kept %s, want %s", st.Timeline[0].Type, c.wantFirst)
			}
			wantLast := string(v1alpha1.IncidentInvestigating)
			if c.siroLate {
				wantLast = string(v1alpha1.EventSIRONotificationOverdue)
			}
			if last := st.Timeline[len(st.Timeline)-1].Type; last != wantLast {
				t.Errorf("newest entry %s, want %s", last, wantLast)
			}
			if !equality.Semantic.DeepEqual(inc.Status.Timeline, prev) {
				t.Error("the previous status's timeline was changed")
			}
		})
	}
}

func TestIncidentTimelineNeverWritesIntoThePreviousArray(t *testing.T) {
	backing := make([]v1alpha1.TimelineEntry, 1, 8)
	backing[0] = entry("Open", t0)
	inc := incident(prevIncidentPhase(v1alpha1.IncidentOpen), prevTimeline(backing...))
	st := review.ComputeIncident(review.DefaultPolicy(), inc, review.Refs(draftRCA()), nil, t0.Add(statuskit.Day)).Status
	if len(st.Timeline) != 2 {
		t.Fatalf("timeline %v, want Open then Investigating", types(st.Timeline))
	}
	if spare := backing[:2][1]; spare.Type != "" {
		t.Errorf("the new entry %q was written into the previous timeline's array", spare.Type)
	}
}

func TestIncidentRequeue(t *testing.T) {
	for _, c := range []struct {
		name    string
		incOpts []fixtures.Option[v1alpha1.Incident]
		rcas    []v1alpha1.RootCauseAnalysis
		actions []v1alpha1.ImprovementAction
		now     time.Time
		want    time.Duration
	}{
		{"the SIRO not told, at detection", opts(siroNotTold()), nil, nil, t0, 12 * time.Hour},
		{"the SIRO not told, at a fraction of a second", opts(siroNotTold()), nil, nil, t0.Add(500 * time.Millisecond), 12*time.Hour - 500*time.Millisecond},
		{"the SIRO not told, one nanosecond before", opts(siroNotTold()), nil, nil, siroDue.Add(justBefore), time.Nanosecond},
		{"the SIRO told: the analysis deadline", nil, nil, nil, t0, 15 * statuskit.Day},
		{"the SIRO told, Medium: the analysis deadline", opts(severity(v1alpha1.SeverityMedium)), nil, nil, t0, 30 * statuskit.Day},
		{"the analysis's own deadline", nil, []v1alpha1.RootCauseAnalysis{analysis("rca", rcaDueDate(t0.Add(5*statuskit.Day)))}, nil, t0, 5 * statuskit.Day},
		{"an action due before the analysis", nil, draftRCA(), tasks(task("a", t0.Add(3*statuskit.Day))), t0, 3 * statuskit.Day},
		{"an action due before the SIRO deadline", opts(siroNotTold()), draftRCA(), tasks(task("a", t0.Add(6*time.Hour))), t0, 6 * time.Hour},
		{"signed off: the next unfinished action", nil, signedOffRCA(),
			tasks(task("done", t0.Add(16*statuskit.Day), fixtures.Done(t0)), task("cancelled", t0.Add(17*statuskit.Day), fixtures.Cancelled()), task("open", t0.Add(20*statuskit.Day))),
			t0.Add(15 * statuskit.Day), 5 * statuskit.Day},
		{"the SIRO told and the analysis signed off, no actions", nil, signedOffRCA(), nil, t0, 0},
		{"everything finished", nil, signedOffRCA(), tasks(task("a", t0.Add(20*statuskit.Day), fixtures.Done(t0))), t0, 0},
		{"every deadline passed", opts(siroNotTold()), draftRCA(), tasks(task("a", t0.Add(statuskit.Day))), t0.Add(40 * statuskit.Day), 0},
		{"one deadline left among passed ones", opts(siroNotTold()), nil, tasks(task("a", t0.Add(statuskit.Day)), task("b", t0.Add(60*statuskit.Day))), t0.Add(40 * statuskit.Day), 20 * statuskit.Day},
	} {
		t.Run(c.name, func(t *testing.T) {
			res := computeIncident(t, review.DefaultPolicy(), incident(c.incOpts...), c.rcas, c.actions, c.now)
			if res.RequeueAfter != c.want {
				t.Errorf("requeue after %s, want %s", res.RequeueAfter, c.want)
			}
		})
	}
}

func TestIncidentReadyAndGeneration(t *testing.T) {
	inc := incident(generation[v1alpha1.Incident](5))
	st := computeIncident(t, review.DefaultPolicy(), inc, nil, nil, t0).Status
	if st.ObservedGeneration != 5 {
		t.Errorf("observedGeneration = %d, want 5", st.ObservedGeneration)
	}
	want := map[v1alpha1.ConditionType]string{
		v1alpha1.ConditionReady:        is(true, v1alpha1.ReasonReconciled),
		v1alpha1.ConditionSIRONotified: is(true, v1alpha1.ReasonNotified),
		v1alpha1.ConditionOverdue:      is(false, v1alpha1.ReasonOnTrack),
		v1alpha1.ConditionComplete:     is(false, v1alpha1.ReasonNotSignedOff),
		// Shown on every incident, as SIRONotified is, so that `kubectl
		// describe` says that none is required rather than nothing.
		v1alpha1.ConditionExternallyReported: is(true, v1alpha1.ReasonNotRequired),
		v1alpha1.ConditionFactsConsistent:    is(true, v1alpha1.ReasonFactsAgree),
	}
	if got := condMap(st.Conditions); !equality.Semantic.DeepEqual(got, want) {
		t.Errorf("conditions = %v, want %v", got, want)
	}
	for _, c := range st.Conditions {
		if c.ObservedGeneration != 5 {
			t.Errorf("%s observedGeneration = %d, want 5", c.Type, c.ObservedGeneration)
		}
		if !c.LastTransitionTime.Time.Equal(t0) {
			t.Errorf("%s lastTransitionTime = %s, want the first visit", c.Type, c.LastTransitionTime)
		}
	}
}

func TestIncidentConditionsKeepTheirTransitionTime(t *testing.T) {
	p := review.DefaultPolicy()
	inc := incident(siroNotTold())
	visit := func(now time.Time) {
		t.Helper()
		inc.Status = stored(t, review.ComputeIncident(p, inc, nil, nil, now).Status)
	}
	since := func(ct v1alpha1.ConditionType) time.Time {
		return meta.FindStatusCondition(inc.Status.Conditions, string(ct)).LastTransitionTime.Time
	}
	visit(t0)
	visit(t0.Add(time.Hour))
	visit(siroDue.Add(100 * time.Millisecond))
	if !since(v1alpha1.ConditionReady).Equal(t0) {
		t.Errorf("Ready moved to %s", since(v1alpha1.ConditionReady))
	}
	// NotYetDue → DeadlineMissed keeps the status False: the time stays.
	if !since(v1alpha1.ConditionSIRONotified).Equal(t0) {
		t.Errorf("SIRONotified moved to %s while it stayed False", since(v1alpha1.ConditionSIRONotified))
	}
	if !since(v1alpha1.ConditionOverdue).Equal(siroDue) {
		t.Errorf("Overdue turned True at %s, want %s", since(v1alpha1.ConditionOverdue), siroDue)
	}
	told := siroDue.Add(2 * time.Hour)
	siroNotifiedAt(told)(inc)
	visit(told)
	if got := cond(inc.Status.Conditions, v1alpha1.ConditionSIRONotified); got != is(true, v1alpha1.ReasonNotifiedLate) {
		t.Errorf("SIRONotified = %s", got)
	}
	if !since(v1alpha1.ConditionSIRONotified).Equal(told) || !since(v1alpha1.ConditionOverdue).Equal(told) {
		t.Errorf("SIRONotified since %s, Overdue since %s, want both %s", since(v1alpha1.ConditionSIRONotified), since(v1alpha1.ConditionOverdue), told)
	}
}

// TestIncidentLifecycle follows an incident from detection to closure the
// way the controller sees it, storing each status.
func TestIncidentLifecycle(t *testing.T) {
	p := review.DefaultPolicy()
	inc := incident(siroNotTold())
	var rcas []v1alpha1.RootCauseAnalysis
	var actions []v1alpha1.ImprovementAction
	steps := []struct {
		at     time.Time
		change func()
		phase  v1alpha1.IncidentPhase
		want   []v1alpha1.EventReason
	}{
		{t0, func() {}, v1alpha1.IncidentOpen, nil},
		{siroDue, func() {}, v1alpha1.IncidentOpen, []v1alpha1.EventReason{v1alpha1.EventSIRONotificationOverdue}},
		{siroDue.Add(time.Hour), func() {}, v1alpha1.IncidentOpen, nil},
		{siroDue.Add(2 * time.Hour), func() { siroNotifiedAt(siroDue.Add(2 * time.Hour))(inc) }, v1alpha1.IncidentOpen, nil},
		{t0.Add(2 * statuskit.Day), func() { rcas = draftRCA() }, v1alpha1.IncidentInvestigating, nil},
		{t0.Add(3 * statuskit.Day), func() { fixtures.Submitted()(&rcas[0]) }, v1alpha1.IncidentAwaitingSignOff, nil},
		{t0.Add(4 * statuskit.Day), func() {
			fixtures.SignedOff(v1alpha1.SignOffApproved, t0.Add(4*statuskit.Day))(&rcas[0])
			actions = tasks(task("a", t0.Add(10*statuskit.Day)), task("b", t0.Add(20*statuskit.Day)))
		}, v1alpha1.IncidentRemediating, nil},
		{t0.Add(10 * statuskit.Day), func() {}, v1alpha1.IncidentRemediating, nil},
		{t0.Add(11 * statuskit.Day), func() { fixtures.Done(t0.Add(11 * statuskit.Day))(&actions[0]) }, v1alpha1.IncidentRemediating, nil},
		{t0.Add(12 * statuskit.Day), func() {
			fixtures.Cancelled()(&actions[1])
			fixtures.LearningShared(t0.Add(12 * statuskit.Day))(&rcas[0])
		}, v1alpha1.IncidentClosed, []v1alpha1.EventReason{v1alpha1.EventIncidentClosed}},
		{t0.Add(40 * statuskit.Day), func() {}, v1alpha1.IncidentClosed, nil},
	}
	for i, s := range steps {
		s.change()
		res := review.ComputeIncident(p, inc, review.Refs(rcas), review.Refs(actions), s.at)
		if res.Status.Phase != s.phase {
			t.Errorf("step %d: phase %s, want %s", i, res.Status.Phase, s.phase)
		}
		if !sameReasons(res.Announcements, s.want...) {
			t.Errorf("step %d: announced %v, want %v", i, reasons(res.Announcements), s.want)
		}
		inc.Status = stored(t, res.Status)
	}
	want := []string{"Open", "SIRONotificationOverdue", "Investigating", "AwaitingSignOff", "Remediating", "ActionOverdue", "ActionCompletedLate", "Closed"}
	if got := types(inc.Status.Timeline); !slices.Equal(got, want) {
		t.Errorf("timeline %v, want %v", got, want)
	}
	if got := inc.Status.Actions; got != (v1alpha1.ActionCounts{Total: 2, Done: 2, Progress: "2/2"}) {
		t.Errorf("actions %+v", got)
	}
	if !sameInstant(inc.Status.SIRONotificationDueAt, at(siroDue)) {
		t.Errorf("siroNotificationDueAt = %s", show(inc.Status.SIRONotificationDueAt))
	}
}

// A deadline missed stays missed: moving detectedAt later, or back-dating
// siroNotifiedAt, never turns a late notification into an on-time one.
func TestAMissedSIRONotificationStaysMissed(t *testing.T) {
	p := review.DefaultPolicy()
	siroDue := t0.Add(12 * time.Hour)
	inc := incident(siroNotTold())
	res := computeIncident(t, p, inc, signedOffRCA(), nil, siroDue.Add(6*time.Hour))
	if res.Status.SIRONotificationBreach == nil || !res.Status.SIRONotificationBreach.DueAt.Time.Equal(siroDue) {
		t.Fatalf("breach = %+v, want one due %s", res.Status.SIRONotificationBreach, siroDue)
	}
	inc.Status = res.Status
	// Detection "corrected" 18 hours later, and the SIRO's notification
	// written as if on time for it.
	inc.Spec.DetectedAt.Time = t0.Add(18 * time.Hour)
	inc.Spec.SIRONotifiedAt = at(siroDue.Add(7 * time.Hour))
	if review.SIRONotifiedOnTime(p, inc) {
		t.Error("the notification counts as on time once detectedAt moved")
	}
	if got := review.SIRONotificationDueAt(p, inc); !got.Equal(siroDue) {
		t.Errorf("the deadline in force moved to %s, want the one that was missed, %s", got, siroDue)
	}
	st := computeIncident(t, p, inc, signedOffRCA(), nil, siroDue.Add(8*time.Hour)).Status
	if got := cond(st.Conditions, v1alpha1.ConditionSIRONotified); got != is(true, v1alpha1.ReasonNotifiedLate) {
		t.Errorf("SIRONotified = %s, want NotifiedLate", got)
	}
	if b := st.SIRONotificationBreach; b == nil || !b.DueAt.Time.Equal(siroDue) || b.NotifiedAt == nil || !b.NotifiedAt.Time.Equal(siroDue.Add(7*time.Hour)) {
		t.Errorf("breach = %+v, want the deadline missed and when the SIRO was told", b)
	}
}
