package main

import (
	"strings"
	"testing"
	"time"
)

// TestLateObservationIsMarked keeps a phase's late start with what was
// observed since, and says so in the table's row; an observation in time
// says nothing of it.
func TestLateObservationIsMarked(t *testing.T) {
	before := latencies{late: 1360 * time.Millisecond}
	row := latencies{}.since(before).String()
	if !strings.HasSuffix(row, "(observed only from 1.36s after the first deadline)") {
		t.Errorf("a late observation reads %q, want it marked late by 1.36s", row)
	}
	if row := (latencies{}).since(latencies{}).String(); strings.Contains(row, "observed only") {
		t.Errorf("an observation in time reads %q, want no mark", row)
	}
}
