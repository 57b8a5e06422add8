package report

import (
	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
)

// Members pairs each incident with the RCA that speaks for it and its
// actions, found among rcas and actions by their spec.incidentRef. The
// members point into the slices given; nothing is copied.
func Members(incidents []v1alpha1.Incident, rcas []v1alpha1.RootCauseAnalysis, actions []v1alpha1.ImprovementAction) []Member {
	families := review.Families(rcas, actions)
	members := make([]Member, 0, len(incidents))
	for i := range incidents {
		inc := &incidents[i]
		f := families[review.IncidentKey(inc)]
		members = append(members, Member{Incident: inc, RCA: review.ChooseRCA(f.RCAs, inc), Actions: f.Actions})
	}
	return members
}
