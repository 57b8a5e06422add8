package report_test

import (
	"fmt"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

// occurredBefore records that the incident began d before its detection.
func occurredBefore(d time.Duration) fixtures.Option[v1alpha1.Incident] {
	return func(i *v1alpha1.Incident) { i.Spec.OccurredAt = fixtures.Time(i.Spec.DetectedAt.Add(-d)) }
}

func resolvedAfter(d time.Duration) fixtures.Option[v1alpha1.Incident] {
	return func(i *v1alpha1.Incident) { i.Spec.ResolvedAt = fixtures.Time(i.Spec.DetectedAt.Add(d)) }
}

// dwellFound is an analysis whose cyber-attack section finds dwell time d.
func dwellFound(d time.Duration) fixtures.Option[v1alpha1.RootCauseAnalysis] {
	return func(r *v1alpha1.RootCauseAnalysis) {
		r.Spec.CyberAttack = &v1alpha1.CyberAttackAnalysis{AttackerDwellTime: &metav1.Duration{Duration: d}}
	}
}

// reportRequired marks a required external report, made d after detection
// when made is set.
func reportRequired(d time.Duration, made bool) fixtures.Option[v1alpha1.Incident] {
	return func(i *v1alpha1.Incident) {
		i.Spec.ExternalReportRequired = true
		if made {
			fixtures.ExternallyReported(v1alpha1.AuthorityICO, i.Spec.DetectedAt.Add(d))(i)
		}
	}
}

func TestTimesToDetectAndResolve(t *testing.T) {
	type rec struct {
		opts []fixtures.Option[v1alpha1.Incident]
	}
	of := func(opts ...fixtures.Option[v1alpha1.Incident]) rec { return rec{opts} }
	for _, c := range []struct {
		name            string
		members         []rec
		detect, resolve *metav1.Duration
	}{
		{"nothing recorded: both omitted", []rec{of(), of(nearMiss())}, nil, nil},
		{"one incident", []rec{of(occurredBefore(3*time.Hour), resolvedAfter(2*statuskit.Day))}, dur(3 * time.Hour), dur(2 * statuskit.Day)},
		{"detection counts near misses, resolution does not", []rec{
			of(occurredBefore(time.Hour), resolvedAfter(time.Hour)),
			of(nearMiss(), occurredBefore(3*time.Hour), resolvedAfter(99*time.Hour)),
		}, dur(2 * time.Hour), dur(time.Hour)},
		{"exercises never count", []rec{of(exercise(), occurredBefore(time.Hour), resolvedAfter(time.Hour))}, nil, nil},
		{"only those recording the time count", []rec{of(occurredBefore(4 * time.Hour)), of(resolvedAfter(6 * time.Hour)), of()}, dur(4 * time.Hour), dur(6 * time.Hour)},
		{"occurring at the instant of detection is a real zero", []rec{of(occurredBefore(0), resolvedAfter(0))}, dur(0), dur(0)},
		{"truncated to the second", []rec{of(occurredBefore(time.Second + 900*time.Millisecond)), of(occurredBefore(2 * time.Second))}, dur(time.Second), nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			var ms []review.Case
			for i, r := range c.members {
				ms = append(ms, with(incidentAt(fmt.Sprintf("i%d", i), fyDay, r.opts...), nil))
			}
			k := computeFY(t, ms...).KPIs
			if !sameDur(k.MeanTimeToDetect, c.detect) || !sameDur(k.MeanTimeToResolve, c.resolve) {
				t.Errorf("to detect %s, to resolve %s; want %s and %s", showDur(k.MeanTimeToDetect), showDur(k.MeanTimeToResolve), showDur(c.detect), showDur(c.resolve))
			}
		})
	}
}

