package render

import (
	"strings"

	"k8s.io/apimachinery/pkg/api/meta"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
)

// shareView is one record of sharing the learning, in words.
type shareView struct {
	Audience, At, By, How string
	Links                 []v1alpha1.Link
}

// sharingView is the analysis's record of sharing: each entry of
// spec.sharedWith, oldest first, and where the duty to share stands as the
// operator last found it (its LearningShared condition), "" when no
// sharing is due or the operator has not judged it.
type sharingView struct {
	Records  []shareView
	Standing string
}

func newSharingView(r *v1alpha1.RootCauseAnalysis) sharingView {
	var v sharingView
	for _, s := range r.Spec.SharedWith {
		v.Records = append(v.Records, shareView{Audience: audienceName(s.Audience), At: formatDateTime(s.At.Time),
			By: string(s.By), How: orNotRecorded(s.How), Links: s.Links})
	}
	if c := meta.FindStatusCondition(r.Status.Conditions, string(v1alpha1.ConditionLearningShared)); c != nil && c.ObservedGeneration == r.Generation {
		v.Standing = c.Message
		if v.Standing != "" {
			v.Standing = strings.ToUpper(v.Standing[:1]) + v.Standing[1:] + "."
		}
	}
	return v
}

// audienceName says who an audience is, in words.
func audienceName(a v1alpha1.Audience) string {
	switch a {
	case v1alpha1.AudienceTeam:
		return "The team"
	case v1alpha1.AudienceStaff:
		return "Staff"
	case v1alpha1.AudienceReporter:
		return "The reporter"
	case v1alpha1.AudienceBoard:
		return "The board"
	case v1alpha1.AudienceICB:
		return "The integrated care board (ICB)"
	case v1alpha1.AudienceCSOC:
		return "The NHS England Cyber Security Operations Centre (CSOC)"
	case v1alpha1.AudienceWARP:
		return "A warning, advice and reporting point (WARP)"
	case v1alpha1.AudienceRegulator:
		return "A regulator"
	case v1alpha1.AudienceOtherOrganisation:
		return "Another organisation"
	}
	return string(a)
}
