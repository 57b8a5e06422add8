package report_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"k8s.io/apimachinery/pkg/api/equality"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/report"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

// The fuzz targets build members the API server could hold from fuzzed
// primitives: enums take their valid values (areas and priorities also an
// unknown one, which the figures must skip), text is valid UTF-8 within
// the CRD's bounds, and times lie within the years RFC 3339 can write, with
// fractions of a second and UTC offsets as users may write them.

// stream reads fuzzed bytes as choices, cycling through them with a twist
// so that a short input still varies from member to member.
type stream struct {
	b []byte
	i int
}

func (s *stream) next() byte {
	s.i++
	if len(s.b) == 0 {
		return byte(s.i*37 + 11)
	}
	return s.b[(s.i-1)%len(s.b)] + byte((s.i-1)/len(s.b))*13
}

func (s *stream) pick(n int) int { return int(s.next()) % n }
func (s *stream) flag() bool     { return s.next()&1 == 1 }
func (s *stream) signed() int64  { return int64(int8(s.next())) }

var (
	fuzzAreas      = append(append([]v1alpha1.ImprovementArea{}, v1alpha1.ImprovementAreas...), "Unknown")
	fuzzPriorities = []v1alpha1.Priority{v1alpha1.PriorityCritical, v1alpha1.PriorityHigh, v1alpha1.PriorityMedium, v1alpha1.PriorityLow, ""}
	fuzzStates     = []v1alpha1.ActionState{"", v1alpha1.ActionStateOpen, v1alpha1.ActionStateInProgress, v1alpha1.ActionStateDone, v1alpha1.ActionStateCancelled}
	fuzzCategories = []v1alpha1.IncidentCategory{v1alpha1.CategoryPersonalDataBreach, v1alpha1.CategoryConfidentialityBreach, v1alpha1.CategoryNetworkAndInformationSystems}
	fuzzSeverities = []v1alpha1.Severity{v1alpha1.SeverityLow, v1alpha1.SeverityMedium, v1alpha1.SeverityHigh, v1alpha1.SeverityCritical}
)