func TestAttackerDwellTime(t *testing.T) {
	type rec struct {
		opts []fixtures.Option[v1alpha1.Incident]
		rca  []fixtures.Option[v1alpha1.RootCauseAnalysis] // nil: no analysis
	}
	attack := func(rca []fixtures.Option[v1alpha1.RootCauseAnalysis], opts ...fixtures.Option[v1alpha1.Incident]) rec {
		return rec{append([]fixtures.Option[v1alpha1.Incident]{cyberAttack()}, opts...), rca}
	}
	found := func(d time.Duration) []fixtures.Option[v1alpha1.RootCauseAnalysis] {
		return []fixtures.Option[v1alpha1.RootCauseAnalysis]{dwellFound(d)}
	}
	for _, c := range []struct {
		name    string
		members []rec
		want    *metav1.Duration
	}{
		{"no cyber attack", []rec{{opts: []fixtures.Option[v1alpha1.Incident]{occurredBefore(time.Hour), containedAfter(time.Hour)}}}, nil},
		{"an attack recording neither: omitted", []rec{attack(nil), attack(nil, occurredBefore(time.Hour))}, nil},
		{"from occurredAt to containedAt", []rec{attack(nil, occurredBefore(30*time.Hour), containedAfter(6*time.Hour))}, dur(36 * time.Hour)},
		{"the analysis's finding wins over the incident's times", []rec{attack(found(72*time.Hour), occurredBefore(time.Hour), containedAfter(time.Hour))}, dur(72 * time.Hour)},
		{"an analysis without the finding leaves the incident's times", []rec{attack([]fixtures.Option[v1alpha1.RootCauseAnalysis]{}, occurredBefore(time.Hour), containedAfter(time.Hour))}, dur(2 * time.Hour)},
		{"the mean over attacks of either source", []rec{attack(found(10 * time.Hour)), attack(nil, occurredBefore(time.Hour), containedAfter(time.Hour))}, dur(6 * time.Hour)},
		{"near misses and exercises are left out", []rec{
			attack(found(10*time.Hour), nearMiss()), attack(found(10*time.Hour), exercise()), attack(found(time.Hour)),
		}, dur(time.Hour)},
	} {
		t.Run(c.name, func(t *testing.T) {
			var ms []review.Case
			for i, r := range c.members {
				inc := incidentAt(fmt.Sprintf("i%d", i), fyDay, r.opts...)
				var rca *v1alpha1.RootCauseAnalysis
				if r.rca != nil {
					rca = rcaOf(inc, r.rca...)
				}
				ms = append(ms, with(inc, rca))
			}
			if got := computeFY(t, ms...).KPIs.MeanAttackerDwellTime; !sameDur(got, c.want) {
				t.Errorf("dwell time %s, want %s", showDur(got), showDur(c.want))
			}
		})
	}
}

func TestExternalReportsOnTime(t *testing.T) {
	deadline := review.DefaultPolicy().ExternalReportDeadline
	late := func(i *v1alpha1.Incident) {
		i.Status.ExternalReportBreach = &v1alpha1.ExternalReportBreach{DueAt: metav1.NewTime(i.Spec.DetectedAt.Add(deadline))}
	}
	for _, c := range []struct {
		name string
		opts [][]fixtures.Option[v1alpha1.Incident]
		want *int32
	}{
		{"none required: omitted", [][]fixtures.Option[v1alpha1.Incident]{{}, {nearMiss()}}, nil},
		{"required, not yet due: omitted", [][]fixtures.Option[v1alpha1.Incident]{{detected(fyNow.Add(-time.Hour)), reportRequired(0, false)}}, nil},
		{"reported on time", [][]fixtures.Option[v1alpha1.Incident]{{reportRequired(deadline, true)}}, i32(100)},
		{"reported early, before the deadline came", [][]fixtures.Option[v1alpha1.Incident]{{detected(fyNow.Add(-time.Hour)), reportRequired(time.Minute, true)}}, i32(100)},
		{"reported late", [][]fixtures.Option[v1alpha1.Incident]{{reportRequired(deadline+time.Second, true)}}, i32(0)},
		{"past the deadline and not reported", [][]fixtures.Option[v1alpha1.Incident]{{reportRequired(0, false)}}, i32(0)},
		{"a breach recorded stays missed", [][]fixtures.Option[v1alpha1.Incident]{{reportRequired(time.Hour, true), late}}, i32(0)},
		{"one of three on time, a near miss too", [][]fixtures.Option[v1alpha1.Incident]{
			{reportRequired(time.Hour, true)}, {nearMiss(), reportRequired(0, false)}, {reportRequired(deadline*2, true)},
		}, i32(33)},
		{"exercises are never reported", [][]fixtures.Option[v1alpha1.Incident]{{exercise(), reportRequired(0, false)}}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			var ms []review.Case
			for i, opts := range c.opts {
				ms = append(ms, with(incidentAt(fmt.Sprintf("i%d", i), fyDay, opts...), nil))
			}
			if got := computeFY(t, ms...).KPIs.ExternalReportsOnTimePercent; !sameI32(got, c.want) {
				t.Errorf("on time %s, want %s", showI32(got), showI32(c.want))
			}
		})
	}
}

