package render

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/report"
	"github.com/dspt-lessons/lessons-operator/internal/review"
)

// The governance cycle of a report: the yearly duties the Data Security
// Standards ask of the organisation besides learning from incidents, as
// the report's status judges them, and the process reviews and exercises
// of its period as the register read them.

// governanceView is the report's governance cycle in words.
type governanceView struct {
	// Computed says the operator judged the cycle (status.governance).
	Computed bool
	Standing []cycleView
	// The period's tallies, from status.governance: confidential
	// namespaces included.
	ProcessReviews, UserRepresented, Workarounds int32
	// Unnamed says that confidential namespaces are counted in the
	// tallies but their reviews and exercises are not named.
	Unnamed bool
	Reviews processReviewsView
}

// cycleView is one yearly duty's standing.
type cycleView struct {
	Duty     string
	Standing string
	// Class is held, due or unknown, for colour.
	Class         string
	Last, NextDue string
}

// processReviewsView lists the period's process reviews, read with the
// register.
type processReviewsView struct {
	Read bool
	// Count is the operator's tally of them.
	Count int32
	Rows  []processReviewView
}

// processReviewView is one process review of the period, with what it
// found and the actions it raised.
type processReviewView struct {
	Name, Title, Held, Phase string
	// Progress says how many of its actions are finished.
	Progress     string
	Processes    string
	Participants []participantView
	Total        int32
	// UserRepresentation answers whether user representatives took part,
	// with how many.
	UserRepresentation string
	UserRepresented    bool
	Workarounds        []string
	Actions            []actionView

	heldAt time.Time
}

// participantView is who took part from one group: how many, and the
// roles written for them.
type participantView struct {
	Group string
	Roles []string
	Count int32
}

// participantGroupNames name the groups for people.
var participantGroupNames = map[v1alpha1.ParticipantGroup]string{
	v1alpha1.GroupStaff:                 "Staff",
	v1alpha1.GroupUserRepresentative:    "User representatives",
	v1alpha1.GroupInformationGovernance: "Information governance",
	v1alpha1.GroupCyberSecurity:         "Cyber security",
	v1alpha1.GroupClinical:              "Clinical",
	v1alpha1.GroupManagement:            "Management",
	v1alpha1.GroupBoard:                 "Board",
	v1alpha1.GroupSupplier:              "Suppliers",
}

// governanceOf reads the report's governance cycle: its standing from the
// status, its process reviews from the register.
func governanceOf(r *v1alpha1.LessonsReport, reg Register) governanceView {
	st := &r.Status
	v := governanceView{Unnamed: st.ConfidentialNamespaces > 0}
	g := st.Governance
	if g != nil {
		v.Computed = true
		v.ProcessReviews, v.UserRepresented, v.Workarounds = g.ProcessReviews, g.UserRepresentedReviews, g.Workarounds
		v.Standing = []cycleView{
			cycleOf(st.Conditions, v1alpha1.ConditionProcessReviewHeld, "Process review (Data Security Standard 5)", g.LastProcessReviewAt, g.ProcessReviewDueAt),
			cycleOf(st.Conditions, v1alpha1.ConditionExerciseHeld, "Exercise of the response plan (Data Security Standard 7)", g.LastExerciseAt, g.ExerciseDueAt),
		}
	}
	v.Reviews = processReviewsOf(reg, v.ProcessReviews)
	return v
}

// cycleOf words a yearly duty's condition: held within its interval, due
// since when, or not judged yet.
func cycleOf(conds []metav1.Condition, t v1alpha1.ConditionType, duty string, last, due *metav1.Time) cycleView {
	c := cycleView{Duty: duty, Last: "none recorded", NextDue: notRecorded, Class: "unknown", Standing: "Not judged yet"}
	if last != nil {
		c.Last = formatDate(last.Time)
	}
	if due != nil {
		c.NextDue = formatDate(due.Time)
	}
	switch cond := meta.FindStatusCondition(conds, string(t)); {
	case cond == nil:
	case cond.Status == metav1.ConditionTrue:
		c.Standing, c.Class = "Held within the interval", "held"
	case cond.Status == metav1.ConditionFalse && due != nil:
		c.Standing, c.Class = "Due since "+formatDate(due.Time), "due"
	case cond.Status == metav1.ConditionFalse:
		c.Standing, c.Class = "Due", "due"
	}
	return c
}

