package report_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/report"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

// withLesson is a member detected at t whose submitted RCA has the lesson.
func withLesson(name string, t time.Time, lesson string, opts ...fixtures.Option[v1alpha1.Incident]) review.Case {
	inc := incidentAt(name, t, opts...)
	return with(inc, rcaOf(inc, lessons(lesson)))
}

func TestLessonsSelectionAndOrder(t *testing.T) {
	day := func(n int) time.Time { return fyDay.Add(time.Duration(n) * statuskit.Day) }
	noRCA := incidentAt("no-rca", day(9))
	noOverviewInc := incidentAt("no-overview", day(9))
	signed := incidentAt("signed", day(1))
	for _, c := range []struct {
		name    string
		members []review.Case
		want    []v1alpha1.Lesson
	}{
		{"none", nil, nil},
		{"members without lessons are skipped", []review.Case{
			with(noRCA, nil),
			with(noOverviewInc, rcaOf(noOverviewInc, noOverview())),
			withLesson("empty", day(9), ""),
			withLesson("blank", day(9), " \n\t "),
		}, nil},
		{"newest incident first, near misses included, any RCA phase", []review.Case{
			withLesson("oldest", day(0), "Lesson zero."),
			with(signed, rcaOf(signed, approvedAfter(signed, statuskit.Day), lessons("Lesson one."),
				fixtures.SharedWith(v1alpha1.AudienceStaff, day(3)), fixtures.SharedWith(v1alpha1.AudienceICB, day(4)), fixtures.SharedWith(v1alpha1.AudienceStaff, day(5)))),
			withLesson("newest", day(5), "Lesson five."),
			withLesson("near-miss", day(3), "Near misses teach too.", nearMiss()),
		}, []v1alpha1.Lesson{
			{Incident: "newest", Lesson: "Lesson five."},
			{Incident: "near-miss", Lesson: "Near misses teach too."},
			{Incident: "signed", Lesson: "Lesson one.", SharedWith: []v1alpha1.Audience{v1alpha1.AudienceStaff, v1alpha1.AudienceICB}},
			{Incident: "oldest", Lesson: "Lesson zero."},
		}},
		{"a draft's lessons are counted with its incident, never quoted", []review.Case{
			with(noRCA, rcaOf(noRCA, lessons("Not yet agreed."), func(r *v1alpha1.RootCauseAnalysis) { r.Spec.State = v1alpha1.RCAStateDraft })),
			withLesson("submitted", day(2), "Agreed."),
		}, []v1alpha1.Lesson{{Incident: "submitted", Lesson: "Agreed."}}},
		{"one nanosecond apart", []review.Case{
			withLesson("earlier", day(2), "Earlier."),
			withLesson("later", day(2).Add(time.Nanosecond), "Later."),
		}, []v1alpha1.Lesson{{Incident: "later", Lesson: "Later."}, {Incident: "earlier", Lesson: "Earlier."}}},
		{"detected at the same instant: by name", []review.Case{
			withLesson("b", day(2), "B."),
			withLesson("c", day(2), "C."),
			withLesson("a", day(2), "A."),
		}, []v1alpha1.Lesson{{Incident: "a", Lesson: "A."}, {Incident: "b", Lesson: "B."}, {Incident: "c", Lesson: "C."}}},
		{"same instant and name in two namespaces: by namespace", []review.Case{
			withLesson("a", day(2), "A lesson from ward-b.", inNamespace("ward-b")),
			withLesson("a", day(2), "The lesson from ward-a.", inNamespace("ward-a")),
		}, []v1alpha1.Lesson{{Incident: "a", Lesson: "The lesson from ward-a."}, {Incident: "a", Lesson: "A lesson from ward-b."}}},
		{"the same incident twice: by lesson", []review.Case{
			withLesson("a", day(2), "Second."),
			withLesson("a", day(2), "First."),
		}, []v1alpha1.Lesson{{Incident: "a", Lesson: "First."}, {Incident: "a", Lesson: "Second."}}},
		{"surrounding space is trimmed", []review.Case{withLesson("a", day(2), "\n  Patch monthly.  \n")},
			[]v1alpha1.Lesson{{Incident: "a", Lesson: "Patch monthly."}}},
		{"lessons outside the period are not quoted", []review.Case{
			withLesson("in", day(2), "In."),
			withLesson("before", fyFrom.Add(-time.Nanosecond), "Before."),
			withLesson("at-to", fyTo, "At to."),
		}, []v1alpha1.Lesson{{Incident: "in", Lesson: "In."}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := computeFY(t, c.members...)
			if !reflect.DeepEqual(f.Lessons, c.want) {
				t.Errorf("lessons\n got  %q\n want %q", f.Lessons, c.want)
			}
			if f.LessonsOmitted != 0 {
				t.Errorf("lessonsOmitted = %d", f.LessonsOmitted)
			}
		})
	}
}

