package validation_test

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

// Messages of the time rules, as users read them.
const (
	outOfYears    = "must be a time in the years 1900 to 2999 (UTC)"
	shorterPeriod = "spec.period.to must be at least 24 hours after spec.period.from"
)

// detectedOnly leaves an incident with its one required time, so that a
// refusal of detectedAt is not joined by the rules comparing the others
// with it.
func detectedOnly(i *v1alpha1.Incident) {
	i.Spec.ContainedAt, i.Spec.ResolvedAt, i.Spec.SIRONotifiedAt = nil, nil, nil
}

// specTime is a time of a spec, in an object valid as it stands.
type specTime struct {
	obj  client.Object
	path string
}

// specTimes are the times of every kind's spec.
func specTimes() []specTime {
	return []specTime{
		{fixtures.Incident("inc", detectedOnly), "spec.detectedAt"},
		{fixtures.Incident("inc"), "spec.containedAt"},
		{fixtures.Incident("inc"), "spec.resolvedAt"},
		{fixtures.Incident("inc"), "spec.siroNotifiedAt"},
		{fixtures.Incident("inc", fixtures.OccurredAt(fixtures.T0.Add(-time.Hour))), "spec.occurredAt"},
		{fixtures.Incident("inc", fixtures.ExternallyReported(v1alpha1.AuthorityICO, fixtures.T0.Add(time.Hour))), "spec.externalReports.0.reportedAt"},
		{fixtures.RCA("rca", incidentName), "spec.dueDate"},
		{validRCA("rca", fixtures.SignedOff(v1alpha1.SignOffApproved, signedAt)), "spec.signOff.at"},
		{fixtures.Action("ia", incidentName, actionDue), "spec.dueDate"},
		{fixtures.Action("ia", incidentName, actionDue, fixtures.Done(completedAt)), "spec.completedAt"},
		{fixtures.Report("lr"), "spec.period.from"},
		{fixtures.Report("lr"), "spec.period.to"},
		{fixtures.Report("lr", fixtures.ReportSignedOff(v1alpha1.SignOffApproved, signedAt)), "spec.signOff.at"},
		{processReview("prv"), "spec.heldAt"},
	}
}

// field is the path as the API server names it: list indexes in brackets.
func (t specTime) field() string { return fieldPath(t.path) }

// unparsable refuses a time Go cannot read, or one beyond ±23:59 of UTC:
// stored, it would break every typed read and list of its kind.
func (t specTime) unparsable(why, value string) TableEntry {
	return Entry(t.path+" "+why, withRaw(t.obj, t.path, value), t.field()+" in body should match", notRFC3339)
}

// outOfBounds refuses a time outside the years 1900 to 2999 (UTC), from
// which a deadline or a period Go cannot write would follow.
func (t specTime) outOfBounds(why, value string) TableEntry {
	return Entry(t.path+" "+why, withRaw(t.obj, t.path, value), t.field()+": Invalid value", outOfYears)
}

// timeRefusals refuse the times no status could be computed from: offsets
// beyond ±23:59, impossible clock readings, years outside 1900 to 2999,
// and report periods shorter than a day. Each names the field.
func timeRefusals() []TableEntry {
	var entries []TableEntry
	times := specTimes()
	for _, t := range times {
		entries = append(entries,
			t.unparsable("25 hours ahead of UTC", "2027-01-01T00:00:00+25:00"),
			t.unparsable("99:99 behind UTC", "2027-01-01T00:00:00-99:99"),
			t.outOfBounds("on the last second of 9999 (an incident's SIRO deadline would be in the year 10000)", "9999-12-31T23:59:59Z"),
			t.outOfBounds("a second before 1900", "1899-12-31T23:59:59Z"),
		)
	}
	detected := times[0]
	for _, c := range [][2]string{
		{"with 99 minutes of offset", "2027-01-01T00:00:00+23:99"},
		{"24 hours behind UTC (Go reads it, no zone has it)", "2027-01-01T00:00:00-24:00"},
		{"with an offset of 60 minutes", "2027-01-01T00:00:00+01:60"},
		{"at hour 24", "2027-01-01T24:00:00Z"},
		{"at second 60 (a leap second)", "2016-12-31T23:59:60Z"},
		{"with ten digits of a second", "2027-01-01T00:00:00.1234567891Z"},
		{"with a lower-case z", "2027-01-01T00:00:00z"},
	} {
		entries = append(entries, detected.unparsable(c[0], c[1]))
	}
	return append(entries,
		Entry("detectedAt in a year of five digits",
			withRaw(detected.obj, detected.path, "10000-01-01T00:00:00Z"),
			"spec.detectedAt", notDateTime),
		detected.outOfBounds("written in 1900 but in 1899 in UTC", "1900-01-01T00:30:00+01:00"),
		detected.outOfBounds("written in 2999 but in 3000 in UTC", "2999-12-31T23:59:59-00:01"),
		detected.outOfBounds("on the first instant of 3000", "3000-01-01T00:00:00Z"),
		Entry("report period one nanosecond long",
			withRaw(fixtures.Report("lr"), "spec.period.to", "2026-04-01T00:00:00.000000001Z"),
			"spec.period.to: Invalid value", shorterPeriod),
		Entry("report period a second short of a day, across zones",
			withRaw(fixtures.Report("lr"), "spec.period.to", "2026-04-02T00:59:59+01:00"),
			"spec.period.to: Invalid value", shorterPeriod),
	)
}

var _ = Describe("Times at the bounds", func() {
	DescribeTable("are accepted",
		func(obj client.Object) { Expect(testenv.TryCreate(k8sClient, namespace, obj)).To(Succeed()) },
		Entry("detectedAt on the first instant of 1900",
			withRaw(fixtures.Incident("inc", detectedOnly), "spec.detectedAt", "1900-01-01T00:00:00Z")),
		Entry("detectedAt on the last nanosecond of 2999",
			withRaw(fixtures.Incident("inc", detectedOnly), "spec.detectedAt", "2999-12-31T23:59:59.999999999Z")),
		Entry("detectedAt 23:59 ahead of UTC, in 1900 in UTC",
			withRaw(fixtures.Incident("inc", detectedOnly), "spec.detectedAt", "1900-01-01T23:59:59+23:59")),
		Entry("detectedAt 23:59 behind UTC, in 2999 in UTC",
			withRaw(fixtures.Incident("inc", detectedOnly), "spec.detectedAt", "2999-12-30T23:59:59-23:59")),
		Entry("a report period of exactly a day",
			withRaw(fixtures.Report("lr"), "spec.period.to", "2026-04-02T00:00:00Z")),
		Entry("a report period from the first instant of 1900 to the last second of 2999",
			withRaw(withRaw(fixtures.Report("lr"), "spec.period.from", "1900-01-01T00:00:00Z"), "spec.period.to", "2999-12-31T23:59:59Z")),
		Entry("an open-ended report from the last day of 2999",
			withRaw(fixtures.Report("lr", func(r *v1alpha1.LessonsReport) { r.Spec.Period.To = nil }), "spec.period.from", "2999-12-31T12:00:00Z")),
	)
})
