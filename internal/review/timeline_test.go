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

// run is n entries of one type, one an hour from T0 after skip hours,
// their messages typ-0, typ-1, ...
func run(typ string, n, skip int) []v1alpha1.TimelineEntry {
	out := make([]v1alpha1.TimelineEntry, n)
	for i := range out {
		out[i] = v1alpha1.TimelineEntry{Type: typ, Time: metav1.NewTime(fixtures.T0.Add(time.Duration(skip+i) * time.Hour)), Message: fmt.Sprintf("%s-%d", typ, i)}
	}
	return out
}

// The timeline keeps every piece of evidence and the latest routine
// entries: an analysis sent back and resubmitted again and again pushes
// out no missed deadline.
func TestTimelineAdd(t *testing.T) {
	now := fixtures.T0.Add(100*statuskit.Day + 250*time.Millisecond)
	const routine, evidence = "Investigating", "RCAOverdue"
	for _, c := range []struct {
		name         string
		existing     []v1alpha1.TimelineEntry
		added        []string
		wantLen      int
		wantRoutine  int
		wantFirst    string // message of the oldest entry kept
		wantEvidence int
	}{
		{name: "to an empty timeline", added: []string{"Open"}, wantLen: 1, wantRoutine: 1, wantFirst: "new-0"},
		{name: "appends, oldest first", existing: run(routine, 2, 0), added: []string{evidence}, wantLen: 3, wantRoutine: 2, wantFirst: "Investigating-0", wantEvidence: 1},
		{name: "routine entries up to their bound drop nothing", existing: run(routine, RoutineTimelineLimit-1, 0), added: []string{routine},
			wantLen: RoutineTimelineLimit, wantRoutine: RoutineTimelineLimit, wantFirst: "Investigating-0"},
		{name: "a routine entry past its bound drops the oldest routine entry", existing: run(routine, RoutineTimelineLimit, 0), added: []string{routine},
			wantLen: RoutineTimelineLimit, wantRoutine: RoutineTimelineLimit, wantFirst: "Investigating-1"},
		{name: "27 resubmissions push out no evidence", existing: append(run(evidence, 1, 0), run(routine, RoutineTimelineLimit, 1)...),
			added: slices.Repeat([]string{routine, "AwaitingSignOff"}, 27), wantLen: RoutineTimelineLimit + 1, wantRoutine: RoutineTimelineLimit, wantFirst: "RCAOverdue-0", wantEvidence: 1},
		{name: "evidence is kept past the routine bound", existing: append(run(routine, RoutineTimelineLimit, 0), run(evidence, 100, RoutineTimelineLimit)...),
			added: []string{evidence}, wantLen: RoutineTimelineLimit + 101, wantRoutine: RoutineTimelineLimit, wantFirst: "Investigating-0", wantEvidence: 101},
		{name: "evidence past the whole bound drops the oldest evidence", existing: append(run(evidence, TimelineLimit-RoutineTimelineLimit, 0), run(routine, RoutineTimelineLimit, 200)...),
			added: []string{evidence}, wantLen: TimelineLimit, wantRoutine: RoutineTimelineLimit, wantFirst: "RCAOverdue-1", wantEvidence: TimelineLimit - RoutineTimelineLimit},
		{name: "an over-long stored timeline is cut down", existing: run(evidence, TimelineLimit+5, 0), added: []string{evidence},
			wantLen: TimelineLimit, wantFirst: "RCAOverdue-6", wantEvidence: TimelineLimit},
	} {
		t.Run(c.name, func(t *testing.T) {
			before := slices.Clone(c.existing)
			tl := newTimeline(c.existing, now)
			for i, a := range c.added {
				tl.add(a, fmt.Sprintf("new-%d", i))
			}
			got := tl.entries
			routines := 0
			for _, e := range got {
				if routineEntry(e) {
					routines++
				}
			}
			if len(got) != c.wantLen || routines != c.wantRoutine || len(got)-routines != c.wantEvidence {
				t.Fatalf("%d entries, %d routine, %d evidence; want %d, %d, %d", len(got), routines, len(got)-routines, c.wantLen, c.wantRoutine, c.wantEvidence)
			}
			if got[0].Message != c.wantFirst {
				t.Errorf("the oldest entry kept is %s, want %s", got[0].Message, c.wantFirst)
			}
			last := got[len(got)-1]
			if want := fmt.Sprintf("new-%d", len(c.added)-1); last.Message != want || last.Type != c.added[len(c.added)-1] {
				t.Errorf("the newest entry is %s %q, want %s %q", last.Type, last.Message, c.added[len(c.added)-1], want)
			}
			if !last.Time.Time.Equal(now.Truncate(time.Second)) {
				t.Errorf("new entry at %s, want now to the second %s", last.Time.Format(time.RFC3339Nano), now.Truncate(time.Second))
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
