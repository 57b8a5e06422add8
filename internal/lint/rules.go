package lint

import (
	"fmt"
	"slices"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
)

// The kinds the cross-object rules are about.
const (
	kindIncident = "Incident"
	kindRCA      = "RootCauseAnalysis"
	kindAction   = "ImprovementAction"
	kindReview   = "ProcessReview"
)

// crossCheck applies the rules that need the whole folder, namespace by
// namespace (objects without one share the namespace they will be applied
// to): references resolve, every incident has an analysis, one analysis per
// incident, actions have an owner and a deadline, no object twice.
func (l *linter) crossCheck() {
	type key struct{ kind, namespace, name string }
	defined := map[key]*checkedObject{}
	incidents := map[key]*checkedObject{}
	reviews := map[key]*checkedObject{}
	rcasOf := map[key][]*checkedObject{}
	actionsOf := map[key][]*checkedObject{}
	for _, o := range l.objects {
		k := key{o.kind, o.namespace, o.name}
		if k.name == "" {
			continue // the schema check reported it
		}
		if first, ok := defined[k]; ok {
			l.errorAt(o.origin, o.nameLine, "defined twice: also at %s:%d", first.file, first.nameLine)
			continue
		}
		defined[k] = o
		if o.kind == kindIncident {
			incidents[k] = o
		}
		if o.kind == kindReview {
			reviews[k] = o
		}
	}
	// where says which objects a dangling name was looked for among.
	where := func(o *checkedObject) string {
		if ns := o.namespace; ns != "" {
			return fmt.Sprintf("in namespace %q in the folder", ns)
		}
		return "in the folder"
	}

	for _, o := range l.objects {
		if o.kind != kindRCA && o.kind != kindAction {
			continue
		}
		if o.kind == kindAction {
			l.checkActionBasics(o)
			l.checkCompletion(o)
			// An action raised by a process review names no incident.
			if r := o.processReviewRef; r != "" {
				if _, ok := reviews[key{kindReview, o.namespace, r}]; !ok {
					l.errorAt(o.origin, o.processReviewRefLine, "dangling processReviewRef: no ProcessReview %q %s", r, where(o))
				}
			}
		}
		ref := o.incidentRef
		if ref == "" {
			continue // the schema check reported it, or a process review raised the action
		}
		inc := key{kindIncident, o.namespace, ref}
		if _, ok := incidents[inc]; !ok {
			l.errorAt(o.origin, o.incidentRefLine, "dangling incidentRef: no Incident %q %s", ref, where(o))
			continue
		}
		if o.kind == kindRCA && defined[key{o.kind, o.namespace, o.name}] == o {
			rcasOf[inc] = append(rcasOf[inc], o)
		}
		if o.kind == kindAction {
			l.checkTimescale(o, incidents[inc])
			actionsOf[inc] = append(actionsOf[inc], o)
		}
	}

	for _, o := range l.objects {
		k := key{o.kind, o.namespace, o.name}
		if o.kind != kindReview || reviews[k] != o {
			continue
		}
		l.checkUserRepresentation(o)
		for _, n := range o.incidentsReviewed {
			if _, ok := incidents[key{kindIncident, o.namespace, n.name}]; !ok {
				l.warnAt(o.origin, n.line, "spec.incidentsReviewed names no Incident %q %s: the review cannot be traced to it; add the incident or correct the name", n.name, where(o))
			}
		}
	}

	for _, o := range l.objects {
		k := key{o.kind, o.namespace, o.name}
		if o.kind != kindIncident || incidents[k] != o {
			continue
		}
		l.checkRelated(o)
		l.checkFacts(o, rcasOf[k], actionsOf[k])
		rcas := rcasOf[k]
		if len(rcas) == 0 {
			l.warnAt(o.origin, o.nameLine, "no root cause analysis yet (DSPT D2.a asks for one after every incident and near miss)")
			continue
		}
		for _, extra := range rcas[1:] {
			l.warnAt(extra.origin, extra.incidentRefLine, "incident %q has more than one root cause analysis: also %s at %s:%d (the operator follows the most advanced one)", k.name, rcas[0].label, rcas[0].file, rcas[0].nameLine)
		}
	}
}

// checkRelated warns of an incident that names itself among its related
// incidents. A related incident missing from the folder is no mistake: it
// is often an earlier one, kept elsewhere, and the operator only lists
// the names.
func (l *linter) checkRelated(o *checkedObject) {
	for _, r := range o.related {
		if r.name == o.name {
			l.warnAt(o.origin, r.line, "spec.relatedIncidents names the incident itself: list other incidents that share a cause or a theme with it")
		}
	}
}

