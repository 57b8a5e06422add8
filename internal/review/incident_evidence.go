package review

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"k8s.io/apimachinery/pkg/types"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
)

// incidentEvidence is what the incident keeps as evidence with st, its
// new status: what prev kept, and each fact that holds now. An older
// status in phase Remediating or Closed had its RCA approved.
func incidentEvidence(st *v1alpha1.IncidentStatus, prev v1alpha1.IncidentStatus, actions []*v1alpha1.ImprovementAction, rcaOverdue bool) []v1alpha1.EvidenceReason {
	kept := keptBefore(prev.KeptAsEvidence)
	approved := func(p v1alpha1.IncidentPhase) bool {
		return p == v1alpha1.IncidentRemediating || p == v1alpha1.IncidentClosed
	}
	kept.add(v1alpha1.EvidenceRCAApproved, st.RCAPhase == v1alpha1.RCASignedOff || approved(prev.Phase))
	kept.add(v1alpha1.EvidenceSIRONotificationMissed, st.SIRONotificationBreach != nil)
	kept.add(v1alpha1.EvidenceExternalReportMissed, st.ExternalReportBreach != nil)
	kept.add(v1alpha1.EvidenceExternalReportDecisionMissed, st.ExternalReportDecisionBreach != nil)
	kept.add(v1alpha1.EvidenceRCAOverdue, rcaOverdue)
	seenOverdue := st.Actions.Overdue > 0
	for _, a := range actions {
		seenOverdue = seenOverdue || a.Status.OverdueAnnouncedAt != nil
	}
	kept.add(v1alpha1.EvidenceActionsOverdue, seenOverdue)
	return kept.list()
}

// ReleasedForDeletion tells whether a record carries the release
// annotation.
func ReleasedForDeletion(annotations map[string]string) bool {
	return annotations[v1alpha1.AnnotationReleaseForDeletion] == "true"
}

// actionsEvidence names in the timeline each action that went overdue
// (once per deadline in force) or was completed late: the incident's
// record of it outlives the action.
func (x *incidentComputation) actionsEvidence() {
	for _, a := range x.c.Actions {
		if x.tl.evidenceFull() {
			return
		}
		s := actionSubject(a)
		if due := ActionDueAt(a); ActionPhase(a, x.now) == v1alpha1.ActionOverdue && !x.tl.hasAbout(s, string(v1alpha1.EventActionOverdue), due) {
			x.tl.addAbout(s, string(v1alpha1.EventActionOverdue),
				fmt.Sprintf("improvement action %s (owner %s) is overdue: it was due %s", a.Name, a.Spec.Owner, statuskit.FormatTime(due)))
		}
		if CompletedLate(a) && ActionFinished(a, x.now) && !x.tl.hasAbout(s, string(v1alpha1.EventActionCompletedLate), time.Time{}) {
			x.tl.addAbout(s, string(v1alpha1.EventActionCompletedLate),
				fmt.Sprintf("improvement action %s was completed late: %s", a.Name, completedMessage(a)))
		}
	}
}

// evidenceEntry tells whether a timeline entry makes its action evidence.
func evidenceEntry(e v1alpha1.TimelineEntry) bool {
	switch v1alpha1.EventReason(e.Type) {
	case v1alpha1.EventActionOverdue, v1alpha1.EventActionCompletedLate, v1alpha1.EventReleasedForDeletion:
		return e.Kind == "ImprovementAction" && e.UID != ""
	}
	return false
}

