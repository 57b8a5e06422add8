// Package review holds the operator's rules as pure functions: given the
// objects, the policy and the current time, it computes each kind's status,
// the events to announce and the next deadline. It never talks to the API
// server, so every rule is tested with plain tables.
package review

import (
	"flag"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
)

// Policy holds the deadlines an organisation sets (manager flags).
type Policy struct {
	// SIRONotificationDeadline is how long after detection the SIRO must be
	// told (Data Security Standard 6: 12 hours).
	SIRONotificationDeadline time.Duration
	// DueSoonWindow is how long before a due date ActionDueSoon is raised.
	DueSoonWindow time.Duration
	// OverdueReminderInterval is how often ActionOverdue is repeated while an
	// action stays overdue.
	OverdueReminderInterval time.Duration
	// RCAReviewWindow is how long after detection an RCA is due when it sets
	// no dueDate, by incident severity.
	RCAReviewWindow ReviewWindows
}

// ReviewWindows maps a severity to its RCA review window.
type ReviewWindows map[v1alpha1.Severity]time.Duration

// DefaultPolicy returns the defaults of the product contract.
func DefaultPolicy() Policy {
	return Policy{
		SIRONotificationDeadline: 12 * time.Hour,
		DueSoonWindow:            72 * time.Hour,
		OverdueReminderInterval:  24 * time.Hour,
		RCAReviewWindow:          DefaultReviewWindows(),
	}
}

// DefaultReviewWindows: 15 days for Critical and High, 30 for Medium and Low.
func DefaultReviewWindows() ReviewWindows {
	return ReviewWindows{
		v1alpha1.SeverityCritical: 15 * statuskit.Day,
		v1alpha1.SeverityHigh:     15 * statuskit.Day,
		v1alpha1.SeverityMedium:   30 * statuskit.Day,
		v1alpha1.SeverityLow:      30 * statuskit.Day,
	}
}

// BindFlags binds the policy's flags, with the policy's current values as
// defaults. The manager and `kubectl lessons status` bind the same flags,
// so an organisation passes both the same deadlines in the same words.
func (p *Policy) BindFlags(fs *flag.FlagSet) {
	fs.DurationVar(&p.SIRONotificationDeadline, "siro-notification-deadline", p.SIRONotificationDeadline,
		"How long after detection the SIRO must be told (Data Security Standard 6), a `DURATION`.")
	fs.DurationVar(&p.DueSoonWindow, "due-soon-window", p.DueSoonWindow,
		"How long before a due date an action is due soon (the ActionDueSoon event), a `DURATION`.")
	fs.DurationVar(&p.OverdueReminderInterval, "overdue-reminder-interval", p.OverdueReminderInterval,
		"How often ActionOverdue is repeated while an action stays overdue, a `DURATION`.")
	fs.Var(p.RCAReviewWindow, "rca-review-window",
		"How long after detection an RCA without a dueDate is due, by severity, as `WINDOWS` (Critical=15d,High=15d,Medium=30d,Low=30d).")
}

// Validate refuses deadlines that would make no sense.
func (p Policy) Validate() error {
	for name, d := range map[string]time.Duration{
		"SIRO notification deadline": p.SIRONotificationDeadline,
		"due-soon window":            p.DueSoonWindow,
		"overdue reminder interval":  p.OverdueReminderInterval,
	} {
		if d <= 0 {
			return fmt.Errorf("the %s must be positive, got %s", name, d)
		}
	}
	for _, s := range v1alpha1.Severities {
		if p.RCAReviewWindow[s] <= 0 {
			return fmt.Errorf("the RCA review window for %s must be positive", s)
		}
	}
	return nil
}

// String renders the windows as the flag takes them, e.g.
// "Critical=15d,High=15d,Medium=30d,Low=30d".
func (w ReviewWindows) String() string {
	parts := make([]string, 0, len(w))
	for _, s := range v1alpha1.Severities {
		if d, ok := w[s]; ok {
			parts = append(parts, string(s)+"="+formatDays(d))
		}
	}
	return strings.Join(parts, ",")
}

// Set parses "Severity=duration" pairs separated by commas; a duration is a
// Go duration (360h) or whole days (15d). Severities not named keep their
// current window.
func (w ReviewWindows) Set(value string) error {
	for _, pair := range strings.Split(value, ",") {
		pair = strings.TrimSpace(pair)
		if pair == "" {
			continue
		}
		name, dur, ok := strings.Cut(pair, "=")
		if !ok {
			return fmt.Errorf("%q: want Severity=duration, e.g. High=15d", pair)
		}
		sev := v1alpha1.Severity(strings.TrimSpace(name))
		if !slices.Contains(v1alpha1.Severities, sev) {
			return fmt.Errorf("%q: severity must be Critical, High, Medium or Low", name)
		}
		d, err := parseDays(strings.TrimSpace(dur))
		if err != nil {
			return fmt.Errorf("%q: %w", pair, err)
		}
		if d <= 0 {
			return fmt.Errorf("%q: the window must be positive", pair)
		}
		w[sev] = d
	}
	return nil
}

// Type names the flag's value type in help output.
func (w ReviewWindows) Type() string { return "windows" }

func parseDays(s string) (time.Duration, error) {
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil {
			return 0, fmt.Errorf("%q is not a whole number of days", s)
		}
		return time.Duration(n) * statuskit.Day, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("%q is neither a duration (360h) nor days (15d)", s)
	}
	return d, nil
}

func formatDays(d time.Duration) string {
	if d%statuskit.Day == 0 {
		return strconv.Itoa(int(d/statuskit.Day)) + "d"
	}
	return d.String()
}
