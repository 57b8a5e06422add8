package render

import (
	"strconv"
	"strings"
	"time"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
)

// noData is shown for a figure the operator omitted because there was
// nothing to compute it from. It is never shown as 0.
const noData = "no data"

// areaNames are the human-readable names of the nine DSPT D2.b areas.
var areaNames = map[v1alpha1.ImprovementArea]string{
	v1alpha1.AreaPoliciesProcessesProcedures:   "Policies, processes and procedures",
	v1alpha1.AreaRolesResponsibilitiesTraining: "Roles, responsibilities and training",
	v1alpha1.AreaSystemConfiguration:           "System configuration",
	v1alpha1.AreaSecurityMonitoringReporting:   "Security monitoring and reporting",
	v1alpha1.AreaInvestigationProcedures:       "Investigation procedures",
	v1alpha1.AreaContainmentRecovery:           "Containment and recovery",
	v1alpha1.AreaGovernanceCommunication:       "Governance and communication",
	v1alpha1.AreaSystemInterdependence:         "Interdependence of systems",
	v1alpha1.AreaMeasureReliability:            "Reliability of measures, backups included",
}

// areaName names an area for people; an unknown one is shown as it is.
func areaName(a v1alpha1.ImprovementArea) string {
	if n, ok := areaNames[a]; ok {
		return n
	}
	return string(a)
}

// causeName names a cause type for people.
func causeName(c string) string {
	switch c {
	case "Technical":
		return "Technical"
	case "NonTechnical":
		return "Non-technical"
	}
	return c
}

// recurringName names a recurring area or cause type for people.
func recurringName(n string) string {
	if name, ok := areaNames[v1alpha1.ImprovementArea(n)]; ok {
		return name
	}
	return causeName(n)
}

// formatDate renders a day, e.g. "1 April 2026".
func formatDate(t time.Time) string { return t.UTC().Format("2 January 2006") }

// formatDateTime renders an instant, e.g. "2 April 2027 14:05 UTC".
func formatDateTime(t time.Time) string { return t.UTC().Format("2 January 2006 15:04 MST") }

// periodText renders a period as people read it. The end is exclusive, so
// an end at midnight UTC is shown as the day before ("1 April 2026 to
// 31 March 2027"); an open-ended period runs "to date".
func periodText(from time.Time, to *time.Time) string {
	start := formatDate(from)
	if !isMidnight(from) {
		start = formatDateTime(from)
	}
	if to == nil {
		return start + " to date"
	}
	if isMidnight(*to) {
		return start + " to " + formatDate(to.AddDate(0, 0, -1))
	}
	return start + " to " + formatDateTime(*to)
}

func isMidnight(t time.Time) bool {
	t = t.UTC()
	return t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0
}

// monthLabel turns "2026-04" into "Apr 2026"; anything else is kept.
func monthLabel(m string) string {
	t, err := time.Parse("2006-01", m)
	if err != nil {
		return m
	}
	return t.Format("Jan 2006")
}

// parseRatio reads a decimal string such as "2.50".
func parseRatio(s string) (float64, bool) {
	if s == "" {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil
}

// mdReplacer escapes text for Markdown: every character that could start
// markup (emphasis, code, links, HTML, table cells) is backslash-escaped, so
// text from the cluster is always shown literally and never run as HTML.
var mdReplacer = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", `*`, `\*`, `_`, `\_`, `[`, `\[`, `]`, `\]`,
	`<`, `\<`, `>`, `\>`, `|`, `\|`, `#`, `\#`, `&`, `\&`,
)

// markdownText escapes one line of text for Markdown; line breaks become
// spaces so that a table row or list item stays whole.
func markdownText(s string) string {
	return mdReplacer.Replace(strings.Join(strings.Fields(s), " "))
}

// markdownBlock escapes multi-line text for a list item: each line is
// escaped and kept as a hard line break, indented under the item.
func markdownBlock(s string) string {
	var lines []string
	for _, l := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		l = markdownText(l)
		if strings.ContainsAny(l[:1], "-+=") {
			l = `\` + l
		} else if i := numberDot(l); i > 0 {
			l = l[:i] + `\` + l[i:]
		}
		lines = append(lines, l)
	}
	return strings.Join(lines, "  \n   ")
}

// numberDot returns the index of the "." or ")" of a line that starts like
// an ordered list item ("1. ", "2) "), or 0.
func numberDot(s string) int {
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i > 0 && i < len(s) && (s[i] == '.' || s[i] == ')') {
		return i
	}
	return 0
}
