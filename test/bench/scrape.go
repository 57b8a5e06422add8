package main

import (
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"
)

// scrapeCost is what one scrape of the manager's /metrics costs, as
// Prometheus makes it (gzip accepted): the page's size, its series, and
// the median time of several scrapes until the whole page is read.
type scrapeCost struct {
	bytes, gzipped int
	series         int // every sample line
	lessonsSeries  int // of which the operator's own (lessons_*)
	took           time.Duration
}

func (s scrapeCost) String() string {
	return fmt.Sprintf("%s (%.0f KiB gzipped), %d series of which %d lessons_*, %s per scrape (median of %d)",
		kib(s.bytes), float64(s.gzipped)/1024, s.series, s.lessonsSeries, s.took.Round(100*time.Microsecond), scrapes)
}

func kib(n int) string { return fmt.Sprintf("%.0f KiB", float64(n)/1024) }

// scrapes is how many scrapes the cost is the median of.
const scrapes = 5

// measureScrape scrapes the manager's metrics several times.
func (m *manager) measureScrape() (scrapeCost, error) {
	var s scrapeCost
	var took []time.Duration
	for range scrapes {
		req, err := http.NewRequest(http.MethodGet, "http://"+m.MetricsAddr()+"/metrics", nil)
		if err != nil {
			return s, err
		}
		// Asked for explicitly, the transport leaves the body compressed,
		// as Prometheus receives it.
		req.Header.Set("Accept-Encoding", "gzip")
		start := time.Now()
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return s, err
		}
		gzipped, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		took = append(took, time.Since(start))
		if err != nil {
			return s, err
		}
		if resp.StatusCode != http.StatusOK {
			return s, fmt.Errorf("/metrics answered %s", resp.Status)
		}
		page := gzipped
		if resp.Header.Get("Content-Encoding") == "gzip" {
			zr, err := gzip.NewReader(strings.NewReader(string(gzipped)))
			if err != nil {
				return s, err
			}
			if page, err = io.ReadAll(zr); err != nil {
				return s, err
			}
		}
		s.bytes, s.gzipped = len(page), len(gzipped)
		s.series, s.lessonsSeries = 0, 0
		for line := range strings.Lines(string(page)) {
			if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
				continue
			}
			s.series++
			if strings.HasPrefix(line, "lessons_") {
				s.lessonsSeries++
			}
		}
	}
	slices.Sort(took)
	s.took = took[len(took)/2]
	return s, nil
}
