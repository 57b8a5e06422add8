package report

import (
	"fmt"
	"time"
)

// MaxMonths bounds a month axis, and so incidents.byMonth: the newest
// months are kept, being the ones a reader acts on.
const MaxMonths = 120

// MonthAxis is the month axis of the span [from, to): every UTC calendar
// month it touches, as "YYYY-MM", oldest first, the empty ones included so
// that a quiet month shows as a zero rather than vanishing. A span of more
// than MaxMonths keeps its newest MaxMonths. It is the one rule behind
// status.incidents.byMonth and the report document's months, so the two
// cannot drift apart. Nil when to is not after from.
func MonthAxis(from, to time.Time) []string {
	first, last, ok := monthSpan(from, to)
	if !ok {
		return nil
	}
	axis := make([]string, 0, last-first+1)
	for i := first; i <= last; i++ {
		axis = append(axis, monthName(i))
	}
	return axis
}

// monthSpan is MonthAxis as month indexes (see monthIndex), first and last
// inclusive; ok is false when the axis is empty.
func monthSpan(from, to time.Time) (first, last int, ok bool) {
	if !to.After(from) {
		return 0, 0, false
	}
	// to is exclusive: a span ending at the start of a month does not
	// touch that month.
	first, last = monthIndex(from), monthIndex(to.Add(-time.Nanosecond))
	return max(first, last-MaxMonths+1), last, true
}

// monthIndex numbers calendar months (UTC) consecutively: year*12 + month-1.
func monthIndex(t time.Time) int {
	u := t.UTC()
	return u.Year()*12 + int(u.Month()) - 1
}

func monthStart(i int) time.Time {
	return time.Date(i/12, time.Month(i%12+1), 1, 0, 0, 0, 0, time.UTC)
}

func monthName(i int) string {
	return fmt.Sprintf("%04d-%02d", i/12, i%12+1)
}
