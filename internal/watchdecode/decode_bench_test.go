package watchdecode

import (
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/runtime"
)

// BenchmarkWatchDecode decodes a watch of 200 reviews (2,400 objects, with
// the statuses the operator writes and kubectl's metadata) as the API
// server writes it, the standard way and the quick way, and reports the
// time of each per object and, measured side by side in one run, how many
// times quicker the quick way is.
func BenchmarkWatchDecode(b *testing.B) {
	stream, objs := reviewsStream(b, 200)
	for _, way := range []struct {
		name string
		ns   func() runtime.NegotiatedSerializer
	}{{"standard", standard}, {"quick", func() runtime.NegotiatedSerializer { return quick(&counts{}) }}} {
		b.Run(way.name, func(b *testing.B) {
			ns := way.ns()
			b.SetBytes(int64(len(stream)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := decoded(b, ns, stream); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(objs)), "ns/object")
		})
	}
	b.Run("speedup", func(b *testing.B) {
		std, q := standard(), quick(&counts{})
		var spent [2]time.Duration
		for b.Loop() {
			for i, ns := range []runtime.NegotiatedSerializer{std, q} {
				start := time.Now()
				if _, err := decoded(b, ns, stream); err != nil {
					b.Fatal(err)
				}
				spent[i] += time.Since(start)
			}
		}
		b.ReportMetric(float64(spent[0])/float64(spent[1]), "x")
	})
}
