package review

import (
	"time"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
)

// TimelineLimit bounds an incident's timeline; the oldest entries go first.
const TimelineLimit = 50

type timeline struct {
	entries []v1alpha1.TimelineEntry
	now     time.Time
}

func newTimeline(existing []v1alpha1.TimelineEntry, now time.Time) *timeline {
	return &timeline{entries: existing, now: now}
}

// add appends an entry, copying on write so the previous status is untouched.
func (t *timeline) add(entryType, message string) {
	out := make([]v1alpha1.TimelineEntry, 0, len(t.entries)+1)
	out = append(out, t.entries...)
	out = append(out, v1alpha1.TimelineEntry{Type: entryType, Time: *statuskit.Stamp(t.now), Message: message})
	if len(out) > TimelineLimit {
		out = out[len(out)-TimelineLimit:]
	}
	t.entries = out
}

// has tells whether an entry of the type was recorded at or after since.
func (t *timeline) has(entryType string, since time.Time) bool {
	since = since.Truncate(time.Second)
	for _, e := range t.entries {
		if e.Type == entryType && !e.Time.Time.Before(since) {
			return true
		}
	}
	return false
}
