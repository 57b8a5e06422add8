package lint

import (
	"path/filepath"
	"testing"
)

// The CRDs' time rules reach the linter with the schemas: a time Go cannot
// read, one outside the years 1900 to 2999 and a report period shorter
// than a day are reported at their lines, as the API server would refuse
// them.
func TestTimesOutsideTheRulesAtTheirLines(t *testing.T) {
	const d = "testdata/times/incidents.yaml"
	const years = "must be a time in the years 1900 to 2999 (UTC): write one from 1900-01-01T00:00:00Z up to 2999-12-31T23:59:59Z"
	res, _ := lintPaths(t, filepath.FromSlash(d))
	assertFindings(t, res.Findings, []string{
		d + `:6: warning: incident/offset-of-25-hours: no root cause analysis yet (DSPT D2.a asks for one after every incident and near miss)`,
		d + `:13: incident/offset-of-25-hours: spec.detectedAt: Invalid value: "2027-01-01T00:00:00+25:00": spec.detectedAt in body should match '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,9})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$'`,
		// The bounds rule cannot read the time either, and says so.
		d + `:13: incident/offset-of-25-hours: spec.detectedAt: Invalid value: "string": Invalid date-time formatted string 2027-01-01T00:00:00+25:00: parsing time "2027-01-01T00:00:00+25:00": extra text: "+25:00" evaluating rule: ` + years,
		d + `:19: warning: incident/detected-in-9999: no root cause analysis yet (DSPT D2.a asks for one after every incident and near miss)`,
		d + `:26: incident/detected-in-9999: spec.detectedAt: Invalid value: "9999-12-31T23:59:59Z": ` + years,
		d + `:37: lessonsreport/one-nanosecond: spec.period.to: Invalid value: spec.period.to must be at least 24 hours after spec.period.from: a report covers at least a day`,
	})
}
