package review

import (
	"fmt"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
)

// setRCAReady sets Ready: False while the incident does not exist, or while
// another analysis among rcas speaks for it.
func setRCAReady(conds *statuskit.Conditions, r *v1alpha1.RootCauseAnalysis, incident *v1alpha1.Incident, rcas []*v1alpha1.RootCauseAnalysis) {
	if incident == nil {
		conds.Ready(false, v1alpha1.ReasonIncidentNotFound,
			fmt.Sprintf("Incident %q does not exist in this namespace (yet); the analysis recovers when it appears", r.Spec.IncidentRef.Name))
		return
	}
	if speaker := speaksFor(r, incident, rcas); speaker != r.Name {
		conds.Ready(false, v1alpha1.ReasonDuplicateAnalysis, duplicateMessage(r, speaker))
		return
	}
	conds.Ready(true, "", "")
}

// speaksFor names the analysis that speaks for r's incident among rcas, r
// judged as given rather than as listed (a cache may hold an older copy).
// With no other analysis it is r.
func speaksFor(r *v1alpha1.RootCauseAnalysis, incident *v1alpha1.Incident, rcas []*v1alpha1.RootCauseAnalysis) string {
	family := make([]*v1alpha1.RootCauseAnalysis, 0, len(rcas)+1)
	family = append(family, r)
	for i := range rcas {
		if rcas[i].Name != r.Name {
			family = append(family, rcas[i])
		}
	}
	return ChooseRCA(family, incident).Name
}

// duplicateMessage tells the author of a second analysis which one speaks
// for the incident, and what to do.
func duplicateMessage(r *v1alpha1.RootCauseAnalysis, speaker string) string {
	return fmt.Sprintf("RootCauseAnalysis %q speaks for Incident %q (the most advanced analysis, then the oldest); "+
		"this one is a duplicate and is left out of the incident's review: merge what it adds into %q and delete it",
		speaker, r.Spec.IncidentRef.Name, speaker)
}
