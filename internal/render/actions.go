package render

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
)

// actionView is an improvement action in words, as both documents show
// it: the report's action register and the incident review.
type actionView struct {
	// Incident names the record that raised the action: its incident, or
	// review/<name> for a process review's.
	Name, Incident, Title, Description string
	Area, Priority, Owner              string
	State                              string // the owner's word
	Phase                              string // judged at the document's time
	PhaseClass                         string // overdue, open, done or cancelled, for colour
	// Original is the deadline first agreed (spec.dueDate); InForce the
	// last agreed extension's, else the original.
	Original, InForce deadline
	Extensions        []extensionView
	// Extended says how often the deadline was extended, "" when never.
	Extended string
	// Outcome says how the action stands against its deadlines: done on
	// time or late (against which), cancelled and why, or how overdue.
	Outcome  string
	Links    []v1alpha1.Link
	Evidence []v1alpha1.EvidenceItem

	finished          bool
	originalAt, dueAt time.Time
}

// deadline is a time written in full, for prose, and short, for tables.
type deadline struct {
	Full, Short string
}

func newDeadline(t time.Time) deadline {
	return deadline{Full: formatDateTime(t), Short: t.UTC().Format("2 Jan 2006 15:04")}
}

// extensionView is one agreed extension of an action's deadline.
type extensionView struct {
	DueDate, Reason, AgreedBy, At string
}

// newActionView reads an action at asAt. Deadlines come from the spec by
// the core's rules, so a status the operator has not updated yet cannot
// show a deadline no longer in force.
func newActionView(a *v1alpha1.ImprovementAction, asAt time.Time) actionView {
	phase := review.ActionPhase(a, asAt)
	v := actionView{
		Name: a.Name, Incident: raisedBy(a),
		Title: a.Spec.Title, Description: orNotRecorded(a.Spec.Description),
		Area: areaName(a.Spec.Area), Priority: string(a.Spec.Priority), Owner: string(a.Spec.Owner),
		State: stateName(string(review.ActionState(a))), Phase: stateName(string(phase)), PhaseClass: cmp.Or(phaseClasses[phase], "open"),
		Original: newDeadline(a.Spec.DueDate.Time), InForce: newDeadline(review.ActionDueAt(a)),
		Links: a.Spec.Links, Evidence: a.Spec.Evidence,
		finished: review.ActionFinished(a, asAt), originalAt: a.Spec.DueDate.Time, dueAt: review.ActionDueAt(a),
	}
	for _, e := range a.Spec.Extensions {
		v.Extensions = append(v.Extensions, extensionView{
			DueDate: formatDateTime(e.DueDate.Time), Reason: e.Reason,
			AgreedBy: string(e.AgreedBy), At: formatDateTime(e.At.Time),
		})
	}
	switch n := len(v.Extensions); n {
	case 0:
	case 1:
		v.Extended = "extended once"
	default:
		v.Extended = fmt.Sprintf("extended %d times", n)
	}
	v.Outcome = outcomeOf(a, phase, asAt)
	return v
}

// phaseClasses colour an action's phase in HTML; every other phase is open.
var phaseClasses = map[v1alpha1.ActionPhase]string{
	v1alpha1.ActionOverdue: "overdue", v1alpha1.ActionDone: "done", v1alpha1.ActionCancelled: "cancelled",
}

