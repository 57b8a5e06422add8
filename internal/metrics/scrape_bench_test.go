package metrics

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/common/expfmt"
	clocktesting "k8s.io/utils/clock/testing"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/cached"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

// byteCount counts what is written to it.
type byteCount int

func (c *byteCount) Write(p []byte) (int, error) {
	*c += byteCount(len(p))
	return len(p), nil
}

// scrapePopulation is 100,000 improvement actions, ten for each of 10,000
// incidents in 20 namespaces, one in ten overdue at now; with longest, every
// field a label may carry is as long as the API admits (owners and links
// longer than the labels keep).
func scrapePopulation(longest bool) (objs []client.Object, overdue int) {
	const namespaces, incidents, actions = 20, 500, 10
	long := func(prefix string, n int) string {
		if !longest {
			return prefix
		}
		return prefix + strings.Repeat("x", n-len(prefix))
	}
	now := fixtures.OnCallNow
	for ns := range namespaces {
		namespace := fmt.Sprintf("team-%02d", ns)
		for i := range incidents {
			incident := long(fmt.Sprintf("incident-%04d-", i), 253)
			objs = append(objs, fixtures.Incident(incident, fixtures.InNamespace[v1alpha1.Incident](namespace),
				fixtures.DetectedAt(now.Add(-24*time.Hour), time.Hour),
				func(inc *v1alpha1.Incident) { inc.Spec.Owner = v1alpha1.Person(long("owner@trust.example", 254)) }))
			for a := range actions {
				due := now.Add(time.Duration(a+1) * 24 * time.Hour)
				if a == 0 {
					due, overdue = now.Add(-time.Hour), overdue+1
				}
				objs = append(objs, fixtures.Action(long(fmt.Sprintf("action-%04d-%02d-", i, a), 253), incident, due,
					fixtures.InNamespace[v1alpha1.ImprovementAction](namespace),
					fixtures.OwnedBy(v1alpha1.Person(long("team:infrastructure", 254))),
					fixtures.Linked(v1alpha1.Link{Name: long("SEC-1", 128), URL: long("https://tickets.trust.example/SEC-1", 2048)})))
			}
		}
	}
	return objs, overdue
}

// BenchmarkScrapeAt100k serves the whole exposition of 100,000 actions, as
// Prometheus reads it, and reports its size: in all, per series, and per
// overdue action, at ordinary and at the longest field lengths. Each duty
// that needs someone (an action overdue or due soon) has its series, whose
// labels are bounded: at the longest fields a series grows to a bounded
// size, never to the fields' 2,048 characters. The time per scrape
// includes the fake client's copies of every object, which the manager's
// cache does not make; the size is the figure.
func BenchmarkScrapeAt100k(b *testing.B) {
	for _, longest := range []bool{false, true} {
		b.Run(map[bool]string{false: "ordinary", true: "longest-fields"}[longest], func(b *testing.B) {
			objs, overdue := scrapePopulation(longest)
			reader := testenv.FakeClient(objs...)
			reg := prometheus.NewRegistry()
			reg.MustRegister(&Collector{Reader: reader, Reviews: cached.Lists(reader), Clock: clocktesting.NewFakeClock(fixtures.OnCallNow), Policy: review.DefaultPolicy()})
			var size byteCount
			series := 0
			for b.Loop() {
				families, err := reg.Gather()
				if err != nil {
					b.Fatal(err)
				}
				size, series = 0, 0
				for _, f := range families {
					series += len(f.GetMetric())
					if _, err := expfmt.MetricFamilyToText(&size, f); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(size), "scrape-bytes")
			b.ReportMetric(float64(series), "series")
			b.ReportMetric(float64(size)/float64(series), "bytes/series")
			b.ReportMetric(float64(size)/float64(overdue), "bytes/overdue-action")
		})
	}
}