// fuzzMembers builds n members detected around [from, from+span), as the
// choices say.
func fuzzMembers(n int, plan []byte, from time.Time, span time.Duration, step time.Duration, z *time.Location, lesson string) []review.Case {
	s := &stream{b: plan}
	members := make([]review.Case, n)
	for i := range members {
		detectedAt := from.Add(span/100*time.Duration(s.signed()) + time.Duration(s.next())*3_900_000).In(z)
		inc := fixtures.Incident(fmt.Sprintf("inc-%d", i), func(inc *v1alpha1.Incident) {
			inc.Namespace = fmt.Sprintf("ns-%d", s.pick(2))
			inc.Spec.DetectedAt = metav1.NewTime(detectedAt)
			inc.Spec.Category = fuzzCategories[s.pick(len(fuzzCategories))]
			inc.Spec.Severity = fuzzSeverities[s.pick(len(fuzzSeverities))]
			inc.Spec.SIRONotifiedAt = nil
			switch s.pick(4) {
			case 0:
				inc.Spec.Type, inc.Spec.SIRO = v1alpha1.IncidentTypeNearMiss, ""
			case 1:
				inc.Spec.Type, inc.Spec.SIRO = v1alpha1.IncidentTypeExercise, ""
			}
			if s.flag() {
				inc.Spec.ContainedAt = fixtures.Time(detectedAt.Add(time.Duration(s.signed()) * 17 * time.Minute))
			}
			if s.flag() {
				inc.Spec.SIRONotifiedAt = fixtures.Time(detectedAt.Add(time.Duration(s.signed()) * 29 * time.Minute))
			}
		})
		learningFacts(inc, i)
		m := review.Case{Incident: inc}
		if k := s.pick(5); k > 0 {
			r := fixtures.RCA(inc.Name+"-rca", inc.Name)
			switch k {
			case 2:
				r.Spec.State = v1alpha1.RCAStateSubmitted
			case 3, 4:
				d := []v1alpha1.SignOffDecision{v1alpha1.SignOffApproved, v1alpha1.SignOffChangesRequested}[k-3]
				fixtures.SignedOff(d, detectedAt.Add(time.Duration(s.signed())*time.Duration(s.next())*time.Hour))(r)
			}
			r.Spec.Causes = nil
			for c := range s.pick(4) {
				r.Spec.Causes = append(r.Spec.Causes, v1alpha1.Cause{Type: []v1alpha1.CauseType{v1alpha1.CauseTechnical, v1alpha1.CauseNonTechnical, "Unknown"}[(c+i)%3], Description: "cause",
					Category: []v1alpha1.CauseCategory{"", v1alpha1.CauseProcess, v1alpha1.CauseTraining, v1alpha1.CauseSupplier}[(c+i)%4]})
			}
			switch s.pick(4) {
			case 0:
				r.Spec.Overview = nil
			case 1:
				r.Spec.Overview.LessonsLearned = lesson
			case 2:
				r.Spec.Overview.LessonsLearned = fmt.Sprintf("%s Ask sam%d@example.nhs.uk, or team:ig-%d.", lesson, i, i)
			}
			m.RCA = r
		}
		for j := range s.pick(5) {
			due := detectedAt.Add(step * time.Duration(s.signed())).In(fixtures.FuzzZone(int16(s.signed()) * 7))
			a := fixtures.Action(fmt.Sprintf("%s-action-%d", inc.Name, j), inc.Name, due)
			a.Spec.State = fuzzStates[s.pick(len(fuzzStates))]
			a.Spec.Area = fuzzAreas[s.pick(len(fuzzAreas))]
			a.Spec.Priority = fuzzPriorities[s.pick(len(fuzzPriorities))]
			if a.Spec.State == v1alpha1.ActionStateDone && s.flag() {
				a.Spec.CompletedAt = fixtures.Time(due.Add(time.Duration(s.signed()) * time.Hour))
			} else if a.Spec.State == v1alpha1.ActionStateDone {
				a.Spec.CompletedAt = nil
			}
			m.Actions = append(m.Actions, a)
		}
		members[i] = m
	}
	return members
}

// learningFacts gives the i-th fuzzed incident themes, times to detect and
// resolve, a cyber attack and an external report, by its place alone, so
// the plan's choices stay as they were.
func learningFacts(inc *v1alpha1.Incident, i int) {
	s, detectedAt := &inc.Spec, inc.Spec.DetectedAt.Time
	s.Themes = [][]string{nil, {"phishing"}, {"phishing", "tailgating"}}[i%3]
	s.CyberAttack = i%4 == 1
	if i%2 == 0 {
		s.OccurredAt = fixtures.Time(detectedAt.Add(-time.Duration(i) * 7 * time.Minute))
	}
	if s.ContainedAt != nil && i%3 == 0 {
		s.ResolvedAt = fixtures.Time(s.ContainedAt.Add(time.Hour))
	}
	if i%5 == 2 {
		s.ExternalReportRequired = true
		if i%10 == 2 {
			fixtures.ExternallyReported(v1alpha1.AuthorityICO, detectedAt.Add(time.Duration(i)*5*time.Hour))(inc)
		}
	}
}

var (
	monthName = regexp.MustCompile(`^[0-9]{4}-(0[1-9]|1[0-2])$`)
	ratio     = regexp.MustCompile(`^[0-9]+\.[0-9]{2}$`)
	// anAddress is an e-mail address as a reader would see one.
	anAddress = regexp.MustCompile(`[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+`)
)

