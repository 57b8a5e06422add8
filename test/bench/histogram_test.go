package main

import (
	"testing"
	"time"
)

const page = `# HELP request_seconds How long requests took.
# TYPE request_seconds histogram
request_seconds_bucket{verb="PUT",resource="actions",le="0.1"} 6
request_seconds_bucket{verb="PUT",resource="actions",le="0.2"} 9
request_seconds_bucket{verb="PUT",resource="actions",le="+Inf"} 10
request_seconds_sum{verb="PUT",resource="actions"} 1.5
request_seconds_count{verb="PUT",resource="actions"} 10
request_seconds_bucket{verb="PUT",resource="reports",le="0.1"} 1000
request_seconds_bucket{verb="PUT",resource="reports",le="0.2"} 1000
request_seconds_bucket{verb="PUT",resource="reports",le="+Inf"} 1000
request_seconds_sum{verb="PUT",resource="reports"} 1
request_seconds_count{verb="PUT",resource="reports"} 1000
`

// TestHistogramQuantiles reads one series out of a page, and estimates
// its quantiles within the buckets as histogram_quantile does.
func TestHistogramQuantiles(t *testing.T) {
	h, err := readHistogram([]byte(page), "request_seconds", map[string]string{"resource": "actions"})
	if err != nil {
		t.Fatal(err)
	}
	if h.count() != 10 {
		t.Fatalf("counted %d observations, want the 10 of the actions", h.count())
	}
	for _, c := range []struct {
		q    float64
		want time.Duration
	}{
		{0.3, 50 * time.Millisecond},   // 3 of the 6 in (0, 0.1]
		{0.6, 100 * time.Millisecond},  // the 6th is at most 0.1
		{0.75, 150 * time.Millisecond}, // halfway through (0.1, 0.2]
		{0.99, 200 * time.Millisecond}, // beyond the last bound: that bound
	} {
		if got := h.quantile(c.q); got != c.want {
			t.Errorf("quantile(%v) = %s, want %s", c.q, got, c.want)
		}
	}
	if h.over(0.1) != 4 || h.over(0.2) != 1 || h.over(0.15) != -1 {
		t.Errorf("over 0.1 s, 0.2 s and 0.15 s (not a bound): %d, %d, %d; want 4, 1, -1", h.over(0.1), h.over(0.2), h.over(0.15))
	}
	earlier, err := readHistogram([]byte(page), "request_seconds", map[string]string{"resource": "actions", "verb": "PUT"})
	if err != nil {
		t.Fatal(err)
	}
	if d := h.since(earlier); d.count() != 0 || d.quantile(0.99) != 0 {
		t.Errorf("nothing observed between two equal readings, yet %s", d)
	}
	if _, err := readHistogram([]byte(page), "missing_seconds", nil); err == nil {
		t.Error("a histogram that is not on the page was read")
	}
}
