// Package review holds the operator's rules as pure functions: given the
// objects, the policy and the current time, it computes each kind's status,
// the events to announce and the next deadline. It never talks to the API
// server, so every rule is tested with plain tables.
//
// What someone still owes is decided in one place, the duties of duty.go:
// the incident's status, `kubectl lessons status`, the metrics (and so the
// alerts) and the report all read them, so a new kind of duty is one case
// in Case.duties.
package review

import (
	"flag"
	"fmt"
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
	// ActionTimescale is, by priority, how long after its incident's
	// detection an action may be due (the agreed deadline counts): DSPT
	// D2.b asks for improvements in appropriate timescales.
	ActionTimescale ActionTimescales
	// ExternalReportDeadline is how long after detection a required
	// external report (to the ICO through the DSPT incident reporting tool)
	// is due: 72 hours of becoming aware.
	ExternalReportDeadline time.Duration
	// ReportSignOffWindow is how long after its period ends a LessonsReport
	// may wait for the SIRO's sign-off.
	ReportSignOffWindow time.Duration
	// ProcessReviewInterval is how long may pass without a ProcessReview
	// held in a report's scope (Data Security Standard 5: at least once a
	// year).
	ProcessReviewInterval time.Duration
	// ExerciseInterval is how long may pass without an exercise of the
	// response plan, an Incident of type Exercise, in a report's scope
	// (Data Security Standard 7: every year).
	ExerciseInterval time.Duration
	// ShareWithin is how long after its sign-off the learning of an
	// analysis must be shared with staff (or the team) and with the
	// reporter: the just-culture guide asks that reporters hear what came
	// of a report.
	ShareWithin time.Duration
}

// ReviewWindows maps a severity to its RCA review window.
type ReviewWindows = Windows[v1alpha1.Severity]

// ActionTimescales maps a priority to the longest an action of that
// priority may take after its incident's detection.
type ActionTimescales = Windows[v1alpha1.Priority]

// DefaultPolicy returns the defaults of the product contract.
func DefaultPolicy() Policy {
	return Policy{
		SIRONotificationDeadline: 12 * time.Hour,
		DueSoonWindow:            72 * time.Hour,
		OverdueReminderInterval:  24 * time.Hour,
		RCAReviewWindow:          DefaultReviewWindows(),
		ActionTimescale:          DefaultActionTimescales(),
		ExternalReportDeadline:   72 * time.Hour,
		ReportSignOffWindow:      30 * statuskit.Day,
		ProcessReviewInterval:    365 * statuskit.Day,
		ExerciseInterval:         365 * statuskit.Day,
		ShareWithin:              30 * statuskit.Day,
	}
}

// DefaultActionTimescales: 30 days for Critical, 90 for High, 180 for
// Medium and 365 for Low.
func DefaultActionTimescales() ActionTimescales {
	return ActionTimescales{
		v1alpha1.PriorityCritical: 30 * statuskit.Day,
		v1alpha1.PriorityHigh:     90 * statuskit.Day,
		v1alpha1.PriorityMedium:   180 * statuskit.Day,
		v1alpha1.PriorityLow:      365 * statuskit.Day,
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
		"How long after detection an RCA without a dueDate is due, by severity, as `WINDOWS`, e.g. High=15d,Low=30d.")
	fs.DurationVar(&p.ExternalReportDeadline, "external-report-deadline", p.ExternalReportDeadline,
		"How long after detection a required external report (spec.externalReportRequired) is due, a `DURATION`.")
	fs.DurationVar(&p.ReportSignOffWindow, "report-sign-off-window", p.ReportSignOffWindow,
		"How long after its period ends a LessonsReport may wait for the SIRO's sign-off before it is raised as overdue, a `DURATION`.")
	DaysVar(fs, &p.ProcessReviewInterval, "process-review-interval",
		"How long may pass without a ProcessReview held in a report's scope (Data Security Standard 5: at least once a year) before the report raises ProcessReviewDue, a `DURATION` (365d, 8760h).")
	DaysVar(fs, &p.ExerciseInterval, "exercise-interval",
		"How long may pass without an exercise (an Incident of type Exercise) in a report's scope (Data Security Standard 7: the response plan tested every year) before the report raises ExerciseDue, a `DURATION` (365d, 8760h).")
	DaysVar(fs, &p.ShareWithin, "share-within",
		"How long after its sign-off the learning of an analysis must be shared with staff or the team and with the reporter (spec.sharedWith), a `DURATION` (30d, 720h).")
	fs.Var(p.ActionTimescale, "action-timescale",
		"How long after its incident's detection an action may be due, by priority, as `WINDOWS`, e.g. Critical=30d,High=90d; one due later is flagged WithinTimescale=False.")
}

// Validate refuses deadlines that would make no sense.
func (p Policy) Validate() error {
	for name, d := range map[string]time.Duration{
		"SIRO notification deadline": p.SIRONotificationDeadline,
		"due-soon window":            p.DueSoonWindow,
		"overdue reminder interval":  p.OverdueReminderInterval,
		"external report deadline":   p.ExternalReportDeadline,
		"report sign-off window":     p.ReportSignOffWindow,
		"process review interval":    p.ProcessReviewInterval,
		"exercise interval":          p.ExerciseInterval,
		"sharing window":             p.ShareWithin,
	} {
		if d <= 0 {
			return fmt.Errorf("the %s must be positive, got %s", name, d)
		}
	}
	if err := p.RCAReviewWindow.complete("the RCA review window"); err != nil {
		return err
	}
	return p.ActionTimescale.complete("the action timescale")
}

// DaysVar binds a duration flag that takes days (365d) as well as Go
// durations (8760h).
func DaysVar(fs *flag.FlagSet, d *time.Duration, name, usage string) {
	fs.Var((*days)(d), name, usage)
}

// days is a duration flag's value, written in days where whole.
type days time.Duration

func (d *days) String() string { return formatDays(time.Duration(*d)) }

func (d *days) Set(s string) error {
	v, err := parseDays(s)
	if err != nil {
		return err
	}
	*d = days(v)
	return nil
}

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
