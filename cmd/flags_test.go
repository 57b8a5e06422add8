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
