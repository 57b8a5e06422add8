package metrics

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/common/expfmt"
	clocktesting "k8s.io/utils/clock/testing"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/internal/cached"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

var update = flag.Bool("update", false, "rewrite the golden files from the current output")

// scrape serves objs through a Collector at the morning's clock and
// returns the exposition a scrape reads.
func scrape(t *testing.T, objs ...client.Object) []byte {
	t.Helper()
	reader := testenv.FakeClient(objs...)
	reg := prometheus.NewPedanticRegistry()
	reg.MustRegister(&Collector{Reader: reader, Reviews: cached.Lists(reader), Clock: clocktesting.NewFakeClock(fixtures.OnCallNow), Policy: review.DefaultPolicy()})
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	for _, f := range families {
		if _, err := expfmt.MetricFamilyToText(&b, f); err != nil {
			t.Fatal(err)
		}
	}
	return b.Bytes()
}

// The whole exposition of an on-call morning with every duty in every
// standing: a change to any series, label or value shows here.
func TestExpositionOfTheOnCallMorning(t *testing.T) {
	got := scrape(t, fixtures.OnCallMorning()...)
	golden := filepath.Join("testdata", "oncall-morning.golden.prom")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("the exposition changed; if that is meant, rerun with -update and review the diff.\ngot:\n%s", got)
	}
}
