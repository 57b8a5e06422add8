package statuskit

import (
	"fmt"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// Day is 24 hours; review windows and reminders are written in days.
const Day = 24 * time.Hour

// Stamp turns an instant (now, or a deadline computed from a spec time that
// may carry a fraction of a second) into a status timestamp. Status times
// are stored to the second, so they are truncated here to keep recomputed
// status equal to the stored one: otherwise every visit would be a write.
func Stamp(t time.Time) *metav1.Time {
	mt := metav1.NewTime(t.Truncate(time.Second))
	return &mt
}

// FormatTime renders a time as the API stores it, for messages: RFC 3339
// in UTC.
func FormatTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// HumanDuration renders a duration for people, in days and hours, or hours
// and minutes under a day: "3d4h", "5h30m", "45m". A negative duration is
// rendered by its size; callers that show a trend add the sign. Events,
// `kubectl lessons status` and the documents all use it.
func HumanDuration(d time.Duration) string {
	if d < 0 {
		d = -d
	}
	d = d.Truncate(time.Minute)
	days := d / Day
	hours := (d % Day) / time.Hour
	minutes := (d % time.Hour) / time.Minute
	switch {
	case days > 0 && hours > 0:
		return fmt.Sprintf("%dd%dh", days, hours)
	case days > 0:
		return fmt.Sprintf("%dd", days)
	case hours > 0 && minutes > 0:
		return fmt.Sprintf("%dh%dm", hours, minutes)
	case hours > 0:
		return fmt.Sprintf("%dh", hours)
	case minutes > 0:
		return fmt.Sprintf("%dm", minutes)
	}
	return "under a minute"
}
