package main

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// histogram is a Prometheus histogram's cumulative bucket counts, summed
// over the series read into it.
type histogram struct {
	bounds []float64 // the buckets' upper bounds, ascending, +Inf last
	counts []float64 // how many observations were at most each bound
}

// readHistogram sums the series of the histogram family name on a metrics
// page whose labels include every label of match.
func readHistogram(page []byte, name string, match map[string]string) (histogram, error) {
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(bytes.NewReader(page))
	if err != nil {
		return histogram{}, fmt.Errorf("reading metrics: %w", err)
	}
	family, ok := families[name]
	if !ok || family.GetType() != dto.MetricType_HISTOGRAM {
		return histogram{}, fmt.Errorf("no histogram %s among the metrics", name)
	}
	var h histogram
	for _, m := range family.GetMetric() {
		if !hasLabels(m, match) {
			continue
		}
		buckets := m.GetHistogram().GetBucket()
		if h.bounds == nil {
			for _, b := range buckets {
				h.bounds = append(h.bounds, b.GetUpperBound())
			}
			h.bounds = append(h.bounds, math.Inf(1))
			h.counts = make([]float64, len(h.bounds))
		}
		if len(buckets)+1 != len(h.bounds) {
			return histogram{}, fmt.Errorf("the series of %s have different buckets", name)
		}
		for i, b := range buckets {
			h.counts[i] += float64(b.GetCumulativeCount())
		}
		h.counts[len(buckets)] += float64(m.GetHistogram().GetSampleCount())
	}
	return h, nil
}

func hasLabels(m *dto.Metric, match map[string]string) bool {
	found := 0
	for _, l := range m.GetLabel() {
		if v, ok := match[l.GetName()]; ok {
			if v != l.GetValue() {
				return false
			}
			found++
		}
	}
	return found == len(match)
}

// since is what was observed between an earlier reading and this one.
func (h histogram) since(earlier histogram) histogram {
	if earlier.bounds == nil {
		return h
	}
	d := histogram{bounds: h.bounds, counts: slices.Clone(h.counts)}
	for i := range d.counts {
		d.counts[i] -= earlier.counts[i]
	}
	return d
}

// count is how many observations the histogram holds.
func (h histogram) count() int {
	if len(h.counts) == 0 {
		return 0
	}
	return int(h.counts[len(h.counts)-1])
}

// over counts the observations above bound, which must be one of the
// buckets' bounds (it is -1 otherwise).
func (h histogram) over(bound float64) int {
	i := slices.Index(h.bounds, bound)
	if i < 0 {
		return -1
	}
	return h.count() - int(h.counts[i])
}

// quantile estimates the q-quantile as Prometheus's histogram_quantile
// does: linearly within the bucket it falls in. In the last bucket, which
// has no upper bound, it is that bucket's lower bound.
func (h histogram) quantile(q float64) time.Duration {
	n := float64(h.count())
	if n == 0 {
		return 0
	}
	rank := q * n
	i, _ := slices.BinarySearchFunc(h.counts, rank, func(c, r float64) int {
		if c < r {
			return -1
		}
		return 1
	})
	lower, below := 0.0, 0.0
	if i > 0 {
		lower, below = h.bounds[i-1], h.counts[i-1]
	}
	if math.IsInf(h.bounds[i], 1) {
		return seconds(lower)
	}
	inBucket := h.counts[i] - below
	return seconds(lower + (h.bounds[i]-lower)*(rank-below)/inBucket)
}

func seconds(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }

// String is the histogram's p50 / p99 and how many it counts.
func (h histogram) String() string {
	return fmt.Sprintf("%s / %s (%d)", h.quantile(0.5).Round(time.Millisecond), h.quantile(0.99).Round(time.Millisecond), h.count())
}
