package lint

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// maxHeapPerInputByte bounds the heap a run holds at once, per byte of
// YAML read. A run keeps what the cross-object rules need of each object
// (a few hundred bytes) and the file being checked: on the folder below
// the peak measures about 5 bytes a byte, and about 20 when every object
// was kept whole. The margin is for the garbage collector, which lets the
// heap grow to twice what is live.
const maxHeapPerInputByte = 12

// The bound is on the peak of the heap in use, sampled while Check runs,
// not on the bytes allocated (runtime.MemStats.TotalAlloc): the API
// server's validators allocate hundreds of short-lived bytes per byte of
// YAML, which costs time but not memory, while what takes down a CI job is
// what is held at once. Sampling can miss the top of a peak but never
// invents one, and the collector's pacing is fixed (GOGC 100), so a
// failure means that memory grows with the input faster than it should,
// not bad luck.
func TestMemoryIsBoundedByTheInput(t *testing.T) {
	if testing.Short() {
		t.Skip("checks some 6 MiB of YAML")
	}
	dir, input := writeReviewFolder(t)
	files, err := FindFiles([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := loadCRDSchemas(); err != nil { // built once, outside the run
		t.Fatal(err)
	}
	defer debug.SetGCPercent(debug.SetGCPercent(100))

	runtime.GC()
	var base runtime.MemStats
	runtime.ReadMemStats(&base)
	peak := sampleHeapInUse()
	res, err := Check(context.Background(), files, lintNow)
	grown := peak() - base.HeapInuse
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Findings) != 0 || res.Objects == 0 {
		t.Fatalf("%d findings in %d objects, want a clean folder of reviews", len(res.Findings), res.Objects)
	}

	perByte := float64(grown) / float64(input)
	t.Logf("%.1f MiB of YAML in %d files, %d objects: the heap grew by %d MiB at most, %.1f bytes a byte", float64(input)/(1<<20), len(files), res.Objects, grown>>20, perByte)
	if perByte > maxHeapPerInputByte {
		t.Errorf("the heap grew by %.1f bytes per byte of YAML, over %d", perByte, maxHeapPerInputByte)
	}
}

// sampleHeapInUse samples the heap in use until the function it returns
// is called, which returns the highest sample.
func sampleHeapInUse() func() uint64 {
	var peak atomic.Uint64
	stop, stopped := make(chan struct{}), make(chan struct{})
	sample := func() {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		if m.HeapInuse > peak.Load() {
			peak.Store(m.HeapInuse)
		}
	}
	go func() {
		defer close(stopped)
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				sample()
			}
		}
	}()
	return func() uint64 {
		close(stop)
		<-stopped
		sample()
		return peak.Load()
	}
}

// writeReviewFolder writes a folder of reviews, each the samples' first
// incident with its analysis, its actions and the year's report, under
// names of its own: a file a review, and one file of reviews just under
// MaxFileSize. It returns the folder and its size in bytes.
func writeReviewFolder(t *testing.T) (string, int) {
	t.Helper()
	var story strings.Builder
	for _, f := range []string{"incident", "rootcauseanalysis", "improvementactions", "lessonsreport"} {
		for _, doc := range strings.Split(mustRead(t, filepath.Join("..", "..", "config", "samples", "lessons_v1alpha1_"+f+".yaml")), "\n---\n") {
			if f == "improvementactions" && !strings.Contains(doc, "name: phishing-credential-compromise-2025-05\n") {
				continue // another incident's action
			}
			story.WriteString("---\n")
			story.WriteString(doc)
			story.WriteString("\n")
		}
	}
	review := func(n int) string {
		return strings.NewReplacer(
			"phishing-credential-compromise-2025-05", fmt.Sprintf("phishing-credential-compromise-2025-05-%d", n),
			"phishing-2025-05-", fmt.Sprintf("phishing-2025-05-%d-", n),
			"financial-year-2025-26", fmt.Sprintf("financial-year-2025-26-%d", n),
		).Replace(story.String())
	}

	dir := t.TempDir()
	write := func(name, content string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	n, input := 0, 0
	for ; input < 1<<20; n++ {
		r := review(n)
		write(fmt.Sprintf("review-%d.yaml", n), r)
		input += len(r)
	}
	var big strings.Builder
	for r := review(n); big.Len()+len(r) <= MaxFileSize; r = review(n) {
		big.WriteString(r)
		n++
	}
	write("all-in-one.yaml", big.String())
	return dir, input + big.Len()
}
