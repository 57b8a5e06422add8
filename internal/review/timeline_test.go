package review

import (
	"fmt"
	"slices"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

// history is n entries, one an hour from T0, typed e0, e1, ...
func history(n int) []v1alpha1.TimelineEntry {
	out := make([]v1alpha1.TimelineEntry, n)
	for i := range out {
		out[i] = v1alpha1.TimelineEntry{Type: fmt.Sprintf("e%d", i), Time: metav1.NewTime(fixtures.T0.Add(time.Duration(i) * time.Hour)), Message: "m"}
	}
	return out
}

func entryTypes(entries []v1alpha1.TimelineEntry) []string {
	out := []string{}
	for _, e := range entries {
		out = append(out, e.Type)
	}
	return out
}

func TestTimelineAdd(t *testing.T) {
	now := fixtures.T0.Add(100*statuskit.Day + 250*time.Millisecond)
	for _, c := range []struct {
		name      string
		existing  []v1alpha1.TimelineEntry
		added     []string
		wantLen   int
		wantFirst string // type of the oldest entry kept
		wantLast  string
	}{
		{name: "to an empty timeline", existing: nil, added: []string{"Open"}, wantLen: 1, wantFirst: "Open", wantLast: "Open"},
		{name: "appends, oldest first", existing: history(2), added: []string{"Investigating"}, wantLen: 3, wantFirst: "e0", wantLast: "Investigating"},
		{name: "several in order", existing: history(1), added: []string{"a", "b", "c"}, wantLen: 4, wantFirst: "e0", wantLast: "c"},
		{name: "filling up to the limit drops nothing", existing: history(TimelineLimit - 1), added: []string{"new"}, wantLen: TimelineLimit, wantFirst: "e0", wantLast: "new"},
		{name: "one past the limit drops the oldest", existing: history(TimelineLimit), added: []string{"new"}, wantLen: TimelineLimit, wantFirst: "e1", wantLast: "new"},
		{name: "two past the limit drops the two oldest", existing: history(TimelineLimit - 1), added: []string{"a", "b", "c"}, wantLen: TimelineLimit, wantFirst: "e2", wantLast: "c"},
		{name: "an over-long stored timeline is cut down", existing: history(TimelineLimit + 5), added: []string{"new"}, wantLen: TimelineLimit, wantFirst: "e6", wantLast: "new"},
	} {
		t.Run(c.name, func(t *testing.T) {
			before := slices.Clone(c.existing)
			tl := newTimeline(c.existing, now)
			for _, a := range c.added {
				tl.add(a, "message of "+a)
			}
			got := tl.entries
			if len(got) != c.wantLen {
				t.Fatalf("len = %d, want %d: %v", len(got), c.wantLen, entryTypes(got))
			}
			if got[0].Type != c.wantFirst || got[len(got)-1].Type != c.wantLast {
				t.Errorf("entries run %s..%s, want %s..%s", got[0].Type, got[len(got)-1].Type, c.wantFirst, c.wantLast)
			}
			last := got[len(got)-1]
			if !last.Time.Time.Equal(now.Truncate(time.Second)) {
				t.Errorf("new entry at %s, want now to the second %s", last.Time.Format(time.RFC3339Nano), now.Truncate(time.Second))
			}
			if last.Message != "message of "+c.wantLast {
				t.Errorf("new entry message %q", last.Message)
			}
			if !slices.Equal(entryTypes(c.existing), entryTypes(before)) {
				t.Errorf("the previous timeline was changed: %v", entryTypes(c.existing))
			}
		})
	}
}

func TestTimelineAddNeverWritesIntoThePreviousArray(t *testing.T) {
	// Spare capacity behind the previous status's timeline would let an
	// in-place append overwrite what another reader still holds.
	backing := make([]v1alpha1.TimelineEntry, 3, 10)
	copy(backing, history(3))
	existing := backing[:3]
	tl := newTimeline(existing, fixtures.T0.Add(statuskit.Day))
	tl.add("Open", "m")
	if spare := backing[:4][3]; spare.Type != "" {
		t.Errorf("add wrote %q into the previous timeline's array", spare.Type)
	}
	tl.entries[0].Type = "changed"
	if existing[0].Type != "e0" {
		t.Error("the new timeline shares entries with the previous one")
	}
}

func TestTimelineHas(t *testing.T) {
	entries := []v1alpha1.TimelineEntry{
		{Type: "RCAOverdue", Time: metav1.NewTime(fixtures.T0.Add(15 * statuskit.Day))},
		{Type: "Open", Time: metav1.NewTime(fixtures.T0.Add(20 * statuskit.Day))},
	}
	at := fixtures.T0.Add(15 * statuskit.Day)
	for _, c := range []struct {
		name  string
		typ   string
		since time.Time
		want  bool
	}{
		{"recorded after since", "RCAOverdue", at.Add(-time.Hour), true},
		{"recorded exactly at since", "RCAOverdue", at, true},
		{"since within the same second", "RCAOverdue", at.Add(999 * time.Millisecond), true},
		{"recorded one second before since", "RCAOverdue", at.Add(time.Second), false},
		{"recorded long before since", "RCAOverdue", at.Add(statuskit.Day), false},
		{"another type only", "SIRONotificationOverdue", at.Add(-statuskit.Day), false},
		{"the later entry of another type does not count", "RCAOverdue", at.Add(2 * statuskit.Day), false},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := newTimeline(entries, at).has(c.typ, c.since); got != c.want {
				t.Errorf("has(%s, %s) = %v, want %v", c.typ, c.since, got, c.want)
			}
		})
	}
	if newTimeline(nil, at).has("RCAOverdue", time.Time{}) {
		t.Error("an empty timeline has an entry")
	}
}
