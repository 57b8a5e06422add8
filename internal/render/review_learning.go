package render

import (
	"fmt"

	"k8s.io/apimachinery/pkg/api/meta"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
)

// What one incident's document shows of learning across incidents: when
// it began, whether it was reported outside the organisation in time, and
// the incidents related to it.

// externalReportView is one report made outside the organisation.
type externalReportView struct {
	Authority, Reference, ReportedAt, Timeliness string
}

// relatedView is a related incident: its name, and its title and phase
// when it could be read.
type relatedView struct {
	Name, Title, Phase string
	Found              bool
}

// authorityNames name the authorities for people.
var authorityNames = map[v1alpha1.ReportingAuthority]string{
	v1alpha1.AuthorityICO:        "Information Commissioner's Office (ICO)",
	v1alpha1.AuthorityNHSEngland: "NHS England",
	v1alpha1.AuthorityDHSC:       "Department of Health and Social Care (DHSC)",
	v1alpha1.AuthorityNCSC:       "National Cyber Security Centre (NCSC)",
	v1alpha1.AuthorityOther:      "Another authority",
}

// occurrenceFacts are when the incident began and how long it went
// undetected; only the first while the records do not say when it began.
func occurrenceFacts(s v1alpha1.IncidentSpec) []fact {
	if s.OccurredAt == nil {
		return []fact{{"Occurred", notRecorded}}
	}
	return []fact{
		{"Occurred", formatDateTime(s.OccurredAt.Time)},
		{"Time to detect", statuskit.HumanDuration(s.DetectedAt.Sub(s.OccurredAt.Time))},
	}
}

// externalReportText says whether the incident was reported outside the
// organisation on time, as the operator judged it (its ExternallyReported
// condition) with the organisation's deadline; before the operator has
// judged a required report, that is not recorded rather than guessed.
func externalReportText(inc *v1alpha1.Incident) string {
	due := "the deadline"
	if d := inc.Status.ExternalReportDueAt; d != nil {
		due += " of " + formatDateTime(d.Time)
	}
	c := meta.FindStatusCondition(inc.Status.Conditions, string(v1alpha1.ConditionExternallyReported))
	if c == nil {
		if !inc.Spec.ExternalReportRequired {
			return "Not required."
		}
		return notRecorded + " (the operator has not assessed it yet)"
	}
	switch v1alpha1.ConditionReason(c.Reason) {
	case v1alpha1.ReasonReported:
		return "Yes: reported within " + due + "."
	case v1alpha1.ReasonReportedLate:
		return "No: reported after " + due + "."
	case v1alpha1.ReasonDeadlineMissed:
		return "No: not reported, and " + due + " has passed. Report it through the DSPT incident reporting tool and record it."
	case v1alpha1.ReasonNotYetDue:
		return "Not reported yet, within " + due + "."
	}
	if b := inc.Status.ExternalReportBreach; b != nil {
		return "No: not required now, but the deadline of " + formatDateTime(b.DueAt.Time) +
			" was missed while a report was required" + givenAfter(", reported ", b.ReportedAt) + "; the breach stays on record."
	}
	if inc.Spec.Type == v1alpha1.IncidentTypeExercise {
		return "Not required: an exercise is never reported outside the organisation."
	}
	return "Not required."
}

// externalReportViews lists the reports made. The first meets the duty, and
// is judged against the deadline the operator recorded (without one, its
// timeliness is not recorded); the others are further reports.
func externalReportViews(inc *v1alpha1.Incident) []externalReportView {
	var out []externalReportView
	due := inc.Status.ExternalReportDueAt
	first := review.FirstExternalReport(inc)
	for _, r := range inc.Spec.ExternalReports {
		v := externalReportView{
			Authority: nameIn(authorityNames, r.Authority), Reference: orNotRecorded(r.Reference),
			ReportedAt: formatDateTime(r.ReportedAt.Time), Timeliness: notRecorded,
		}
		switch {
		case !r.ReportedAt.Time.Equal(*first):
			v.Timeliness = "a further report, after the first"
		case due == nil && !inc.Spec.ExternalReportRequired:
			v.Timeliness = "no deadline: not required"
		case due == nil:
		case r.ReportedAt.After(due.Time):
			v.Timeliness = fmt.Sprintf("late: %s after the deadline", statuskit.HumanDuration(r.ReportedAt.Sub(due.Time)))
		default:
			v.Timeliness = "on time"
		}
		out = append(out, v)
	}
	return out
}

// relatedViews lists the related incidents by name, with the title and
// phase of those in found (the ones that could be read).
func relatedViews(names []string, found []v1alpha1.Incident) []relatedView {
	byName := map[string]*v1alpha1.Incident{}
	for i := range found {
		byName[found[i].Name] = &found[i]
	}
	var out []relatedView
	for _, n := range names {
		v := relatedView{Name: n}
		if inc := byName[n]; inc != nil {
			v.Found, v.Title = true, inc.Spec.Title
			v.Phase = notRecorded
			if p := inc.Status.Phase; p != "" {
				v.Phase = stateName(string(p))
			}
		}
		out = append(out, v)
	}
	return out
}

// decisionText says what was decided, by whom and when, about reporting the
// incident outside the organisation, and why when it is not reported.
func decisionText(inc *v1alpha1.Incident) string {
	text := decisionMade(inc)
	if b := inc.Status.ExternalReportDecisionBreach; b != nil {
		text += " The deadline to decide, " + formatDateTime(b.DueAt.Time) + ", was missed"
		if b.DecidedAt != nil {
			text += " (decided " + formatDateTime(b.DecidedAt.Time) + ")"
		}
		text += "; the breach stays on record."
	}
	return text
}

// decisionMade says what the records hold of the decision itself.
func decisionMade(inc *v1alpha1.Incident) string {
	d := inc.Spec.ExternalReportDecision
	switch {
	case d != nil && d.Reportable:
		return fmt.Sprintf("Reportable: decided by %s on %s.", d.DecidedBy, formatDateTime(d.At.Time))
	case d != nil:
		return fmt.Sprintf("Not reportable: decided by %s on %s, because %s", d.DecidedBy, formatDateTime(d.At.Time), d.Reason)
	case inc.Spec.ExternalReportRequired:
		return "Reportable (spec.externalReportRequired)."
	case inc.Spec.Type != v1alpha1.IncidentTypeIncident:
		return "Not required: only an incident, not a near miss or an exercise, is decided on."
	}
	return notRecorded
}
