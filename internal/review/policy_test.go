package review_test

import (
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
)

func TestDefaultPolicyIsTheProductContract(t *testing.T) {
	p := review.DefaultPolicy()
	for _, c := range []struct {
		name      string
		got, want time.Duration
	}{
		{"SIRO notification deadline", p.SIRONotificationDeadline, 12 * time.Hour},
		{"due-soon window", p.DueSoonWindow, 72 * time.Hour},
		{"overdue reminder interval", p.OverdueReminderInterval, 24 * time.Hour},
		{"Critical review window", p.RCAReviewWindow[v1alpha1.SeverityCritical], 15 * 24 * time.Hour},
		{"High review window", p.RCAReviewWindow[v1alpha1.SeverityHigh], 15 * 24 * time.Hour},
		{"Medium review window", p.RCAReviewWindow[v1alpha1.SeverityMedium], 30 * 24 * time.Hour},
		{"Low review window", p.RCAReviewWindow[v1alpha1.SeverityLow], 30 * 24 * time.Hour},
	} {
		if c.got != c.want {
			t.Errorf("%s = %s, want %s", c.name, c.got, c.want)
		}
	}
	if len(p.RCAReviewWindow) != 4 {
		t.Errorf("review windows = %v, want the four severities only", p.RCAReviewWindow)
	}
	if err := p.Validate(); err != nil {
		t.Errorf("the default policy is refused: %v", err)
	}
	if statuskit.Day != 24*time.Hour {
		t.Errorf("Day = %s", statuskit.Day)
	}
}

func TestDefaultReviewWindowsAreFreshCopies(t *testing.T) {
	a := review.DefaultReviewWindows()
	a[v1alpha1.SeverityHigh] = time.Hour
	if b := review.DefaultReviewWindows(); b[v1alpha1.SeverityHigh] != 15*statuskit.Day {
		t.Errorf("changing one copy of the defaults changed the next: High = %s", b[v1alpha1.SeverityHigh])
	}
	if p := review.DefaultPolicy(); p.RCAReviewWindow[v1alpha1.SeverityHigh] != 15*statuskit.Day {
		t.Errorf("changing one copy of the defaults changed the default policy: High = %s", p.RCAReviewWindow[v1alpha1.SeverityHigh])
	}
}

