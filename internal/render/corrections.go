package render

import (
	"cmp"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
)

// correctionView is one correction on record, as the evidence document
// shows it beside the facts and any deadline missed: what changed, from
// what, to what, why, who agreed and when.
type correctionView struct {
	Record, Fact, From, To, Reason, AgreedBy, At string
}

// correctionViews lists the corrections of the incident, then of its
// actions, each in the order they were recorded; incident names the
// incident as the document names it ("" for the document's own).
func correctionViews(c review.Case, incident string) []correctionView {
	var out []correctionView
	add := func(record, fact string, r v1alpha1.CorrectionRecord) {
		out = append(out, correctionOf(record, fact, r))
	}
	of := func(what string) string {
		if incident == "" {
			return what
		}
		return what + " of " + incident
	}
	for _, k := range c.Incident.Spec.Corrections {
		add(cmp.Or(incident, "incident"), string(k.Field), k.CorrectionRecord)
	}
	for _, a := range c.Actions {
		for _, k := range a.Spec.Corrections {
			add(of("action "+a.Name), string(k.Field), k.CorrectionRecord)
		}
	}
	return out
}

// corrections lists the corrections of every incident of the register and
// of their actions, by incident as the register names them, then those of
// the process reviews' actions, by review.
func (reg Register) corrections() []correctionView {
	var out []correctionView
	for _, m := range reg.Members {
		if m.Incident != nil {
			out = append(out, correctionViews(m, reg.incidentOf(m.Incident.Namespace, m.Incident.Name))...)
		}
	}
	for _, rc := range reg.ProcessReviews {
		for _, a := range rc.Actions {
			of := reg.incidentOf(a.Namespace, raisedBy(a))
			for _, k := range a.Spec.Corrections {
				out = append(out, correctionOf("action "+a.Name+" of "+of, string(k.Field), k.CorrectionRecord))
			}
		}
	}
	return out
}

// correctionOf is one correction of a record's fact.
func correctionOf(record, fact string, r v1alpha1.CorrectionRecord) correctionView {
	to := r.To
	if to == "" {
		to = "removed"
	}
	return correctionView{Record: record, Fact: fact, From: r.From, To: to, Reason: r.Reason, AgreedBy: string(r.By), At: formatDateTime(r.At.Time)}
}
