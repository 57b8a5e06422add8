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

// TestMetricsAreNotExposedByDefault: the binary's own default serves the
// metrics to this machine only; plain metrics on other interfaces are
// refused at start-up unless asked for in so many words.
func TestMetricsAreNotExposedByDefault(t *testing.T) {
	for _, tc := range []struct {
		name    string
		args    []string
		refused bool
	}{
		{"the default: the loopback", nil, false},
		{"every interface, plain", []string{"--metrics-bind-address=:8080"}, true},
		{"an address of the machine, plain", []string{"--metrics-bind-address=10.0.0.7:8080"}, true},
		{"every IPv6 interface, plain", []string{"--metrics-bind-address=[::]:8080"}, true},
		{"every interface, secure", []string{"--metrics-bind-address=:8443", "--metrics-secure"}, false},
		{"every interface, plain on purpose", []string{"--metrics-bind-address=:8080", "--metrics-secure=false"}, false},
		{"the IPv6 loopback", []string{"--metrics-bind-address=[::1]:8080"}, false},
		{"localhost", []string{"--metrics-bind-address=localhost:8080"}, false},
		{"off", []string{"--metrics-bind-address=0"}, false},
		{"not an address", []string{"--metrics-bind-address=8080"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := parseFlags(tc.args)
			if tc.refused {
				if err == nil || !strings.Contains(err.Error(), "--metrics-bind-address") {
					t.Fatalf("accepted (%v), want refused naming --metrics-bind-address", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("refused: %v", err)
			}
			if len(tc.args) == 0 && f.metricsAddr != "127.0.0.1:8080" {
				t.Errorf("the default binds %s, want the loopback", f.metricsAddr)
			}
		})
	}
}
