package render

import (
	"strconv"
	"strings"
	"time"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/visible"
)

// noData is shown for a figure the operator omitted because there was
// nothing to compute it from. It is never shown as 0.
const noData = "no data"

// notRecorded is shown for a fact the records do not hold, in place of a
// default that would mislead (a missing containment time is not "0").
const notRecorded = "not recorded"

// orNotRecorded shows text, or that there is none.
func orNotRecorded(s string) string {
	if strings.TrimSpace(s) == "" {
		return notRecorded
	}
	return s
}

// categoryNames name the DSPT incident categories for people.
var categoryNames = map[v1alpha1.IncidentCategory]string{
	v1alpha1.CategoryPersonalDataBreach:           "Personal data breach",
	v1alpha1.CategoryConfidentialityBreach:        "Confidentiality breach",
	v1alpha1.CategoryNetworkAndInformationSystems: "Network and information systems",
}

// categoryName names a category for people.
func categoryName(c v1alpha1.IncidentCategory) string { return nameIn(categoryNames, c) }

// incidentTypeNames name the incident types for people.
var incidentTypeNames = map[v1alpha1.IncidentType]string{
	v1alpha1.IncidentTypeNearMiss: "Near miss",
	v1alpha1.IncidentTypeExercise: "Exercise (a test of the response plan)",
}

// stateNames are the phases of every kind, and the deadline breaches a
// timeline records, in words. Anything else is shown as it is.
var stateNames = map[string]string{
	"AwaitingSignOff":                                   "Awaiting sign-off",
	"ChangesRequested":                                  "Changes requested",
	"SignedOff":                                         "Signed off",
	"InProgress":                                        "In progress",
	string(v1alpha1.EventActionOverdue):                 "Action overdue",
	string(v1alpha1.EventRCAOverdue):                    "Root cause analysis overdue",
	string(v1alpha1.EventSIRONotificationOverdue):       "SIRO notification overdue",
	string(v1alpha1.EventExternalReportOverdue):         "External report overdue",
	string(v1alpha1.EventExternalReportDecisionOverdue): "External report decision overdue",
	string(v1alpha1.EventActionCompletedLate):           "Action completed late",
	string(v1alpha1.EventReleasedForDeletion):           "Released for deletion",
	string(v1alpha1.EventActionDeleted):                 "Action deleted",
}

// stateName names a phase, a state or a timeline entry's type for people.
func stateName(s string) string { return nameIn(stateNames, s) }

// yesNo answers a recorded yes-or-no question.
func yesNo(b bool) string {
	if b {
		return "Yes"
	}
	return "No"
}

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

// areaName names an area for people.
func areaName(a v1alpha1.ImprovementArea) string { return nameIn(areaNames, a) }

// nameIn names a value for people from a table of names; one the table
// does not know (a value a later API may add) is shown as it is.
func nameIn[K ~string](names map[K]string, k K) string {
	if n, ok := names[k]; ok {
		return n
	}
	return string(k)
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

// markdownText is how text from the cluster is shown in Markdown: on one
// line, with line breaks and tabs as spaces so that a table row or list
// item stays whole, every other character that acts (ESC, NUL, a
// bidirectional override) as a visible escape, and what could start markup
// escaped.
func markdownText(s string) string {
	return mdReplacer.Replace(visible.Line(strings.Join(strings.Fields(s), " ")))
}

// markdownBlock escapes multi-line text for a list item: each line is
// escaped and kept as a hard line break, indented under the item.
func markdownBlock(s string) string { return markdownLines(s, "   ") }

// markdownParagraph escapes multi-line text for a paragraph of its own.
func markdownParagraph(s string) string { return markdownLines(s, "") }

// markdownLines escapes text line by line, each line kept as a hard line
// break after indent, and none able to start a list, a heading or a rule.
func markdownLines(s, indent string) string {
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
	return strings.Join(lines, "  \n"+indent)
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
