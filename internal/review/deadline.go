package review

import (
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Deadlines collects the future instants at which a status will change, so
// the controller can requeue for the earliest instead of polling.
type Deadlines struct {
	now  time.Time
	next time.Time
}

// NewDeadlines starts a collection relative to now.
func NewDeadlines(now time.Time) *Deadlines { return &Deadlines{now: now} }

// Add records t if it lies in the future.
func (d *Deadlines) Add(t time.Time) {
	if !t.After(d.now) {
		return
	}
	if d.next.IsZero() || t.Before(d.next) {
		d.next = t
	}
}

// After is how long until the earliest deadline, or 0 when there is none.
// It is never negative, so a controller never spins on a past deadline.
func (d *Deadlines) After() time.Duration {
	if d.next.IsZero() {
		return 0
	}
	return d.next.Sub(d.now)
}

// reached tells whether deadline t has come: a deadline is breached at the
// instant it is reached.
func reached(now, t time.Time) bool { return !now.Before(t) }

// stamp turns an instant (now, or a deadline computed from a spec time that
// may carry a fraction of a second) into a status timestamp. Status times
// are stored to the second, so they are truncated here to keep recomputed
// status equal to the stored one.
func stamp(now time.Time) *metav1.Time {
	t := metav1.NewTime(now.Truncate(time.Second))
	return &t
}
