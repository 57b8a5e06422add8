package statuskit

import (
	"time"
	"unicode/utf8"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
)

// Announcement is an event to record. The status computed alongside it
// remembers that it was made, so a controller records it only after that
// status is written: a restart or a new leader never repeats it.
type Announcement struct {
	Reason  v1alpha1.EventReason
	Message string
	// AlsoOnIncident asks for the event on the parent Incident too, so the
	// incident's `kubectl describe` shows it.
	AlsoOnIncident bool
}

// HistoryHorizon is how far back a transition may lie and still be
// announced when the operator first sees an object already past it.
// Reviews synced from Git into a new cluster, or restored from a backup
// without their status, arrive with a year of completed actions and
// signed-off analyses: announcing each would flood the events and raise
// warnings about the past. Such history goes into the status; an event is
// news. A missed deadline that still needs someone is always announced.
const HistoryHorizon = 24 * time.Hour

// IsHistory says whether a transition is history rather than news: the
// object has no phase in its status yet (this is the operator's first
// sight of it) and the transition's recorded time is more than
// HistoryHorizon before now. A transition whose time is not recorded is
// news.
func IsHistory(prevPhase string, at *metav1.Time, now time.Time) bool {
	return prevPhase == "" && at != nil && now.Sub(at.Time) > HistoryHorizon
}

// Latest is the latest of the given times, nil if none is set.
func Latest(times ...*metav1.Time) *metav1.Time {
	var last *metav1.Time
	for _, t := range times {
		if t != nil && (last == nil || t.After(last.Time)) {
			last = t
		}
	}
	return last
}

// Result is what a pure computation returns for one object: its status,
// the announcements that status remembers, and how long until the passing
// of time alone changes it (0: never).
type Result[S any] struct {
	Status        S
	Announcements []Announcement
	RequeueAfter  time.Duration
}

// AnnouncementsKept bounds an object's record of announcements: the newest
// are kept. More are never made in one computation.
const AnnouncementsKept = 8

// Remember adds the announcements made at now to an object's record of them
// (its status.announcements), keeping the newest AnnouncementsKept.
// incident names the parent Incident of those also made on it. The record
// is copied on write, so the previous status is untouched.
func Remember(record []v1alpha1.Announcement, made []Announcement, incident string, now time.Time) []v1alpha1.Announcement {
	if len(made) == 0 {
		return record
	}
	out := make([]v1alpha1.Announcement, 0, len(record)+len(made))
	out = append(out, record...)
	for _, a := range made {
		r := v1alpha1.Announcement{Reason: a.Reason, At: *Stamp(now), Message: Clip(a.Message, MessageLimit)}
		if a.AlsoOnIncident {
			r.Incident = incident
		}
		out = append(out, r)
	}
	if len(out) > AnnouncementsKept {
		out = out[len(out)-AnnouncementsKept:]
	}
	return out
}

// MessageLimit is the most bytes a recorded announcement's message (and an
// event's note) may hold; a longer one, say quoting a long sign-off
// comment, is clipped rather than refused by the API server.
const MessageLimit = 1024

// Clip shortens s to at most n bytes, never splitting a character, and
// marks a cut with an ellipsis.
func Clip(s string, n int) string {
	const ellipsis = "…"
	if len(s) <= n {
		return s
	}
	cut := n - len(ellipsis)
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + ellipsis
}
