package review

import (
	"fmt"
	"time"
)

// formatTime renders a time for messages: RFC 3339 in UTC.
func formatTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// HumanDuration renders a duration for people, in days and hours, or hours
// and minutes under a day: "3d4h", "5h30m", "45m". A negative duration is
// rendered by its size. Event messages and `kubectl lessons status` use it.
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