func TestCyberAttacksAreCounted(t *testing.T) {
	f := computeFY(t,
		with(incidentAt("a", fyDay, cyberAttack()), nil),
		with(incidentAt("b", fyDay, cyberAttack(), nearMiss()), nil),
		with(incidentAt("c", fyDay, cyberAttack(), exercise()), nil),
		with(incidentAt("d", fyDay), nil),
	)
	if got := f.Incidents.CyberAttacks; got != 2 {
		t.Errorf("%d cyber attacks, want 2 (an incident and a near miss; the exercise apart)", got)
	}
}

// A required report's deadline passing changes the on-time share: the
// report is recomputed then.
func TestNextChangeAtAnExternalReportDeadline(t *testing.T) {
	detectedAt := fyNow.Add(-time.Hour)
	f := computeFY(t, with(incidentAt("i", detectedAt, reportRequired(0, false)), nil))
	if want := detectedAt.Add(review.DefaultPolicy().ExternalReportDeadline); !f.NextChange.Equal(want) {
		t.Errorf("next change %s, want the report deadline %s", f.NextChange, want)
	}
}

// The previous period's figures are computed by the same roll-up, so they
// carry the new KPIs too.
func TestPreviousPeriodCarriesTheNewFigures(t *testing.T) {
	last := incidentAt("last-year", lastFYDay, cyberAttack(), occurredBefore(2*time.Hour), resolvedAfter(time.Hour), containedAfter(time.Hour), reportRequired(time.Hour, true))
	st := computeReport(policy, financialYear(), []review.Case{with(last, nil)}, nil, fyNow).Status
	p := st.PreviousPeriod
	if p == nil || p.Incidents.CyberAttacks != 1 || !sameDur(p.KPIs.MeanTimeToDetect, dur(2*time.Hour)) || !sameDur(p.KPIs.MeanTimeToResolve, dur(time.Hour)) ||
		!sameDur(p.KPIs.MeanAttackerDwellTime, dur(3*time.Hour)) || !sameI32(p.KPIs.ExternalReportsOnTimePercent, i32(100)) {
		t.Errorf("previous period %+v", p)
	}
	if k := st.KPIs; k.MeanTimeToDetect != nil || k.MeanTimeToResolve != nil || k.MeanAttackerDwellTime != nil || k.ExternalReportsOnTimePercent != nil {
		t.Errorf("this period, with no incident, shows %+v", k)
	}
}