// outcomeOf says how an action stands against its deadlines at asAt.
// Against both deadlines when they differ: an auditor asks whether the
// first promise was kept, and whether the agreed one was.
func outcomeOf(a *v1alpha1.ImprovementAction, phase v1alpha1.ActionPhase, asAt time.Time) string {
	extended := len(a.Spec.Extensions) > 0
	switch phase {
	case v1alpha1.ActionCancelled:
		return "Cancelled: " + orNotRecorded(a.Spec.CancellationReason) + "."
	case v1alpha1.ActionOverdue:
		return "Overdue by " + statuskit.HumanDuration(asAt.Sub(review.ActionDueAt(a))) + "."
	case v1alpha1.ActionDone:
	default:
		return "Not completed yet."
	}
	if a.Spec.CompletedAt == nil {
		return "Done; when it was completed is " + notRecorded + "."
	}
	done := "Completed " + formatDateTime(a.Spec.CompletedAt.Time)
	switch {
	case review.CompletedLate(a) && extended:
		return done + ", after the original deadline and after the agreed deadline."
	case review.CompletedLate(a):
		return done + ", after the deadline."
	case review.CompletedAfterOriginalDueDate(a):
		return done + ", after the original deadline but by the agreed deadline."
	case extended:
		return done + ", by the original deadline."
	}
	return done + ", by the deadline."
}

// Register is what a report's action register is drawn from: the report's
// incidents with their actions, and its process reviews with theirs, read
// from the cluster at AsAt. The zero Register means they were not read,
// and the register says so.
type Register struct {
	Members []review.Case
	// ProcessReviews are the process reviews of the report's scope held in
	// its period, with the actions they raised.
	ProcessReviews []review.ReviewCase
	// ProcessReviewsUnread says the process reviews could not be read, so
	// the document says it lacks them.
	ProcessReviewsUnread bool
	AsAt                 time.Time
	// Namespace is the report's: an incident in another namespace is
	// shown with its namespace. "" shows none.
	Namespace string
	// Unread are the namespaces of an organisation-wide report whose
	// actions could not be read, so the register says it lacks them.
	Unread []string
}

// registerView is the action register: every action of the report's
// incidents and process reviews that is open (overdue ones included) or
// had its deadline extended, unfinished first, each group by the deadline
// in force.
type registerView struct {
	Read                    bool
	AsAt                    string
	Rows                    []actionView
	Open, Overdue, Extended int
	// Corrections are the facts of the incidents and actions corrected
	// since first recorded.
	Corrections []correctionView
}

func (reg Register) view() registerView {
	if reg.AsAt.IsZero() {
		return registerView{}
	}
	r := registerView{Read: true, AsAt: formatDateTime(reg.AsAt), Corrections: reg.corrections()}
	// What the register counts as open and overdue is what the actions
	// owe, by the one duty model the status command and the alerts read.
	type key struct{ namespace, name string }
	// A process review's actions owe as an incident's do, counted for no
	// incident.
	owed := map[key]review.Duty{}
	owe := func(duties []review.Duty) {
		for _, d := range duties {
			if d.Kind == review.DutyAction {
				owed[key{d.Namespace, d.Name}] = d
			}
		}
	}
	var listed []*v1alpha1.ImprovementAction
	for _, m := range reg.Members {
		owe(m.Duties(review.DefaultPolicy(), reg.AsAt))
		listed = append(listed, m.Actions...)
	}
	for _, rc := range reg.ProcessReviews {
		owe(review.Reviews{Actions: rc.Actions}.Duties(review.DefaultPolicy(), reg.AsAt))
		listed = append(listed, rc.Actions...)
	}
	for _, a := range listed {
		v := newActionView(a, reg.AsAt)
		v.Incident = reg.incidentOf(a.Namespace, v.Incident)
		duty, isOwed := owed[key{a.Namespace, a.Name}]
		if !isOwed && len(v.Extensions) == 0 {
			continue
		}
		if isOwed {
			r.Open++
		}
		if isOwed && duty.Overdue() {
			r.Overdue++
		}
		if len(v.Extensions) > 0 {
			r.Extended++
		}
		r.Rows = append(r.Rows, v)
	}
	slices.SortFunc(r.Rows, func(a, b actionView) int {
		if a.finished != b.finished {
			if a.finished {
				return 1
			}
			return -1
		}
		return cmp.Or(a.dueAt.Compare(b.dueAt), cmp.Compare(a.Incident, b.Incident), cmp.Compare(a.Name, b.Name))
	})
	return r
}
