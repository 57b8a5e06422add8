package review

import "github.com/dspt-lessons/lessons-operator/api/v1alpha1"

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