// checkFigures checks that the figures of the members in [from, to) at now
// add up.
func checkFigures(t *testing.T, f report.Figures, members []review.Case, from, to, now time.Time) {
	t.Helper()
	var in, incidents, nearMisses, exercises, withLesson int
	var actions []*v1alpha1.ImprovementAction
	for _, m := range members {
		if d := m.Incident.Spec.DetectedAt.Time; d.Before(from) || !d.Before(to) {
			continue
		}
		switch m.Incident.Spec.Type {
		case v1alpha1.IncidentTypeIncident:
			incidents++
		case v1alpha1.IncidentTypeExercise:
			exercises++
		default:
			nearMisses++
		}
		if m.Incident.Spec.Type != v1alpha1.IncidentTypeExercise {
			in++ // exercises are counted apart
		}
		// A draft's lessons are never quoted.
		if m.RCA != nil && m.RCA.Spec.Overview != nil && strings.TrimSpace(m.RCA.Spec.Overview.LessonsLearned) != "" && m.RCA.Spec.State == v1alpha1.RCAStateSubmitted {
			withLesson++
		}
		actions = append(actions, m.Actions...)
	}

	inc := f.Incidents
	if int(inc.Total) != in || int(inc.Incidents) != incidents || int(inc.NearMisses) != nearMisses || inc.Incidents+inc.NearMisses != inc.Total || int(inc.Exercises) != exercises {
		t.Errorf("incidents %d+%d of %d and %d exercises, want %d+%d of %d and %d", inc.Incidents, inc.NearMisses, inc.Total, inc.Exercises, incidents, nearMisses, in, exercises)
	}
	if c := inc.ByCategory; c.PersonalDataBreach+c.ConfidentialityBreach+c.NetworkAndInformationSystems != inc.Total {
		t.Errorf("by category %+v does not add up to %d", c, inc.Total)
	}
	if s := inc.BySeverity; s.Low+s.Medium+s.High+s.Critical != inc.Total {
		t.Errorf("by severity %+v does not add up to %d", s, inc.Total)
	}
	if len(inc.ByMonth) > report.MaxMonths {
		t.Errorf("byMonth has %d months, more than %d", len(inc.ByMonth), report.MaxMonths)
	}
	var monthIncidents, monthNearMisses int32
	for i, m := range inc.ByMonth {
		monthIncidents += m.Incidents
		monthNearMisses += m.NearMisses
		if !monthName.MatchString(m.Month) || (i > 0 && m.Month <= inc.ByMonth[i-1].Month) {
			t.Errorf("byMonth[%d] is %q, after %v", i, m.Month, inc.ByMonth[:i])
		}
	}
	if monthIncidents > inc.Incidents || monthNearMisses > inc.NearMisses {
		t.Errorf("byMonth counts %d incidents and %d near misses, of %d and %d", monthIncidents, monthNearMisses, inc.Incidents, inc.NearMisses)
	}

	a := f.Actions
	validAreas, validPriorities := true, true
	unfinished, overdue := 0, 0
	for i := range actions {
		validAreas = validAreas && actions[i].Spec.Area != "Unknown"
		validPriorities = validPriorities && actions[i].Spec.Priority != ""
		if !review.ActionFinished(actions[i], now) {
			unfinished++
			if !now.Before(actions[i].Spec.DueDate.Time) {
				overdue++
			}
		}
	}
	if int(a.Total) != len(actions) || a.Open+a.Done+a.Cancelled != a.Total || int(a.Open) != unfinished || int(a.Overdue) != overdue || a.Overdue > a.Open {
		t.Errorf("actions %+v, want %d in all, %d open, %d overdue", a, len(actions), unfinished, overdue)
	}
	tallies := func(what string, ts []v1alpha1.ActionTally, complete bool) {
		var total, open, overdue, done int32
		for _, x := range ts {
			if x.Open+x.Done > x.Total || x.Overdue > x.Open || x.Total < 0 {
				t.Errorf("%s tally %+v does not add up", what, x)
			}
			total, open, overdue, done = total+x.Total, open+x.Open, overdue+x.Overdue, done+x.Done
		}
		if total > a.Total || open > a.Open || overdue > a.Overdue || done > a.Done ||
			complete && (total != a.Total || open != a.Open || overdue != a.Overdue || done != a.Done) {
			t.Errorf("by %s %d in all, %d open, %d overdue, %d done; of %+v", what, total, open, overdue, done, a)
		}
	}
	ba, bp := a.ByArea, a.ByPriority
	tallies("area", []v1alpha1.ActionTally{ba.PoliciesProcessesProcedures, ba.RolesResponsibilitiesTraining, ba.SystemConfiguration,
		ba.SecurityMonitoringReporting, ba.InvestigationProcedures, ba.ContainmentRecovery, ba.GovernanceCommunication,
		ba.SystemInterdependence, ba.MeasureReliability}, validAreas)
	tallies("priority", []v1alpha1.ActionTally{bp.Critical, bp.High, bp.Medium, bp.Low}, validPriorities)

	for what, r := range map[string][]v1alpha1.Recurring{"areas": f.Recurrence.Areas, "cause types": f.Recurrence.CauseTypes} {
		for _, x := range r {
			if x.Incidents < 2 || x.Incidents > inc.Total+inc.Exercises {
				t.Errorf("recurring %s %q in %d of %d reviews", what, x.Name, x.Incidents, inc.Total+inc.Exercises)
			}
		}
	}
	for what, r := range map[string][]v1alpha1.Recurring{"cause categories": f.Recurrence.CauseCategories} {
		for _, x := range r {
			if x.Incidents < 2 || x.Incidents > inc.Total {
				t.Errorf("recurring %s %q in %d of %d incidents and near misses", what, x.Name, x.Incidents, inc.Total)
			}
		}
	}
	for i, x := range f.Recurrence.Themes {
		if x.Incidents < 2 || x.Incidents > inc.Total || x.PreviousPeriod < 0 || i > 0 && x.Incidents > f.Recurrence.Themes[i-1].Incidents {
			t.Errorf("recurring theme %+v, after %+v, of %d incidents and near misses", x, f.Recurrence.Themes[:i], inc.Total)
		}
	}
	if inc.CyberAttacks < 0 || inc.CyberAttacks > inc.Total {
		t.Errorf("%d cyber attacks of %d", inc.CyberAttacks, inc.Total)
	}
	if len(f.Recurrence.Areas) > 9 || len(f.Recurrence.CauseTypes) > 2 || len(f.Recurrence.CauseCategories) > 10 || len(f.Recurrence.Themes) > report.MaxThemes {
		t.Errorf("recurrence %+v is longer than the CRD allows", f.Recurrence)
	}

	k := f.KPIs
	for what, p := range map[string]*int32{"externalReportsOnTime": k.ExternalReportsOnTimePercent, "siroNotifiedOnTime": k.SIRONotifiedOnTimePercent, "rcaSignedOff": k.RCASignedOffPercent, "actionsCompletedOnTime": k.ActionsCompletedOnTimePercent} {
		if p != nil && (*p < 0 || *p > 100) {
			t.Errorf("%s is %d%%", what, *p)
		}
	}
	if (k.RCASignedOffPercent == nil) != (in == 0) {
		t.Errorf("rcaSignedOffPercent %s with %d incidents and near misses", showI32(k.RCASignedOffPercent), in)
	}
	for what, d := range map[string]*metav1.Duration{"meanTimeToContain": k.MeanTimeToContain, "medianTimeToContain": k.MedianTimeToContain, "meanTimeToRCASignOff": k.MeanTimeToRCASignOff,
		"meanTimeToDetect": k.MeanTimeToDetect, "meanTimeToResolve": k.MeanTimeToResolve, "meanAttackerDwellTime": k.MeanAttackerDwellTime} {
		if d != nil && (d.Duration < 0 || d.Duration%time.Second != 0) {
			t.Errorf("%s is %s", what, d.Duration)
		}
	}
	if (k.NearMissRatio == "") != (incidents == 0) || (k.NearMissRatio != "" && !ratio.MatchString(k.NearMissRatio)) {
		t.Errorf("nearMissRatio %q with %d incidents", k.NearMissRatio, incidents)
	}

	if len(f.Lessons) > report.MaxLessons || len(f.Lessons)+int(f.LessonsOmitted) != withLesson {
		t.Errorf("%d lessons quoted and %d omitted, of %d", len(f.Lessons), f.LessonsOmitted, withLesson)
	}
	for _, l := range f.Lessons {
		if n := utf8.RuneCountInString(l.Lesson); n == 0 || n > report.MaxLessonRunes {
			t.Errorf("lesson of %s has %d characters", l.Incident, n)
		}
		if addr := anAddress.FindString(l.Lesson); addr != "" {
			t.Errorf("lesson of %s names %q", l.Incident, addr)
		}
	}
	if !f.NextChange.IsZero() && !f.NextChange.After(now) {
		t.Errorf("next change %s is not after now %s", f.NextChange, now)
	}
}

