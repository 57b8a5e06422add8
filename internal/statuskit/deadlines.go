package statuskit

import (
	"time"
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

// Next is the earliest deadline after now, zero when there is none.
func (d *Deadlines) Next() time.Time { return d.next }

// After is how long until the earliest deadline, or 0 when there is none.
// It is never negative, so a controller never spins on a past deadline.
func (d *Deadlines) After() time.Duration {
	if d.next.IsZero() {
		return 0
	}
	return d.next.Sub(d.now)
}

// Reached tells whether deadline t has come at now: a deadline is breached
// at the instant it is reached.
func Reached(now, t time.Time) bool { return !now.Before(t) }