func TestLessonsNameNoOne(t *testing.T) {
	for _, c := range []struct {
		name, text, want string
	}{
		{"an e-mail address", "Ask jo.bloggs@example.nhs.uk about the VPN.", "Ask [name withheld] about the VPN."},
		{"two addresses", "jo@example.nhs.uk and sam.smith@nhs.net agreed.", "[name withheld] and [name withheld] agreed."},
		{"upper case", "JO.BLOGGS@EXAMPLE.NHS.UK approved.", "[name withheld] approved."},
		{"plus addressing", "Sent to jo+ir@nhs.net.", "Sent to [name withheld]."},
		{"an apostrophe in the name", "o'brien@nhs.net was on call.", "[name withheld] was on call."},
		{"an accented name", "Zoë.Núñez@example.org saw it.", "[name withheld] saw it."},
		{"a host without a dot", "admin@localhost was used.", "[name withheld] was used."},
		{"a hyphenated sub-domain", "a.b@it-ops.trust.nhs.uk, then", "[name withheld], then"},
		{"in brackets", "(jo@example.org)", "([name withheld])"},
		{"after mailto:", "Write to mailto:jo@example.org.", "Write to mailto:[name withheld]."},
		{"a sentence ending in an address", "It was reported by jo@example.org.", "It was reported by [name withheld]."},
		{"a team mention is fine", "team:cyber-security owns the fix.", "team:cyber-security owns the fix."},
		{"a team and an address", "team:ig asked jo@example.org.", "team:ig asked [name withheld]."},
		{"an at sign alone is not an address", "Meet @ 10:00, 2 @ £5.", "Meet @ 10:00, 2 @ £5."},
		{"no host", "jo@ the desk", "jo@ the desk"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := computeFY(t, withLesson("inc", fyDay, c.text))
			if len(f.Lessons) != 1 || f.Lessons[0].Lesson != c.want {
				t.Errorf("lessons %q, want %q", f.Lessons, c.want)
			}
		})
	}
}

func TestLessonsAreShortened(t *testing.T) {
	const limit = report.MaxLessonRunes
	a := func(n int) string { return strings.Repeat("a", n) }
	for _, c := range []struct {
		name, text, want string
	}{
		{"one character under the limit", a(limit - 1), a(limit - 1)},
		{"exactly at the limit", a(limit), a(limit)},
		{"one character over: cut, with an ellipsis", a(limit + 1), a(limit-1) + "…"},
		{"far over", a(10 * limit), a(limit-1) + "…"},
		{"counted in characters, not bytes", strings.Repeat("é", limit), strings.Repeat("é", limit)},
		{"multi-byte characters are cut whole", strings.Repeat("é", limit+1), strings.Repeat("é", limit-1) + "…"},
		{"an ellipsis ends the text, not a space", a(limit-2) + " " + a(10), a(limit-2) + "…"},
		{"addresses are withheld before cutting, so no part leaks",
			a(limit-10) + " jo.bloggs@example.nhs.uk", a(limit-10) + " [name wi…"},
		{"a withheld address can bring a text over the limit",
			a(limit-10) + " jo@x.uk", a(limit-10) + " [name wi…"},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := computeFY(t, withLesson("inc", fyDay, c.text))
			if len(f.Lessons) != 1 {
				t.Fatalf("%d lessons, want 1", len(f.Lessons))
			}
			got := f.Lessons[0].Lesson
			if got != c.want {
				t.Errorf("lesson of %d characters ending %q, want %d ending %q", utf8.RuneCountInString(got), tail(got), utf8.RuneCountInString(c.want), tail(c.want))
			}
			if n := utf8.RuneCountInString(got); n > limit || !utf8.ValidString(got) {
				t.Errorf("%d characters (valid UTF-8: %v), want at most %d", n, utf8.ValidString(got), limit)
			}
		})
	}
}

func tail(s string) string {
	r := []rune(s)
	return string(r[max(0, len(r)-12):])
}

func TestLessonsAreBounded(t *testing.T) {
	for _, c := range []struct {
		members      int
		wantLessons  int
		wantOmitted  int32
		wantNewest   int // index of the first lesson's incident
		wantOldestIn int // index of the last lesson's incident
	}{
		{1, 1, 0, 0, 0},
		{report.MaxLessons - 1, report.MaxLessons - 1, 0, report.MaxLessons - 2, 0},
		{report.MaxLessons, report.MaxLessons, 0, report.MaxLessons - 1, 0},
		{report.MaxLessons + 1, report.MaxLessons, 1, report.MaxLessons, 1},
		{1203, report.MaxLessons, 703, 1202, 703},
	} {
		t.Run(fmt.Sprintf("%d lessons", c.members), func(t *testing.T) {
			// Incident i is detected i minutes into the period: higher is newer.
			var ms []review.Case
			for i := range c.members {
				ms = append(ms, withLesson(fmt.Sprintf("inc-%04d", i), fyFrom.Add(time.Duration(i)*time.Minute), fmt.Sprintf("Lesson %d.", i)))
			}
			f := computeFY(t, ms...)
			if len(f.Lessons) != c.wantLessons || f.LessonsOmitted != c.wantOmitted {
				t.Fatalf("%d lessons, %d omitted; want %d, %d", len(f.Lessons), f.LessonsOmitted, c.wantLessons, c.wantOmitted)
			}
			first, last := f.Lessons[0], f.Lessons[len(f.Lessons)-1]
			if want := fmt.Sprintf("inc-%04d", c.wantNewest); first.Incident != want || first.Lesson != fmt.Sprintf("Lesson %d.", c.wantNewest) {
				t.Errorf("first lesson %+v, want the newest, %s", first, want)
			}
			if want := fmt.Sprintf("inc-%04d", c.wantOldestIn); last.Incident != want {
				t.Errorf("last lesson %+v, want %s", last, want)
			}
		})
	}
}
