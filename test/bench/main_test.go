package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dspt-lessons/lessons-operator/test/managerbin"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

// TestSmallRun runs the whole benchmark at a small size, so that it keeps
// working between the full runs that docs/performance.md reports. It checks
// what does not depend on the machine: every status written once, every
// deadline announced, nothing written at rest, and a complete table.
func TestSmallRun(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a control plane and the manager")
	}
	bin, err := managerbin.Build(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	r, err := run(config{
		manager:        bin,
		namespaces:     2,
		incidentsPerNS: 3,
		actionsPerInc:  4,
		deadlines:      5,
		deadlineSpread: 2 * time.Second,
		burst:          4,
		idle:           2 * time.Second,
		workers:        2,
		rawWriters:     8,
		organisation:   true,
		churnRate:      5,
		goMemLimit:     shippedGoMemLimit,
	})
	if err != nil {
		t.Fatal(err)
	}
	// Per namespace: a report, two process reviews and their two actions,
	// and each incident with its RCA and actions.
	if want := 1 + 2*(1+4+3*(1+1+4)); r.objects != want {
		t.Errorf("created %d objects, want %d", r.objects, want)
	}
	if r.convergeWrites() != r.objects {
		t.Errorf("%d status writes while converging %d objects, want one each", r.convergeWrites(), r.objects)
	}
	if len(r.deadlineDelays) != 5 || len(r.deadlineWrites) != 5 || len(r.burstDelays) != 4 {
		t.Errorf("timed %d deadlines (%d status writes) and a burst of %d, want 5 (5) and 4", len(r.deadlineDelays), len(r.deadlineWrites), len(r.burstDelays))
	}
	for what, l := range map[string]latencies{"the deadlines": r.deadlineLatencies, "the burst": r.burstLatencies} {
		// Each deadline writes its action's status and creates an event
		// on the action and one on its incident.
		if l.queueWait.count() < 4 || l.statusWrite.count() < 4 || l.eventCreate.count() < 8 || l.reconcile.count() < 4 || l.reconcile.quantile(0.99) <= 0 {
			t.Errorf("while %s passed, the latencies counted too little: %s", what, l)
		}
		// Its observation starts ahead of the first deadline by as long
		// as readings take now, so that it misses none of its reconciles.
		if l.late > 0 {
			t.Errorf("while %s passed, the latencies were observed too late: %s", what, l)
		}
	}
	if r.deadlineParts.timed != 5 {
		t.Errorf("the audit log split %d deadlines, want all 5: %s", r.deadlineParts.timed, r.deadlineParts)
	}
	if r.organisationConverge.writes != 1 || r.organisationConverge.reconciles < 3 {
		t.Errorf("organisation-wide report while converging: %s; want its status written once, and the three reports reconciled", r.organisationConverge)
	}
	if r.organisationDeadlines.reconciles == 0 || r.organisationDeadlines.writes == 0 {
		t.Errorf("organisation-wide report while deadlines passed: %s; want it recomputed", r.organisationDeadlines)
	}
	if r.idleWrites != 0 {
		t.Errorf("%d status writes at rest, want none", r.idleWrites)
	}
	if r.churnEdits == 0 || len(r.editDeliveries) == 0 {
		t.Errorf("%d actions were edited while the deadlines passed, and %d edits' delivery timed; want some", r.churnEdits, len(r.editDeliveries))
	}
	if writes := r.restartRequests["PUT"] + r.restartRequests["POST"] + r.restartRequests["PUT"+refused] + r.restartRequests["POST"+refused]; writes != 0 {
		t.Errorf("%d writes (statuses or events) after a restart that found every status written and every event recorded, want none", writes)
	}
	if r.rawTime <= 0 || r.convergeTime <= 0 || r.coldStart <= 0 || r.restartReady <= 0 || r.peakMemory <= 0 || r.liveHeap <= 0 || r.reportRecompute <= 0 {
		t.Errorf("a measure is missing: %+v", r)
	}
	table := r.table()
	t.Log("\n" + table)
	for _, row := range []string{"ratio operator / raw", "deadline → a watch sees its ActionOverdue event", "4 deadlines passing at one instant", "manager peak resident memory", "restart: requests to the API server", "status writes during 2s idle (target 0) | 0 |", "organisation-wide report over 2 namespaces"} {
		if !strings.Contains(table, row) {
			t.Errorf("the table has no row %q:\n%s", row, table)
		}
	}
}

// TestShippedGoMemLimit keeps the benchmark's default GOMEMLIMIT the one
// the manager's Deployment sets, so the memory it reports is the shipped
// manager's.
func TestShippedGoMemLimit(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(testenv.RepoRoot(), "config", "manager", "manager.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`name: GOMEMLIMIT\s+value: ` + regexp.QuoteMeta(shippedGoMemLimit) + `\s`).Match(data) {
		t.Errorf("config/manager/manager.yaml does not set GOMEMLIMIT to %s, the benchmark's default", shippedGoMemLimit)
	}
}
