package review

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
)

// Windows maps each level, a severity or a priority, to a duration, and
// reads and writes itself as a flag: "Critical=15d,High=15d,Medium=30d,Low=30d".
type Windows[K v1alpha1.Severity | v1alpha1.Priority] map[K]time.Duration

// levels lists the levels of K, most urgent first, and names them.
func (w Windows[K]) levels() ([]K, string) {
	var k K
	switch any(k).(type) {
	case v1alpha1.Severity:
		return any(v1alpha1.Severities).([]K), "severity"
	default:
		return any(v1alpha1.Priorities).([]K), "priority"
	}
}

// String renders the windows as the flag takes them.
func (w Windows[K]) String() string {
	parts := make([]string, 0, len(w))
	levels, _ := w.levels()
	for _, l := range levels {
		if d, ok := w[l]; ok {
			parts = append(parts, string(l)+"="+formatDays(d))
		}
	}
	return strings.Join(parts, ",")
}

// Set parses "Level=duration" pairs separated by commas; a duration is a Go
// duration (360h) or whole days (15d). Levels not named keep their current
// window.
func (w Windows[K]) Set(value string) error {
	levels, kind := w.levels()
	for _, pair := range strings.Split(value, ",") {
		pair = strings.TrimSpace(pair)
		if pair == "" {
			continue
		}
		name, dur, ok := strings.Cut(pair, "=")
		if !ok {
			return fmt.Errorf("%q: want %s%s=duration, e.g. High=15d", pair, strings.ToUpper(kind[:1]), kind[1:])
		}
		level := K(strings.TrimSpace(name))
		if !slices.Contains(levels, level) {
			return fmt.Errorf("%q: %s must be Critical, High, Medium or Low", name, kind)
		}
		d, err := parseDays(strings.TrimSpace(dur))
		if err != nil {
			return fmt.Errorf("%q: %w", pair, err)
		}
		if d <= 0 {
			return fmt.Errorf("%q: the window must be positive", pair)
		}
		w[level] = d
	}
	return nil
}

// Type names the flag's value type in help output.
func (w Windows[K]) Type() string { return "windows" }

// complete refuses windows that leave a level without a positive duration.
func (w Windows[K]) complete(what string) error {
	levels, _ := w.levels()
	for _, l := range levels {
		if w[l] <= 0 {
			return fmt.Errorf("%s for %s must be positive", what, l)
		}
	}
	return nil
}