func FuzzRollUp(f *testing.F) {
	// count, plan, fromSec, spanSec, nowSec, stepSec, zone, lesson
	f.Add(uint16(0), []byte{}, int64(0), int64(365*86400), int64(180*86400), uint32(86400), int16(0), "")
	f.Add(uint16(12), []byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, int64(0), int64(365*86400), int64(180*86400), uint32(86400), int16(60), "Password-only access is not enough.")
	// An empty and a negative period; now before, at and after the period.
	f.Add(uint16(5), []byte{7}, int64(0), int64(0), int64(0), uint32(3600), int16(0), "x")
	f.Add(uint16(5), []byte{7}, int64(0), int64(-86400), int64(0), uint32(3600), int16(0), "x")
	f.Add(uint16(9), []byte{200, 3}, int64(0), int64(30*86400), int64(-86400), uint32(1), int16(-300), "x")
	f.Add(uint16(9), []byte{200, 3}, int64(0), int64(30*86400), int64(30*86400), uint32(1), int16(300), "x")
	// More than ten years: byMonth keeps the newest 120 months.
	f.Add(uint16(40), []byte{1, 2, 3}, int64(-20*365*86400), int64(25*365*86400), int64(24*365*86400), uint32(86400*30), int16(0), "lesson")
	// More lessons than a report quotes, with addresses and long text.
	f.Add(uint16(600), []byte{0x81, 2, 5, 9, 1, 0}, int64(0), int64(365*86400), int64(200*86400), uint32(86400), int16(0), "jo.bloggs@example.nhs.uk "+strings.Repeat("a", 1200))
	f.Add(uint16(3), []byte{0xff}, int64(-1<<63), int64(1<<63-1), int64(-1<<63), uint32(1<<32-1), int16(-1<<15), "\xff@\x00.")

	f.Fuzz(func(t *testing.T, count uint16, plan []byte, fromSec, spanSec, nowSec int64, stepSec uint32, z int16, lesson string) {
		from := fixtures.T0.Add(fixtures.FuzzOffset(fromSec)).In(fixtures.FuzzZone(z))
		span := fixtures.FuzzOffset(spanSec) / 16
		to := from.Add(span)
		now := from.Add(fixtures.FuzzOffset(nowSec) / 16)
		step := time.Duration(stepSec%(400*86400)+1) * time.Second
		members := fuzzMembers(int(count)%601, plan, from, span, step, fixtures.FuzzZone(z/2), fixtures.FuzzText(lesson, 8192))

		got := compute(t, review.DefaultPolicy(), members, from, to, now)
		checkFigures(t, got, members, from, to, now)
	})
}