// released records in the timeline, and announces once, each record of
// the incident kept as evidence that was released for deletion: the
// incident itself (kept says what it keeps), its approved analysis, its
// actions kept as evidence.
func (x *incidentComputation) released(inc *v1alpha1.Incident, kept []v1alpha1.EvidenceReason) {
	var said []string
	release := func(s subject, what string) {
		if x.tl.evidenceFull() || x.tl.hasAbout(s, string(v1alpha1.EventReleasedForDeletion), time.Time{}) {
			return
		}
		msg := what + " was released for deletion"
		x.tl.addAbout(s, string(v1alpha1.EventReleasedForDeletion), msg)
		said = append(said, msg)
	}
	if ReleasedForDeletion(inc.Annotations) && len(kept) > 0 {
		release(subject{}, fmt.Sprintf("the incident, kept as evidence (%s),", joinReasons(kept)))
	}
	if r := x.c.RCA; r != nil && ReleasedForDeletion(r.Annotations) && r.Spec.SignOff != nil && r.Spec.SignOff.Decision == v1alpha1.SignOffApproved {
		release(rcaSubject(r), fmt.Sprintf("root cause analysis %s, approved by %s,", r.Name, r.Spec.SignOff.By))
	}
	for _, a := range x.c.Actions {
		if ReleasedForDeletion(a.Annotations) && (len(a.Status.KeptAsEvidence) > 0 || x.recordedAsEvidence(a.UID)) {
			release(actionSubject(a), fmt.Sprintf("improvement action %s, kept as evidence (%s),", a.Name, joinReasons(a.Status.KeptAsEvidence)))
		}
	}
	if len(said) > 0 {
		x.announce(v1alpha1.EventReleasedForDeletion, strings.Join(said, "; "))
	}
}

func joinReasons(reasons []v1alpha1.EvidenceReason) string {
	if len(reasons) == 0 {
		return "recorded on the incident"
	}
	words := make([]string, len(reasons))
	for i, r := range reasons {
		words[i] = string(r)
	}
	return strings.Join(words, ", ")
}

// recordedAsEvidence tells whether the timeline records an action as
// evidence.
func (x *incidentComputation) recordedAsEvidence(uid types.UID) bool {
	return slices.ContainsFunc(x.tl.entries, func(e v1alpha1.TimelineEntry) bool {
		return evidenceEntry(e) && types.UID(e.UID) == uid
	})
}

// actionsGone records in the timeline, and announces at once, each action
// recorded as evidence that is no longer among the incident's actions
// (present, readable or not): deleted, or deleted and created again under
// its name.
func (x *incidentComputation) actionsGone(present []*v1alpha1.ImprovementAction) {
	uids := map[types.UID]bool{}
	names := map[string]types.UID{}
	for _, a := range present {
		uids[a.UID] = true
		names[a.Name] = a.UID
	}
	var said []string
	seen := map[types.UID]bool{}
	for _, e := range x.tl.entries {
		uid := types.UID(e.UID)
		if !evidenceEntry(e) || uids[uid] || seen[uid] {
			continue
		}
		seen[uid] = true
		s := subject{kind: e.Kind, name: e.Name, uid: uid}
		if x.tl.evidenceFull() || x.tl.hasAbout(s, string(v1alpha1.EventActionDeleted), time.Time{}) {
			continue
		}
		msg := fmt.Sprintf("improvement action %s, kept as evidence (%s), was deleted", e.Name, x.evidenceOf(s))
		if x.tl.hasAbout(s, string(v1alpha1.EventReleasedForDeletion), time.Time{}) {
			msg += " after its release for deletion"
		}
		if now, ok := names[e.Name]; ok {
			msg += fmt.Sprintf(" and created again (uid %s)", now)
		}
		x.tl.addAbout(s, string(v1alpha1.EventActionDeleted), msg)
		said = append(said, msg)
	}
	if len(said) > 0 {
		x.announce(v1alpha1.EventActionDeleted, strings.Join(said, "; "))
	}
}

// evidenceOf says in words what the timeline records against an action.
func (x *incidentComputation) evidenceOf(s subject) string {
	var what []string
	for _, e := range x.tl.entries {
		if !s.of(e) {
			continue
		}
		switch v1alpha1.EventReason(e.Type) {
		case v1alpha1.EventActionOverdue:
			what = append(what, "recorded overdue "+statuskit.FormatTime(e.Time.Time))
		case v1alpha1.EventActionCompletedLate:
			what = append(what, "completed late")
		}
	}
	if len(what) == 0 {
		return "released for deletion"
	}
	return strings.Join(slices.Compact(what), ", ")
}
