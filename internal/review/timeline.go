package review

import (
	"time"

	"k8s.io/apimachinery/pkg/types"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
)

// RoutineTimelineLimit bounds the routine entries of an incident's
// timeline, its phase changes: the oldest go first. An RCA sent back and
// resubmitted again and again fills it, and pushes out no evidence.
const RoutineTimelineLimit = 50

// TimelineLimit bounds the whole timeline, as the API does. Evidence
// (deadlines missed, releases, deletions) goes only past TimelineLimit -
// RoutineTimelineLimit entries of it, oldest first; each action keeps its
// own evidence in its status.
const TimelineLimit = 200

// routineEntry tells whether an entry is routine: a phase change.
func routineEntry(e v1alpha1.TimelineEntry) bool {
	switch v1alpha1.IncidentPhase(e.Type) {
	case v1alpha1.IncidentOpen, v1alpha1.IncidentInvestigating, v1alpha1.IncidentAwaitingSignOff,
		v1alpha1.IncidentRemediating, v1alpha1.IncidentClosed:
		return true
	}
	return false
}

type timeline struct {
	entries []v1alpha1.TimelineEntry
	now     time.Time
}

func newTimeline(existing []v1alpha1.TimelineEntry, now time.Time) *timeline {
	return &timeline{entries: existing, now: now}
}

// subject is the record a timeline entry is about, other than the incident.
type subject struct {
	kind, name string
	uid        types.UID
}

func actionSubject(a *v1alpha1.ImprovementAction) subject {
	return subject{kind: "ImprovementAction", name: a.Name, uid: a.UID}
}

func rcaSubject(r *v1alpha1.RootCauseAnalysis) subject {
	return subject{kind: "RootCauseAnalysis", name: r.Name, uid: r.UID}
}

func (s subject) of(e v1alpha1.TimelineEntry) bool {
	return e.Kind == s.kind && e.Name == s.name && types.UID(e.UID) == s.uid
}

// add appends an entry about the incident.
func (t *timeline) add(entryType, message string) {
	t.addAbout(subject{}, entryType, message)
}

// addAbout appends an entry about s, copying on write so the previous
// status is untouched, and keeps the timeline within its bounds.
func (t *timeline) addAbout(s subject, entryType, message string) {
	out := make([]v1alpha1.TimelineEntry, 0, len(t.entries)+1)
	out = append(out, t.entries...)
	out = append(out, v1alpha1.TimelineEntry{Type: entryType, Time: *statuskit.Stamp(t.now), Message: message,
		Kind: s.kind, Name: s.name, UID: string(s.uid)})
	t.entries = bounded(out)
}

// bounded drops the oldest routine entries past RoutineTimelineLimit,
// then the oldest evidence past TimelineLimit.
func bounded(entries []v1alpha1.TimelineEntry) []v1alpha1.TimelineEntry {
	routine := 0
	for _, e := range entries {
		if routineEntry(e) {
			routine++
		}
	}
	entries = dropOldest(entries, routine-RoutineTimelineLimit, routineEntry)
	return dropOldest(entries, len(entries)-TimelineLimit, func(e v1alpha1.TimelineEntry) bool { return !routineEntry(e) })
}

// dropOldest drops the first n entries that match.
func dropOldest(entries []v1alpha1.TimelineEntry, n int, match func(v1alpha1.TimelineEntry) bool) []v1alpha1.TimelineEntry {
	if n <= 0 {
		return entries
	}
	out := make([]v1alpha1.TimelineEntry, 0, len(entries)-n)
	for _, e := range entries {
		if n > 0 && match(e) {
			n--
			continue
		}
		out = append(out, e)
	}
	return out
}

// evidenceFull tells whether the evidence fills its share of the timeline
// (TimelineLimit - RoutineTimelineLimit entries). The timeline then takes
// no more entries about single records, which each keep their own
// evidence (status.keptAsEvidence): were one pushed out and written again
// at every visit, the incident would never be at rest.
func (t *timeline) evidenceFull() bool {
	evidence := 0
	for _, e := range t.entries {
		if !routineEntry(e) {
			evidence++
		}
	}
	return evidence >= TimelineLimit-RoutineTimelineLimit
}

// has tells whether an entry of the type about the incident was recorded
// at or after since.
func (t *timeline) has(entryType string, since time.Time) bool {
	return t.hasAbout(subject{}, entryType, since)
}

// hasAbout tells whether an entry of the type about s was recorded at or
// after since.
func (t *timeline) hasAbout(s subject, entryType string, since time.Time) bool {
	since = since.Truncate(time.Second)
	for _, e := range t.entries {
		if e.Type == entryType && s.of(e) && !e.Time.Time.Before(since) {
			return true
		}
	}
	return false
}
