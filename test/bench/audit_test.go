package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestSplitDeadlines reads an action's requests after its due date from
// an audit log and splits its delay by them: a write refused with a
// conflict, the writes before the due date and after the first, and the
// incident's copy of the event do not count, and a deadline whose event
// was not logged is left out.
func TestSplitDeadlines(t *testing.T) {
	due := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	at := func(ms int) string { return due.Add(time.Duration(ms) * time.Millisecond).Format(time.RFC3339Nano) }
	write := func(name string, code, from, to int) string {
		return fmt.Sprintf(`{"stage":"ResponseComplete","verb":"update","objectRef":{"resource":"improvementactions","subresource":"status","name":%q},"responseStatus":{"code":%d},"requestReceivedTimestamp":%q,"stageTimestamp":%q}`, name, code, at(from), at(to))
	}
	event := func(kind, name string, from, to int) string {
		return fmt.Sprintf(`{"stage":"ResponseComplete","verb":"create","objectRef":{"resource":"events"},"responseStatus":{"code":201},"requestReceivedTimestamp":%q,"stageTimestamp":%q,"requestObject":{"reason":"ActionOverdue","regarding":{"kind":%q,"name":%q}}}`, at(from), at(to), kind, name)
	}
	log := filepath.Join(t.TempDir(), "audit.log")
	lines := []string{
		write("timed-0", 200, -5000, -4990), // its creation's status
		write("timed-0", 409, 5, 8),
		write("timed-0", 200, 10, 30),
		write("timed-1", 200, 12, 20),
		event("Incident", "timed", 32, 33),
		event("ImprovementAction", "timed-0", 35, 45),
		write("timed-0", 200, 60, 70),
	}
	if err := os.WriteFile(log, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	dues := map[string]time.Time{"timed-0": due, "timed-1": due}
	requests, err := readDeadlineRequests(log, dues)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]time.Time{"timed-0": due.Add(50 * time.Millisecond), "timed-1": due.Add(100 * time.Millisecond)}
	p := splitDeadlines(dues, seen, requests)
	want := [5]time.Duration{10 * time.Millisecond, 20 * time.Millisecond, 5 * time.Millisecond, 10 * time.Millisecond, 5 * time.Millisecond}
	if p.timed != 1 || p.slowest != want {
		t.Fatalf("split %d deadlines, the slowest into %v; want 1, into %v", p.timed, p.slowest, want)
	}
	for i, part := range [][]time.Duration{p.beforeWrite, p.statusWrite, p.betweenWrite, p.eventCreate, p.delivery} {
		if len(part) != 1 || part[0] != want[i] {
			t.Errorf("part %d is %v, want [%v]", i, part, want[i])
		}
	}
}