func FuzzComputeReport(f *testing.F) {
	// count, plan, fromSec, spanSec, nowSec, fromNanos, zone, openEnded,
	// decision, signNanos, drop, probe
	f.Add(uint16(0), []byte{}, int64(0), int64(365*86400), int64(180*86400), uint32(0), int16(0), false, uint8(0), uint32(0), uint8(0), uint8(128))
	f.Add(uint16(8), []byte{1, 2, 3}, int64(0), int64(365*86400), int64(180*86400), uint32(0), int16(0), false, uint8(1), uint32(0), uint8(1), uint8(255))
	// Times written with a fraction of a second: the period, the sign-off.
	f.Add(uint16(8), []byte{1, 2, 3}, int64(0), int64(365*86400), int64(180*86400), uint32(250_000_000), int16(60), false, uint8(1), uint32(500_000_000), uint8(3), uint8(255))
	f.Add(uint16(8), []byte{9, 8, 7}, int64(0), int64(365*86400), int64(180*86400), uint32(1), int16(-60), true, uint8(1), uint32(1), uint8(0), uint8(200))
	f.Add(uint16(4), []byte{4}, int64(0), int64(30*86400), int64(400*86400), uint32(0), int16(0), true, uint8(2), uint32(0), uint8(2), uint8(1))
	f.Add(uint16(30), []byte{0x80, 0x7f}, int64(-1<<63), int64(1<<63-1), int64(1<<63-1), uint32(1<<32-1), int16(1<<15-1), true, uint8(255), uint32(1<<32-1), uint8(255), uint8(255))

	f.Fuzz(func(t *testing.T, count uint16, plan []byte, fromSec, spanSec, nowSec int64, fromNanos uint32, z int16,
		openEnded bool, decision uint8, signNanos uint32, drop, probe uint8) {
		p := review.DefaultPolicy()
		from := fixtures.T0.Add(fixtures.FuzzOffset(fromSec) + time.Duration(fromNanos%1e9)).In(fixtures.FuzzZone(z))
		span := fixtures.FuzzOffset(spanSec) / 16
		if span <= 0 {
			span = -span + time.Second // the CRD wants to after from
		}
		now := from.Add(fixtures.FuzzOffset(nowSec) / 16).UTC()
		members := fuzzMembers(int(count)%80, plan, from, span, 7*time.Hour, fixtures.FuzzZone(z/2), "Lessons for jo@example.nhs.uk.")

		r := &v1alpha1.LessonsReport{
			ObjectMeta: metav1.ObjectMeta{Name: "fuzzed", Generation: 3},
			Spec:       v1alpha1.LessonsReportSpec{Period: v1alpha1.ReportPeriod{From: metav1.NewTime(from)}},
		}
		if !openEnded {
			r.Spec.Period.To = fixtures.Time(from.Add(span))
		}
		if d := []v1alpha1.SignOffDecision{"", v1alpha1.SignOffApproved, v1alpha1.SignOffChangesRequested}[decision%3]; d != "" {
			r.Spec.SignOff = &v1alpha1.SignOff{Decision: d, By: "siro@example.nhs.uk",
				At: metav1.NewTime(now.Add(-time.Hour).Truncate(time.Second).Add(time.Duration(signNanos % 1e9)).In(fixtures.FuzzZone(-z)))}
		}

		before, membersBefore := r.DeepCopy(), copyMembers(members)
		res := computeReport(p, r, members, nil, now)
		if !equality.Semantic.DeepEqual(before, r) {
			t.Errorf("ComputeReportIn changed the report it was given")
		}
		// The controller hands it the cache's own objects.
		if !equality.Semantic.DeepEqual(membersBefore, members) {
			t.Errorf("ComputeReportIn changed the members it was given")
		}
		st := res.Status
		pf, pt := report.Period(r, now)
		if st.Incidents == nil || st.KPIs == nil || st.Actions == nil || st.Recurrence == nil || st.PreviousPeriod == nil {
			t.Fatalf("figures left out: %s", toJSONString(st))
		}
		checkFigures(t, report.Figures{Incidents: *st.Incidents, KPIs: *st.KPIs, Actions: *st.Actions, Recurrence: *st.Recurrence,
			Lessons: st.Lessons, LessonsOmitted: st.LessonsOmitted}, members, pf, pt, now)
		approved := r.Spec.SignOff != nil && r.Spec.SignOff.Decision == v1alpha1.SignOffApproved
		if (st.Phase == v1alpha1.ReportSignedOff) != approved {
			t.Errorf("phase %s, approved %v: an approval first seen fixes the figures it approves", st.Phase, approved)
		}
		// A first computation announces only the yearly duties due while
		// the period runs: no process review is given.
		for _, a := range res.Announcements {
			c := map[v1alpha1.EventReason]v1alpha1.ConditionType{
				v1alpha1.EventProcessReviewDue: v1alpha1.ConditionProcessReviewHeld,
				v1alpha1.EventExerciseDue:      v1alpha1.ConditionExerciseHeld,
			}[a.Reason]
			if c == "" || !meta.IsStatusConditionFalse(st.Conditions, string(c)) {
				t.Errorf("a first computation announced %v", a)
			}
		}
		for c, reason := range map[v1alpha1.ConditionType]v1alpha1.EventReason{
			v1alpha1.ConditionProcessReviewHeld: v1alpha1.EventProcessReviewDue,
			v1alpha1.ConditionExerciseHeld:      v1alpha1.EventExerciseDue,
		} {
			announced := slices.ContainsFunc(res.Announcements, func(a statuskit.Announcement) bool { return a.Reason == reason })
			running := !pt.Before(now)
			if (running && meta.IsStatusConditionFalse(st.Conditions, string(c))) != announced {
				t.Errorf("%s is %v but %s announced: %v", c, meta.FindStatusCondition(st.Conditions, string(c)), reason, announced)
			}
		}
		if res.RequeueAfter < 0 {
			t.Errorf("requeue after %s", res.RequeueAfter)
		}

		// Stored and fed back, the status is at rest: at the same instant
		// and at any instant before the requeue.
		stored := storedStatus(t, st)
		recompute := func(at time.Time, ms []review.Case) report.Result {
			again := r.DeepCopy()
			again.Status = stored
			return computeReport(p, again, ms, nil, at)
		}
		again := recompute(now, members)
		if !equality.Semantic.DeepEqual(stored, again.Status) || len(again.Announcements) > 0 || again.RequeueAfter != res.RequeueAfter {
			t.Errorf("recomputing from the stored status would write it again, announced %v or moved the requeue (%s, then %s)\nstored:     %s\nrecomputed: %s",
				again.Announcements, res.RequeueAfter, again.RequeueAfter, toJSONString(stored), toJSONString(again.Status))
		}
		at := now.Add(time.Duration(probe) * statuskit.Day)
		if res.RequeueAfter > 0 {
			at = now.Add((res.RequeueAfter - time.Nanosecond) / 255 * time.Duration(probe))
		}
		if again := recompute(at, members); !equality.Semantic.DeepEqual(stored, again.Status) || len(again.Announcements) > 0 {
			t.Errorf("at %s, before the requeue %s after %s, the status changed or %v was announced\nstored:     %s\nrecomputed: %s",
				at.Format(time.RFC3339Nano), res.RequeueAfter, now.Format(time.RFC3339Nano), again.Announcements, toJSONString(stored), toJSONString(again.Status))
		}

		// An approval stands on the figures it was given, and only on them.
		if approved && len(members) > 0 {
			fewer := members[:len(members)-1-int(drop)%len(members)]
			figures := func(ms []review.Case) report.Figures {
				f := report.RollUpIn(p, report.Scope{}, ms, pf, pt, now)
				f.NextChange = time.Time{}
				return f
			}
			changed := !reflect.DeepEqual(figures(fewer), figures(members))
			later := recompute(now, fewer)
			stale := later.Status.Phase == v1alpha1.ReportCurrent &&
				meta.IsStatusConditionFalse(later.Status.Conditions, string(v1alpha1.ConditionSignedOff))
			// Fewer members may leave an exercise out, and its duty due.
			made := slices.DeleteFunc(slices.Clone(later.Announcements), func(a statuskit.Announcement) bool {
				return a.Reason == v1alpha1.EventExerciseDue || a.Reason == v1alpha1.EventProcessReviewDue
			})
			if changed != stale || (changed && (len(made) != 1 || made[0].Reason != v1alpha1.EventSignOffInvalidated)) {
				t.Errorf("figures changed: %v; the sign-off is stale: %v (phase %s), announced %v", changed, stale, later.Status.Phase, later.Announcements)
			}
		}
	})
}

// storedStatus is what the API server keeps of a status: its JSON form.
func storedStatus(t *testing.T, s v1alpha1.LessonsReportStatus) v1alpha1.LessonsReportStatus {
	t.Helper()
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatalf("marshal status: %v", err)
	}
	var out v1alpha1.LessonsReportStatus
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatalf("unmarshal status: %v", err)
	}
	return out
}

func toJSONString(v any) string {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err.Error()
	}
	return string(b)
}
