package main

import (
	"strings"
	"testing"
)

// TestConcurrencyFlags: reviews' reconciles mostly wait on the API server,
// so they get more workers than reports, whose recomputes use the CPUs;
// each flag sets its own bound.
func TestConcurrencyFlags(t *testing.T) {
	for _, tc := range []struct {
		name                string
		args                []string
		reviews, recomputes int
	}{
		{"defaults: reviews wait on the API server, recomputes use the CPUs", nil, 16, 4},
		{"each set on its own", []string{"--max-concurrent-reconciles=32", "--max-concurrent-report-reconciles=2"}, 32, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := parseFlags(tc.args)
			if err != nil {
				t.Fatal(err)
			}
			if f.maxConcurrent != tc.reviews || f.reportWorkers != tc.recomputes {
				t.Errorf("reconciles at once: %d a review kind, %d reports; want %d and %d", f.maxConcurrent, f.reportWorkers, tc.reviews, tc.recomputes)
			}
		})
	}
}

// TestConcurrencyFlagsRefuseNoWorkers: a controller with no worker would
// never reconcile, so the manager refuses to start, naming both flags.
func TestConcurrencyFlagsRefuseNoWorkers(t *testing.T) {
	for _, arg := range []string{"--max-concurrent-reconciles=0", "--max-concurrent-report-reconciles=-1"} {
		_, err := parseFlags([]string{arg})
		if err == nil {
			t.Errorf("%s was accepted, want it refused at start-up", arg)
			continue
		}
		for _, flag := range []string{"--max-concurrent-reconciles", "--max-concurrent-report-reconciles"} {
			if !strings.Contains(err.Error(), flag) {
				t.Errorf("%s was refused with %q, which does not name %s", arg, err, flag)
			}
		}
	}
}
