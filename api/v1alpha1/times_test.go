package v1alpha1_test

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
)

// Every time in a spec carries the same pattern and the same bounds, so a
// hostile user can store no time that Go cannot read (which would fail
// every list of the kind, in every namespace) nor one from which a deadline
// or a period beyond the years RFC 3339 writes would follow. Markers cannot
// share a constant, so the repeated marker strings are checked here, in
// the CRDs they generate.

// The bounds rule and its message, on each time or, for a report period,
// on spec.period for its from and to.
const (
	boundsRule    = `self >= timestamp('1900-01-01T00:00:00Z') && self < timestamp('3000-01-01T00:00:00Z')`
	boundsMessage = "must be a time in the years 1900 to 2999 (UTC): write one from 1900-01-01T00:00:00Z up to 2999-12-31T23:59:59Z"
)

// dateTime is a date-time property of a CRD schema, with the object
// holding it.
type dateTime struct {
	path, name     string
	schema, parent *apiextensionsv1.JSONSchemaProps
}

// dateTimes lists the date-time properties under path in s.
func dateTimes(path string, s *apiextensionsv1.JSONSchemaProps) []dateTime {
	var out []dateTime
	for _, name := range slices.Sorted(maps.Keys(s.Properties)) {
		prop := s.Properties[name]
		if prop.Format == "date-time" {
			out = append(out, dateTime{path + "." + name, name, &prop, s})
		}
		out = append(out, dateTimes(path+"."+name, &prop)...)
	}
	if s.Items != nil && s.Items.Schema != nil {
		out = append(out, dateTimes(path+"[]", s.Items.Schema)...)
	}
	return out
}

// bounded tells whether the bounds rule holds t: on t itself, or on the
// object holding it, for the field, with fieldPath pointing at it.
func bounded(t dateTime) bool {
	for _, v := range t.schema.XValidations {
		if v.Rule == boundsRule && v.Message == boundsMessage {
			return true
		}
	}
	onField := strings.ReplaceAll(boundsRule, "self", "self."+t.name)
	for _, v := range t.parent.XValidations {
		if v.Message == boundsMessage && v.FieldPath == "."+t.name &&
			(v.Rule == onField || v.Rule == fmt.Sprintf("!has(self.%s) || (%s)", t.name, onField)) {
			return true
		}
	}
	return false
}

// timePattern is the one pattern every time in the CRDs carries.
func timePattern(t *testing.T) string {
	t.Helper()
	patterns := map[string][]string{}
	for _, crd := range generatedCRDs(t) {
		for _, v := range crd.Spec.Versions {
			for _, dt := range dateTimes(crd.Spec.Names.Kind, v.Schema.OpenAPIV3Schema) {
				if dt.schema.Pattern != "" {
					patterns[dt.schema.Pattern] = append(patterns[dt.schema.Pattern], dt.path)
				}
			}
		}
	}
	if len(patterns) != 1 {
		t.Fatalf("want one pattern for every time, found %d: %v", len(patterns), patterns)
	}
	return slices.Collect(maps.Keys(patterns))[0]
}

func TestEverySpecTimeHasThePatternAndTheBounds(t *testing.T) {
	pattern := timePattern(t)
	var checked []string
	for kind, spec := range specSchemas(t) {
		for _, dt := range dateTimes(kind+".spec", spec) {
			checked = append(checked, dt.path)
			if dt.schema.Pattern != pattern {
				t.Errorf("%s has no time pattern: give it the +kubebuilder:validation:Pattern of the other times", dt.path)
			}
			if dt.schema.MaxLength == nil {
				t.Errorf("%s has no maxLength", dt.path)
			}
			if !bounded(dt) {
				t.Errorf("%s is not bounded to the years 1900 to 2999: give it the XValidation of the other times", dt.path)
			}
		}
	}
	slices.Sort(checked)
	want := []string{
		"ImprovementAction.spec.completedAt", "ImprovementAction.spec.corrections[].at", "ImprovementAction.spec.dueDate",
		"ImprovementAction.spec.extensions[].at", "ImprovementAction.spec.extensions[].dueDate",
		"Incident.spec.containedAt", "Incident.spec.corrections[].at", "Incident.spec.detectedAt", "Incident.spec.externalReportDecision.at", "Incident.spec.externalReports[].reportedAt", "Incident.spec.occurredAt", "Incident.spec.resolvedAt", "Incident.spec.siroNotifiedAt",
		"LessonsReport.spec.period.from", "LessonsReport.spec.period.to", "LessonsReport.spec.signOff.at",
		"ProcessReview.spec.heldAt",
		"RootCauseAnalysis.spec.dueDate", "RootCauseAnalysis.spec.extensions[].at", "RootCauseAnalysis.spec.extensions[].dueDate", "RootCauseAnalysis.spec.sharedWith[].at", "RootCauseAnalysis.spec.signOff.at",
	}
	if !slices.Equal(checked, want) {
		t.Errorf("spec times checked:\n got %v\nwant %v", checked, want)
	}
}

// What the pattern admits and the API server's date-time format (a real
// calendar date, hour to 23, minute and second to 59) does not refuse, Go
// reads: time.Parse(time.RFC3339), as metav1.Time does. Offsets are kept
// within ±23:59, though Go reads up to ±24:60.
func TestTimePatternAdmitsOnlyWhatGoReads(t *testing.T) {
	re := regexp.MustCompile(timePattern(t))
	try := func(s string, wantMatch bool) {
		if re.MatchString(s) != wantMatch {
			t.Errorf("pattern matches %q: %v, want %v", s, !wantMatch, wantMatch)
		}
		if !re.MatchString(s) {
			return
		}
		if _, err := time.Parse("2006-01-02", s[:10]); err != nil {
			return // the date-time format refuses it
		}
		if _, err := time.Parse(time.RFC3339, s); err != nil {
			t.Errorf("pattern matches %q, a calendar date, but Go cannot read it: %v", s, err)
		}
	}
	for h := range 100 {
		for m := range 100 {
			valid := h < 24 && m < 60
			for _, sign := range []string{"+", "-"} {
				try(fmt.Sprintf("2027-01-01T00:00:00%s%02d:%02d", sign, h, m), valid)
			}
			try(fmt.Sprintf("2027-01-01T%02d:%02d:00Z", h, m), valid)
			try(fmt.Sprintf("2027-01-01T00:%02d:%02dZ", h, m), h < 60 && m < 60)
			for _, year := range []string{"1900", "2000", "2024", "2027", "2100", "2999"} {
				try(fmt.Sprintf("%s-%02d-%02dT12:00:00.5Z", year, h, m), h >= 1 && h <= 12 && m >= 1 && m <= 31)
			}
		}
	}
	for s, want := range map[string]bool{
		"2027-01-01T00:00:00.123456789+23:59": true,
		"2027-01-01T00:00:00.1234567891Z":     false,
		"2027-01-01T00:00:00.Z":               false,
		"2027-01-01t00:00:00z":                false,
		"2027-01-01T00:00:00":                 false,
		"10000-01-01T00:00:00Z":               false,
		"+2027-01-01T00:00:00Z":               false,
		"2027-01-01 00:00:00Z":                false,
	} {
		try(s, want)
	}
}