func TestReviewWindowsSet(t *testing.T) {
	defaults := review.DefaultReviewWindows()
	with := func(changes map[v1alpha1.Severity]time.Duration) review.ReviewWindows {
		w := review.DefaultReviewWindows()
		maps.Copy(w, changes)
		return w
	}
	for _, c := range []struct {
		name    string
		value   string
		want    review.ReviewWindows // nil when an error is expected
		wantErr string               // words the error must contain
	}{
		{name: "whole days", value: "High=10d", want: with(map[v1alpha1.Severity]time.Duration{v1alpha1.SeverityHigh: 10 * statuskit.Day})},
		{name: "a Go duration and days", value: "Critical=360h,Low=45d",
			want: with(map[v1alpha1.Severity]time.Duration{v1alpha1.SeverityCritical: 360 * time.Hour, v1alpha1.SeverityLow: 45 * statuskit.Day})},
		{name: "all four", value: "Critical=1d,High=2d,Medium=3d,Low=4d",
			want: review.ReviewWindows{v1alpha1.SeverityCritical: statuskit.Day, v1alpha1.SeverityHigh: 2 * statuskit.Day, v1alpha1.SeverityMedium: 3 * statuskit.Day, v1alpha1.SeverityLow: 4 * statuskit.Day}},
		{name: "a compound duration", value: "Medium=36h30m", want: with(map[v1alpha1.Severity]time.Duration{v1alpha1.SeverityMedium: 36*time.Hour + 30*time.Minute})},
		{name: "spaces around names, values and pairs", value: " High = 10d , Low=45d ",
			want: with(map[v1alpha1.Severity]time.Duration{v1alpha1.SeverityHigh: 10 * statuskit.Day, v1alpha1.SeverityLow: 45 * statuskit.Day})},
		{name: "empty pairs are skipped", value: "High=10d,,", want: with(map[v1alpha1.Severity]time.Duration{v1alpha1.SeverityHigh: 10 * statuskit.Day})},
		{name: "empty value changes nothing", value: "", want: defaults},
		{name: "the last of a repeated severity wins", value: "High=10d,High=11d", want: with(map[v1alpha1.Severity]time.Duration{v1alpha1.SeverityHigh: 11 * statuskit.Day})},
		{name: "one second is positive", value: "Low=1s", want: with(map[v1alpha1.Severity]time.Duration{v1alpha1.SeverityLow: time.Second})},

		{name: "unknown severity", value: "Extreme=10d", wantErr: "severity must be Critical, High, Medium or Low"},
		{name: "severity in the wrong case", value: "high=10d", wantErr: "severity must be"},
		{name: "missing '='", value: "High", wantErr: "want Severity=duration"},
		{name: "missing '=' after a good pair", value: "High=10d,Low", wantErr: "want Severity=duration"},
		{name: "zero days", value: "High=0d", wantErr: "must be positive"},
		{name: "zero duration", value: "High=0s", wantErr: "must be positive"},
		{name: "negative days", value: "High=-1d", wantErr: "must be positive"},
		{name: "negative duration", value: "Low=-5h", wantErr: "must be positive"},
		{name: "fractional days", value: "High=1.5d", wantErr: "not a whole number of days"},
		{name: "days without a number", value: "High=d", wantErr: "not a whole number of days"},
		{name: "no duration", value: "High=", wantErr: "neither a duration"},
		{name: "garbage duration", value: "High=soon", wantErr: "neither a duration"},
		{name: "a unit Go does not know", value: "High=2w", wantErr: "neither a duration"},
	} {
		t.Run(c.name, func(t *testing.T) {
			w := review.DefaultReviewWindows()
			err := w.Set(c.value)
			if c.wantErr != "" {
				if err == nil {
					t.Fatalf("Set(%q) accepted it: %v", c.value, w)
				}
				if !strings.Contains(err.Error(), c.wantErr) {
					t.Errorf("Set(%q) error %q does not say %q", c.value, err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Set(%q): %v", c.value, err)
			}
			if !maps.Equal(w, c.want) {
				t.Errorf("Set(%q) = %v, want %v", c.value, w, c.want)
			}
		})
	}
}

func TestReviewWindowsString(t *testing.T) {
	for _, c := range []struct {
		name string
		w    review.ReviewWindows
		want string
	}{
		{"defaults, most severe first", review.DefaultReviewWindows(), "Critical=15d,High=15d,Medium=30d,Low=30d"},
		{"not whole days", review.ReviewWindows{v1alpha1.SeverityHigh: 36 * time.Hour}, "High=36h0m0s"},
		{"one day", review.ReviewWindows{v1alpha1.SeverityLow: statuskit.Day}, "Low=1d"},
		{"a subset keeps the order", review.ReviewWindows{v1alpha1.SeverityLow: 2 * statuskit.Day, v1alpha1.SeverityCritical: 3 * statuskit.Day}, "Critical=3d,Low=2d"},
		{"empty", review.ReviewWindows{}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := c.w.String(); got != c.want {
				t.Errorf("String() = %q, want %q", got, c.want)
			}
		})
	}
	if got := review.DefaultReviewWindows().Type(); got != "windows" {
		t.Errorf("Type() = %q", got)
	}
}

func TestReviewWindowsStringRoundTrips(t *testing.T) {
	for _, w := range []review.ReviewWindows{
		review.DefaultReviewWindows(),
		{v1alpha1.SeverityCritical: 360 * time.Hour, v1alpha1.SeverityHigh: 36 * time.Hour, v1alpha1.SeverityMedium: 90 * time.Minute, v1alpha1.SeverityLow: 45 * statuskit.Day},
		{v1alpha1.SeverityCritical: time.Second, v1alpha1.SeverityHigh: statuskit.Day + time.Nanosecond, v1alpha1.SeverityMedium: 100 * statuskit.Day, v1alpha1.SeverityLow: 1500 * time.Millisecond},
	} {
		t.Run(w.String(), func(t *testing.T) {
			back := review.ReviewWindows{}
			if err := back.Set(w.String()); err != nil {
				t.Fatalf("Set(String()) refused its own output %q: %v", w.String(), err)
			}
			if !maps.Equal(back, w) {
				t.Errorf("round trip of %q gave %v, want %v", w.String(), back, w)
			}
		})
	}
}

func TestPolicyValidate(t *testing.T) {
	for _, c := range []struct {
		name    string
		change  func(*review.Policy)
		wantErr string // "" when valid
	}{
		{name: "defaults", change: func(*review.Policy) {}},
		{name: "tiny but positive", change: func(p *review.Policy) {
			p.SIRONotificationDeadline, p.DueSoonWindow, p.OverdueReminderInterval = time.Nanosecond, time.Nanosecond, time.Nanosecond
		}},
		{name: "zero SIRO deadline", change: func(p *review.Policy) { p.SIRONotificationDeadline = 0 }, wantErr: "SIRO notification deadline must be positive"},
		{name: "negative SIRO deadline", change: func(p *review.Policy) { p.SIRONotificationDeadline = -time.Hour }, wantErr: "SIRO notification deadline must be positive"},
		{name: "zero due-soon window", change: func(p *review.Policy) { p.DueSoonWindow = 0 }, wantErr: "due-soon window must be positive"},
		{name: "negative due-soon window", change: func(p *review.Policy) { p.DueSoonWindow = -time.Second }, wantErr: "due-soon window must be positive"},
		{name: "zero reminder interval", change: func(p *review.Policy) { p.OverdueReminderInterval = 0 }, wantErr: "overdue reminder interval must be positive"},
		{name: "negative reminder interval", change: func(p *review.Policy) { p.OverdueReminderInterval = -24 * time.Hour }, wantErr: "overdue reminder interval must be positive"},
		{name: "zero Critical window", change: func(p *review.Policy) { p.RCAReviewWindow[v1alpha1.SeverityCritical] = 0 }, wantErr: "review window for Critical"},
		{name: "negative High window", change: func(p *review.Policy) { p.RCAReviewWindow[v1alpha1.SeverityHigh] = -statuskit.Day }, wantErr: "review window for High"},
		{name: "missing Medium window", change: func(p *review.Policy) { delete(p.RCAReviewWindow, v1alpha1.SeverityMedium) }, wantErr: "review window for Medium"},
		{name: "zero Low window", change: func(p *review.Policy) { p.RCAReviewWindow[v1alpha1.SeverityLow] = 0 }, wantErr: "review window for Low"},
		{name: "no windows at all", change: func(p *review.Policy) { p.RCAReviewWindow = nil }, wantErr: "review window"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := review.DefaultPolicy()
			c.change(&p)
			err := p.Validate()
			switch {
			case c.wantErr == "" && err != nil:
				t.Errorf("Validate() = %v, want nil", err)
			case c.wantErr != "" && err == nil:
				t.Errorf("Validate() accepted %+v", p)
			case c.wantErr != "" && !strings.Contains(err.Error(), c.wantErr):
				t.Errorf("Validate() = %q, want it to say %q", err, c.wantErr)
			}
		})
	}
}