// checkUserRepresentation warns, as the operator's UserRepresentation
// condition does, of a process review in which no user representative
// took part: Data Security Standard 5 asks for user representation in
// the reviews of processes.
func (l *linter) checkUserRepresentation(o *checkedObject) {
	if len(o.groups) == 0 || slices.Contains(o.groups, string(v1alpha1.GroupUserRepresentative)) {
		return // no participants the schema check reported
	}
	l.warnAt(o.origin, o.nameLine, "no %s among the participants: Data Security Standard 5 asks that users of the processes take part in their review", v1alpha1.GroupUserRepresentative)
}

// checkActionBasics says plainly what DSPT D2.b asks of every improvement
// action: a responsible owner and a deadline. (The schema refuses both
// omissions too, in its own words.)
func (l *linter) checkActionBasics(o *checkedObject) {
	if o.owner == "" {
		l.errorAt(o.origin, o.ownerLine, "no owner: DSPT D2.b asks for a responsible owner for every improvement action")
	}
	if o.dueDate == "" {
		l.errorAt(o.origin, o.dueDateLine, "no due date: DSPT D2.b asks for a deadline for every improvement action")
	}
}

// checkTimescale warns, as the operator's WithinTimescale condition does
// with its default --action-timescale, of an action due later after its
// incident's detection than its priority allows.
func (l *linter) checkTimescale(action, incident *checkedObject) {
	if action.dueAt.IsZero() || incident.detectedAt.IsZero() || action.priority == "" {
		return
	}
	p := review.DefaultPolicy()
	a := &v1alpha1.ImprovementAction{Spec: v1alpha1.ImprovementActionSpec{Priority: v1alpha1.Priority(action.priority), DueDate: metav1.NewTime(action.dueAt)}}
	inc := &v1alpha1.Incident{Spec: v1alpha1.IncidentSpec{DetectedAt: metav1.NewTime(incident.detectedAt)}}
	if _, known := p.ActionTimescale[a.Spec.Priority]; !known || !review.BeyondTimescale(p, a, inc.Spec.DetectedAt.Time) {
		return
	}
	l.warnAt(action.origin, action.dueAtLine, "due %s, later than a %s priority allows: %s after the incident's detection, by %s (the operator's default timescale); bring the deadline forward or agree the priority",
		statuskit.FormatTime(action.dueAt), action.priority, statuskit.HumanDuration(p.ActionTimescale[a.Spec.Priority]), statuskit.FormatTime(review.TimescaleLimit(p, a, inc.Spec.DetectedAt.Time)))
}

// checkCompletion warns, as the operator's CompletedAtInFuture event does,
// of a completedAt still to come: the operator does not believe it until
// that time, so the action stays open with its deadlines.
func (l *linter) checkCompletion(action *checkedObject) {
	if action.completedAt.After(l.now) {
		l.warnAt(action.origin, action.completedAtLine, "completed %s, which has not come yet: the operator counts the action as open until then; write the time the work was done",
			statuskit.FormatTime(action.completedAt))
	}
}

// checkFacts warns, as the operator's FactsConsistent condition does, of
// recorded facts that contradict each other in an incident's review (the
// analysis that speaks for it counted).
func (l *linter) checkFacts(incident *checkedObject, rcas, actions []*checkedObject) {
	inc, ok := typed[v1alpha1.Incident](incident)
	if !ok {
		return
	}
	var analyses []*v1alpha1.RootCauseAnalysis
	for _, o := range rcas {
		if r, ok := typed[v1alpha1.RootCauseAnalysis](o); ok {
			analyses = append(analyses, r)
		}
	}
	// The analysis that speaks for the incident, as the operator chooses it.
	rca := review.ChooseRCA(analyses, inc)
	var as []*v1alpha1.ImprovementAction
	for _, o := range actions {
		if a, ok := typed[v1alpha1.ImprovementAction](o); ok {
			as = append(as, a)
		}
	}
	for _, d := range review.IncidentDisagreements(inc, rca, as) {
		l.warnAt(incident.origin, incident.nameLine, "recorded facts disagree: %s; correct the fact that is wrong", d)
	}
}

// typed decodes the object into its API type; false when it cannot be
// read so (the schema check reports why).
func typed[T any](o *checkedObject) (*T, bool) {
	out := new(T)
	if err := runtime.DefaultUnstructuredConverter.FromUnstructured(o.raw, out); err != nil {
		return nil, false
	}
	return out, true
}
