package main

import "testing"

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

func TestConcurrencyFlagsRefuseNoWorkers(t *testing.T) {
	for _, arg := range []string{"--max-concurrent-reconciles=0", "--max-concurrent-report-reconciles=-1"} {
		if _, err := parseFlags([]string{arg}); err == nil {
			t.Errorf("%s was accepted, want it refused at start-up", arg)
		}
	}
}
