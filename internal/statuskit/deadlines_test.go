package statuskit

import (
	"testing"
	"time"

	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

func TestDeadlines(t *testing.T) {
	now := fixtures.T0
	for _, c := range []struct {
		name  string
		added []time.Time
		want  time.Duration
	}{
		{"none", nil, 0},
		{"one in the future", []time.Time{now.Add(time.Hour)}, time.Hour},
		{"one nanosecond ahead", []time.Time{now.Add(time.Nanosecond)}, time.Nanosecond},
		{"now is not a deadline", []time.Time{now}, 0},
		{"the past is ignored", []time.Time{now.Add(-time.Nanosecond), now.Add(-Day)}, 0},
		{"the zero time is ignored", []time.Time{{}}, 0},
		{"the earliest wins, added last", []time.Time{now.Add(3 * time.Hour), now.Add(2 * time.Hour), now.Add(time.Hour)}, time.Hour},
		{"the earliest wins, added first", []time.Time{now.Add(time.Hour), now.Add(2 * time.Hour), now.Add(3 * time.Hour)}, time.Hour},
		{"the earliest wins, added between", []time.Time{now.Add(2 * time.Hour), now.Add(time.Minute), now.Add(3 * time.Hour)}, time.Minute},
		{"past and now do not hide the future", []time.Time{now.Add(-time.Hour), now, now.Add(5 * time.Second), now.Add(-time.Nanosecond)}, 5 * time.Second},
		{"the same deadline twice", []time.Time{now.Add(time.Hour), now.Add(time.Hour)}, time.Hour},
		{"far future", []time.Time{now.Add(400 * Day)}, 400 * Day},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := NewDeadlines(now)
			for _, a := range c.added {
				d.Add(a)
			}
			got := d.After()
			if got != c.want {
				t.Errorf("After() = %s, want %s", got, c.want)
			}
			if got < 0 {
				t.Errorf("After() is negative: %s", got)
			}
		})
	}
}

func TestDeadlinesAreRelativeToNowAndTimeZoneFree(t *testing.T) {
	now := time.Date(2026, 5, 4, 10, 30, 0, 0, time.FixedZone("BST", 3600))
	d := NewDeadlines(now)
	d.Add(fixtures.T0.Add(2 * time.Hour)) // 11:30 UTC is 12:30 BST: 2h after now
	if got := d.After(); got != 2*time.Hour {
		t.Errorf("After() = %s, want 2h", got)
	}
}

func TestReached(t *testing.T) {
	deadline := fixtures.T0.Add(12 * time.Hour)
	for _, c := range []struct {
		name string
		now  time.Time
		want bool
	}{
		{"one nanosecond before", deadline.Add(-time.Nanosecond), false},
		{"one second before", deadline.Add(-time.Second), false},
		{"exactly at", deadline, true},
		{"one nanosecond after", deadline.Add(time.Nanosecond), true},
		{"a day after", deadline.Add(Day), true},
		{"same instant in another zone", deadline.In(time.FixedZone("BST", 3600)), true},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := Reached(c.now, deadline); got != c.want {
				t.Errorf("Reached(%s, %s) = %v, want %v", c.now, deadline, got, c.want)
			}
		})
	}
}

func TestStampTruncatesToTheSecond(t *testing.T) {
	for _, c := range []struct {
		name string
		now  time.Time
		want time.Time
	}{
		{"whole second", fixtures.T0, fixtures.T0},
		{"one nanosecond after", fixtures.T0.Add(time.Nanosecond), fixtures.T0},
		{"one nanosecond before the next second", fixtures.T0.Add(time.Second - time.Nanosecond), fixtures.T0},
		{"half a second", fixtures.T0.Add(1500 * time.Millisecond), fixtures.T0.Add(time.Second)},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := Stamp(c.now)
			if !got.Time.Equal(c.want) {
				t.Errorf("Stamp(%s) = %s, want %s", c.now.Format(time.RFC3339Nano), got.Format(time.RFC3339Nano), c.want)
			}
		})
	}
	a, b := Stamp(fixtures.T0), Stamp(fixtures.T0)
	if a == b {
		t.Error("stamp returns a shared pointer; a caller changing one status would change another")
	}
}