// processReviewsOf lists the register's process reviews, oldest first,
// with their actions; count is the operator's tally of them.
func processReviewsOf(reg Register, count int32) processReviewsView {
	v := processReviewsView{Read: !reg.AsAt.IsZero() && !reg.ProcessReviewsUnread, Count: count}
	for _, rc := range reg.ProcessReviews {
		v.Rows = append(v.Rows, processReviewOf(reg, rc))
	}
	slices.SortFunc(v.Rows, func(a, b processReviewView) int {
		return cmp.Or(a.heldAt.Compare(b.heldAt), cmp.Compare(a.Name, b.Name))
	})
	return v
}

// processReviewOf shows one review at the register's time. Its phase is
// judged then by the operator's rule, as an action's is.
func processReviewOf(reg Register, rc review.ReviewCase) processReviewView {
	pr := rc.Review
	all, reps := review.Participation(pr)
	res := review.ComputeProcessReview(pr, rc.Actions, reg.AsAt)
	phase := res.Status.Phase
	v := processReviewView{
		Name: reg.incidentOf(pr.Namespace, pr.Name), Title: string(pr.Spec.Title),
		Held: formatDate(pr.Spec.HeldAt.Time), Phase: stateName(string(phase)),
		Processes: report.Quote(string(pr.Spec.Processes)),
		Total:     all, UserRepresented: reps > 0,
		UserRepresentation: "No: no user representative took part",
		heldAt:             pr.Spec.HeldAt.Time,
	}
	if reps > 0 {
		v.UserRepresentation = fmt.Sprintf("Yes: %d of the %d participants", reps, all)
	}
	v.Participants = participantsByGroup(pr.Spec.Participants)
	v.Progress = reviewProgress(res.Status.Actions)
	for _, w := range pr.Spec.Workarounds {
		v.Workarounds = append(v.Workarounds, report.Quote(string(w)))
	}
	for _, a := range rc.Actions {
		v.Actions = append(v.Actions, newActionView(a, reg.AsAt))
	}
	return v
}

// participantsByGroup counts the participants of each group, the groups
// in the order v1alpha1.ParticipantGroups lists them, each with the roles
// written for it in the order written.
func participantsByGroup(in []v1alpha1.Participants) []participantView {
	parts := slices.Clone(in)
	slices.SortStableFunc(parts, func(a, b v1alpha1.Participants) int {
		return cmp.Compare(groupRank(a.Group), groupRank(b.Group))
	})
	var out []participantView
	for i, p := range parts {
		if i == 0 || parts[i-1].Group != p.Group {
			out = append(out, participantView{Group: nameIn(participantGroupNames, p.Group)})
		}
		g := &out[len(out)-1]
		g.Count += p.Count
		if p.Role != "" {
			g.Roles = append(g.Roles, string(p.Role))
		}
	}
	return out
}

// reviewProgress says how a review's actions stand; "" when it raised
// none, which the document says beside them.
func reviewProgress(c v1alpha1.ActionCounts) string {
	if c.Total == 0 {
		return ""
	}
	s := fmt.Sprintf("%d of the %s it raised finished", c.Done, plural(c.Total, "action", "actions"))
	if c.Overdue > 0 {
		s += fmt.Sprintf(", %d overdue", c.Overdue)
	}
	return s
}

// groupRank orders the groups as v1alpha1.ParticipantGroups lists them; a
// group it does not know comes last.
func groupRank(g v1alpha1.ParticipantGroup) int {
	if i := slices.Index(v1alpha1.ParticipantGroups, g); i >= 0 {
		return i
	}
	return len(v1alpha1.ParticipantGroups)
}

// reviewName names a process review where an incident would be named:
// review/<name>.
func reviewName(name string) string { return "review/" + name }

// raisedBy names the record that raised an action, as the register and
// the on-call view show it: its incident, or review/<name> for an action
// a process review raised.
func raisedBy(a *v1alpha1.ImprovementAction) string {
	if kind, name := review.OriginOf(a); kind == review.OriginProcessReview {
		return reviewName(name)
	}
	return a.Spec.IncidentRef.Name
}
