package review

import (
	"fmt"
	"strings"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
)

// Learning is shared, or it is not learned: the just-culture guide asks
// that staff hear what an investigation found and that whoever reported an
// incident hears what came of the report. Once an analysis of an Incident
// or a NearMiss is signed off, its learning is due to be shared with Staff
// or the Team and with the Reporter within the sharing window; an exercise
// owes no sharing. The rule is decided here once: the analysis's
// LearningShared condition, the incident's OVERDUE, the metrics and the
// report's KPI all read Sharing.

// Sharing is where an analysis's duty to share its learning stands.
type Sharing struct {
	// Required tells whether sharing is owed: the analysis of an Incident
	// or NearMiss is signed off.
	Required bool
	// Due is the sign-off plus the sharing window; zero when not required.
	Due time.Time
	// Staff and Reporter are the first times the learning was shared with
	// Staff or the Team, and with the Reporter, among the entries whose
	// time has come; nil while not shared.
	Staff, Reporter *time.Time
	// Pending are the times of entries still to come: believed then.
	Pending []time.Time
}

// LearningSharing is where the analysis's sharing stands at now, its phase
// known; incident nil when it does not exist (then nothing is owed: its
// type is not known).
func LearningSharing(p Policy, r *v1alpha1.RootCauseAnalysis, incident *v1alpha1.Incident, phase v1alpha1.RCAPhase, now time.Time) Sharing {
	var s Sharing
	if r == nil || incident == nil || phase != v1alpha1.RCASignedOff || r.Spec.SignOff == nil || !sharingOwed(incident.Spec.Type) {
		return s
	}
	s.Required, s.Due = true, r.Spec.SignOff.At.Add(p.ShareWithin)
	for i := range r.Spec.SharedWith {
		e := &r.Spec.SharedWith[i]
		if e.At.After(now) {
			s.Pending = append(s.Pending, e.At.Time)
			continue
		}
		switch e.Audience {
		case v1alpha1.AudienceStaff, v1alpha1.AudienceTeam:
			s.Staff = earliest(s.Staff, e.At.Time)
		case v1alpha1.AudienceReporter:
			s.Reporter = earliest(s.Reporter, e.At.Time)
		}
	}
	return s
}

// sharingOwed tells whether the learning of an incident of this type must
// be shared: an exercise tests the plan and owes none.
func sharingOwed(t v1alpha1.IncidentType) bool {
	return t == v1alpha1.IncidentTypeIncident || t == v1alpha1.IncidentTypeNearMiss
}

func earliest(t *time.Time, u time.Time) *time.Time {
	if t == nil || u.Before(*t) {
		return &u
	}
	return t
}

// Met tells whether the learning was shared with both audiences owed.
func (s Sharing) Met() bool { return s.Staff != nil && s.Reporter != nil }

// SharedAt is when the duty was met: the later of the two sharings; zero
// while not met.
func (s Sharing) SharedAt() time.Time {
	if !s.Met() {
		return time.Time{}
	}
	if s.Staff.After(*s.Reporter) {
		return *s.Staff
	}
	return *s.Reporter
}

// OnTime tells whether the duty was met by its deadline.
func (s Sharing) OnTime() bool { return s.Met() && !s.SharedAt().After(s.Due) }

// Open tells whether the duty is still owed.
func (s Sharing) Open() bool { return s.Required && !s.Met() }

// Overdue tells whether the duty is still owed past its deadline.
func (s Sharing) Overdue(now time.Time) bool { return s.Open() && statuskit.Reached(now, s.Due) }

// Decided tells whether the duty counts in the on-time KPI at now: met, or
// owed past its deadline.
func (s Sharing) Decided(now time.Time) bool { return s.Required && (s.Met() || s.Overdue(now)) }

// Owed names, in words, who is still to hear the learning.
func (s Sharing) Owed() []string {
	var out []string
	if s.Staff == nil {
		out = append(out, "staff or the team")
	}
	if s.Reporter == nil {
		out = append(out, "the reporter")
	}
	return out
}

// sharingDeadlines are the times at which the sharing will stand otherwise:
// its deadline while owed, and entries still to come.
func (s Sharing) deadlines(d *statuskit.Deadlines) {
	if !s.Required {
		return
	}
	if !s.Met() {
		d.Add(s.Due)
	}
	for _, t := range s.Pending {
		d.Add(t)
	}
}

// setLearningShared sets the analysis's LearningShared condition, and
// announces, once, a deadline passed with the learning still to share.
func setLearningShared(conds *statuskit.Conditions, prev []metav1.Condition, r *v1alpha1.RootCauseAnalysis, s Sharing, now time.Time) []statuskit.Announcement {
	if !s.Required {
		conds.Remove(v1alpha1.ConditionLearningShared)
		return nil
	}
	due := statuskit.FormatTime(s.Due)
	switch {
	case s.Met() && s.OnTime():
		conds.Set(v1alpha1.ConditionLearningShared, true, v1alpha1.ReasonShared,
			fmt.Sprintf("shared with staff or the team and with the reporter by %s, within the deadline (%s)", statuskit.FormatTime(s.SharedAt()), due))
	case s.Met():
		conds.Set(v1alpha1.ConditionLearningShared, true, v1alpha1.ReasonShared,
			fmt.Sprintf("shared with staff or the team and with the reporter by %s, after the deadline (%s)", statuskit.FormatTime(s.SharedAt()), due))
	case s.Overdue(now):
		msg := fmt.Sprintf("the learning of the analysis led by %s was due to be shared by %s and is still to be shared with %s: record each sharing in spec.sharedWith",
			r.Spec.Lead, due, strings.Join(s.Owed(), " and "))
		entered := statuskit.Enter(prev, v1alpha1.ConditionLearningShared, false, v1alpha1.ReasonSharingOverdue)
		conds.Set(v1alpha1.ConditionLearningShared, false, v1alpha1.ReasonSharingOverdue, msg)
		if entered {
			return []statuskit.Announcement{{Reason: v1alpha1.EventLearningSharingOverdue, Message: msg, AlsoOnIncident: true}}
		}
	default:
		conds.Set(v1alpha1.ConditionLearningShared, false, v1alpha1.ReasonSharingDue,
			fmt.Sprintf("due by %s: share the learning with %s and record it in spec.sharedWith", due, strings.Join(s.Owed(), " and ")))
	}
	return nil
}