// A SIRO approves the new figures too: a change to any of them makes the
// approval stale.
func TestSignOffCoversTheNewFigures(t *testing.T) {
	for name, change := range map[string]func(*v1alpha1.Incident){
		"a recurring theme":  func(i *v1alpha1.Incident) { i.Spec.Themes = nil },
		"a cyber attack":     func(i *v1alpha1.Incident) { i.Spec.CyberAttack = true },
		"when it began":      func(i *v1alpha1.Incident) { i.Spec.OccurredAt = fixtures.Time(i.Spec.DetectedAt.Add(-time.Hour)) },
		"when it resolved":   func(i *v1alpha1.Incident) { i.Spec.ResolvedAt = fixtures.Time(i.Spec.DetectedAt.Add(time.Hour)) },
		"an external report": func(i *v1alpha1.Incident) { reportRequired(time.Hour, true)(i) },
		"last year's theme":  nil,
	} {
		t.Run(name, func(t *testing.T) {
			a := incidentAt("a", fyDay, themes("phishing"))
			b := incidentAt("b", fyDay, themes("phishing"))
			last := incidentAt("last", lastFYDay, themes("tailgating"))
			members := []review.Case{with(a, nil), with(b, nil), with(last, nil)}
			r := financialYear(approvedAt(fyNow))
			settle(r, members, fyNow)
			if got := cond(r.Status, v1alpha1.ConditionSignedOff); got != "True/Approved" {
				t.Fatalf("SignedOff %s before the change", got)
			}
			if change == nil {
				last.Spec.Themes = []string{"phishing"} // the trend of a recurring theme
			} else {
				change(a)
			}
			settle(r, members, fyNow.Add(time.Minute))
			if got := cond(r.Status, v1alpha1.ConditionSignedOff); got != "False/FiguresChanged" {
				t.Errorf("SignedOff %s after changing %s", got, name)
			}
		})
	}
}

// The share of learning shared on time counts the signed-off analyses of
// incidents and near misses whose learning was shared, or is past its
// deadline: one still within it is not yet judged.
func TestLearningSharedOnTime(t *testing.T) {
	window := review.DefaultPolicy().ShareWithin
	signed := fyDay.Add(statuskit.Day)
	approved := fixtures.SignedOff(v1alpha1.SignOffApproved, signed)
	analysis := func(opts ...fixtures.Option[v1alpha1.RootCauseAnalysis]) *v1alpha1.RootCauseAnalysis {
		return fixtures.RCA("r", "i", append([]fixtures.Option[v1alpha1.RootCauseAnalysis]{approved}, opts...)...)
	}
	onTime := fixtures.LearningShared(signed.Add(window))
	late := fixtures.LearningShared(signed.Add(window + time.Second))
	staffOnly := fixtures.SharedWith(v1alpha1.AudienceStaff, signed)
	for _, c := range []struct {
		name    string
		members []review.Case
		want    *int32
	}{
		{"no analysis signed off: omitted", []review.Case{with(incidentAt("i", fyDay), fixtures.RCA("r", "i"))}, nil},
		{"shared on time", []review.Case{with(incidentAt("i", fyDay), analysis(onTime))}, i32(100)},
		{"shared late", []review.Case{with(incidentAt("i", fyDay), analysis(late))}, i32(0)},
		{"past the deadline, the reporter never told", []review.Case{with(incidentAt("i", fyDay), analysis(staffOnly))}, i32(0)},
		{"signed off an hour ago, not shared: not yet judged", []review.Case{with(incidentAt("i", fyDay),
			fixtures.RCA("r", "i", fixtures.SignedOff(v1alpha1.SignOffApproved, fyNow.Add(-time.Hour))))}, nil},
		{"an exercise owes no sharing", []review.Case{with(incidentAt("i", fyDay, exercise()), analysis())}, nil},
		{"a near miss on time, an incident late", []review.Case{
			with(incidentAt("i", fyDay, nearMiss()), analysis(onTime)),
			with(incidentAt("j", fyDay), fixtures.RCA("s", "j", approved, late)),
		}, i32(50)},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := computeFY(t, c.members...).KPIs.LearningSharedOnTimePercent; !sameI32(got, c.want) {
				t.Errorf("learning shared on time %s, want %s", showI32(got), showI32(c.want))
			}
		})
	}
}
