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

func TestKPIsWithNoDataAreOmitted(t *testing.T) {
	// An incident detected just now: not contained, SIRO not yet due, no
	// RCA signed off, no action done.
	fresh := incidentAt("fresh", fyNow.Add(-time.Hour), notNotified())
	for _, c := range []struct {
		name    string
		members []review.Case
		want    v1alpha1.ReportKPIs
	}{
		{"no members at all", nil, v1alpha1.ReportKPIs{}},
		{"members only outside the period", []review.Case{with(incidentAt("old", fyFrom.Add(-time.Hour), containedAfter(time.Hour)), nil)},
			v1alpha1.ReportKPIs{}},
		{"only a near miss, contained, told, with a done action: no incident-response figures",
			[]review.Case{with(nearMissAt("nm", fyDay, containedAfter(time.Hour), notifiedAfter(time.Hour)), nil,
				actionDue("a", fyDay.Add(statuskit.Day), fixtures.Done(fyDay)))},
			v1alpha1.ReportKPIs{RCASignedOffPercent: i32(0), ActionsCompletedOnTimePercent: i32(100)}},
		{"a fresh incident: nothing yet but the sign-off share and the ratio",
			[]review.Case{with(fresh, rcaOf(fresh), actionDue("a", fyNow.Add(statuskit.Day), fixtures.InProgress()), actionDue("b", fyNow, fixtures.Cancelled()))},
			v1alpha1.ReportKPIs{RCASignedOffPercent: i32(0), NearMissRatio: "0.00"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := computeFY(t, c.members...).KPIs
			if !sameKPIs(got, c.want) {
				t.Errorf("kpis\n got  %s\n want %s", showKPIs(got), showKPIs(c.want))
			}
		})
	}
}

func TestTimeToContain(t *testing.T) {
	type contained struct {
		near  bool
		after *time.Duration // nil: not contained
	}
	in := func(d time.Duration) contained { return contained{after: &d} }
	nearIn := func(d time.Duration) contained { return contained{near: true, after: &d} }
	notContained := contained{}
	for _, c := range []struct {
		name         string
		members      []contained
		mean, median *time.Duration
	}{
		{"none contained", []contained{notContained, notContained}, nil, nil},
		{"one", []contained{in(5*time.Hour + 30*time.Minute)}, ptr(5*time.Hour + 30*time.Minute), ptr(5*time.Hour + 30*time.Minute)},
		{"contained at the instant of detection is a real zero", []contained{in(0)}, ptr(time.Duration(0)), ptr(time.Duration(0))},
		{"odd count: the middle one", []contained{in(10 * time.Hour), in(time.Hour), in(2 * time.Hour)}, ptr(4*time.Hour + 20*time.Minute), ptr(2 * time.Hour)},
		{"even count: the mean of the middle two", []contained{in(10 * time.Hour), in(time.Hour), in(3 * time.Hour), in(2 * time.Hour)}, ptr(4 * time.Hour), ptr(2*time.Hour + 30*time.Minute)},
		{"each duration is truncated to the second", []contained{in(time.Hour + 900*time.Millisecond), in(time.Hour + 900*time.Millisecond)}, ptr(time.Hour), ptr(time.Hour)},
		{"the mean and median are truncated to the second", []contained{in(time.Second), in(2 * time.Second)}, ptr(time.Second), ptr(time.Second)},
		{"not-contained incidents are left out", []contained{in(2 * time.Hour), notContained}, ptr(2 * time.Hour), ptr(2 * time.Hour)},
		{"near misses are left out", []contained{in(time.Hour), nearIn(100 * time.Hour), nearIn(200 * time.Hour)}, ptr(time.Hour), ptr(time.Hour)},
		{"only near misses contained: omitted", []contained{nearIn(time.Hour), notContained}, nil, nil},
		{"a containment recorded before detection counts as zero", []contained{in(-time.Hour), in(2 * time.Hour)}, ptr(time.Hour), ptr(time.Hour)},
	} {
		t.Run(c.name, func(t *testing.T) {
			var ms []review.Case
			for i, x := range c.members {
				var opts []fixtures.Option[v1alpha1.Incident]
				if x.near {
					opts = append(opts, nearMiss())
				}
				if x.after != nil {
					opts = append(opts, containedAfter(*x.after))
				}
				ms = append(ms, with(incidentAt(fmt.Sprintf("i%d", i), fyDay, opts...), nil))
			}
			k := computeFY(t, ms...).KPIs
			if !sameDur(k.MeanTimeToContain, durp(c.mean)) || !sameDur(k.MedianTimeToContain, durp(c.median)) {
				t.Errorf("mean %s, median %s; want %s, %s", showDur(k.MeanTimeToContain), showDur(k.MedianTimeToContain), showDur(durp(c.mean)), showDur(durp(c.median)))
			}
		})
	}
}

func TestTimeToContainDoesNotOverflow(t *testing.T) {
	// Ten thousand incidents contained after ten years each sum to more
	// nanoseconds than a time.Duration holds.
	const n, years = 10000, 10
	var ms []review.Case
	for i := range n {
		inc := incidentAt(fmt.Sprintf("i%d", i), fyDay)
		inc.Spec.ContainedAt = fixtures.Time(fyDay.AddDate(years, 0, 0))
		ms = append(ms, with(inc, nil))
	}
	want := fyDay.AddDate(years, 0, 0).Sub(fyDay)
	k := computeFY(t, ms...).KPIs
	if !sameDur(k.MeanTimeToContain, dur(want)) || !sameDur(k.MedianTimeToContain, dur(want)) {
		t.Errorf("mean %s, median %s; want %s", showDur(k.MeanTimeToContain), showDur(k.MedianTimeToContain), want)
	}
}

func TestSIRONotifiedOnTimePercent(t *testing.T) {
	deadline := fyDay.Add(12 * time.Hour)
	for _, c := range []struct {
		name      string
		policy    time.Duration // the SIRO notification deadline; 0 means 12h
		incidents []*siroCase
		now       time.Time
		want      *int32
	}{
		{"told exactly at the deadline is on time", 0, incs(told(12 * time.Hour)), deadline, i32(100)},
		{"told one nanosecond after the deadline is late", 0, incs(told(12*time.Hour + time.Nanosecond)), fyNow, i32(0)},
		{"told one second before the deadline", 0, incs(told(12*time.Hour - time.Second)), fyNow, i32(100)},
		{"told before the deadline, which has not passed yet: counted", 0, incs(told(time.Hour)), fyDay.Add(2 * time.Hour), i32(100)},
		{"not told, one nanosecond before the deadline: nothing to count yet", 0, incs(untold()), deadline.Add(-time.Nanosecond), nil},
		{"not told, exactly at the deadline: late", 0, incs(untold()), deadline, i32(0)},
		{"not told, long after the deadline: late", 0, incs(untold()), fyNow, i32(0)},
		{"two of three on time", 0, incs(told(time.Hour), told(13*time.Hour), told(11*time.Hour)), fyNow, i32(67)},
		{"one of three on time", 0, incs(told(time.Hour), told(13*time.Hour), untold()), fyNow, i32(33)},
		{"near misses are left out, late or not", 0, incs(told(time.Hour), nearMissTold(48*time.Hour), nearMissTold(0), nearMissUntold()), fyNow, i32(100)},
		{"only near misses: omitted", 0, incs(nearMissTold(48*time.Hour), nearMissUntold()), fyNow, nil},
		{"a 24-hour policy: told at 20h is on time", 24 * time.Hour, incs(told(20 * time.Hour)), fyNow, i32(100)},
		{"a 24-hour policy: not told at 23h is not yet counted", 24 * time.Hour, incs(untold(), told(time.Hour)), fyDay.Add(23 * time.Hour), i32(100)},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := review.DefaultPolicy()
			if c.policy != 0 {
				p.SIRONotificationDeadline = c.policy
			}
			var ms []review.Case
			for i, x := range c.incidents {
				opts := []fixtures.Option[v1alpha1.Incident]{notNotified()}
				if x.near {
					opts = append([]fixtures.Option[v1alpha1.Incident]{nearMiss()}, opts...)
				}
				if x.told != nil {
					opts = append(opts, notifiedAfter(*x.told))
				}
				ms = append(ms, with(incidentAt(fmt.Sprintf("i%d", i), fyDay, opts...), nil))
			}
			got := compute(t, p, ms, fyFrom, fyTo, c.now).KPIs.SIRONotifiedOnTimePercent
			if !sameI32(got, c.want) {
				t.Errorf("siroNotifiedOnTimePercent = %s, want %s", showI32(got), showI32(c.want))
			}
		})
	}
}

type siroCase struct {
	near bool
	told *time.Duration
}

func incs(xs ...*siroCase) []*siroCase       { return xs }
func told(d time.Duration) *siroCase         { return &siroCase{told: &d} }
func untold() *siroCase                      { return &siroCase{} }
func nearMissTold(d time.Duration) *siroCase { return &siroCase{near: true, told: &d} }
func nearMissUntold() *siroCase              { return &siroCase{near: true} }

func TestRCASignedOff(t *testing.T) {
	inc := incidentAt("inc", fyDay)
	cyber := incidentAt("cyber", fyDay, cyberAttack())
	nm := nearMissAt("nm", fyDay)
	approved := func(i *v1alpha1.Incident, d time.Duration, opts ...fixtures.Option[v1alpha1.RootCauseAnalysis]) *v1alpha1.RootCauseAnalysis {
		return rcaOf(i, append([]fixtures.Option[v1alpha1.RootCauseAnalysis]{approvedAfter(i, d)}, opts...)...)
	}
	for _, c := range []struct {
		name    string
		members []review.Case
		percent *int32
		mean    *time.Duration
	}{
		{"no RCA", []review.Case{with(inc, nil)}, i32(0), nil},
		{"a draft", []review.Case{with(inc, rcaOf(inc))}, i32(0), nil},
		{"submitted, awaiting sign-off", []review.Case{with(inc, rcaOf(inc, fixtures.Submitted()))}, i32(0), nil},
		{"changes requested", []review.Case{with(inc, rcaOf(inc, fixtures.SignedOff(v1alpha1.SignOffChangesRequested, fyDay.Add(statuskit.Day))))}, i32(0), nil},
		{"approved", []review.Case{with(inc, approved(inc, 10*statuskit.Day))}, i32(100), ptr(10 * statuskit.Day)},
		{"approved but no longer complete", []review.Case{with(inc, approved(inc, 10*statuskit.Day, noOverview()))}, i32(0), nil},
		{"a cyber attack approved without its section", []review.Case{with(cyber, approved(cyber, statuskit.Day))}, i32(0), nil},
		{"a cyber attack approved with its section", []review.Case{with(cyber, approved(cyber, statuskit.Day, fixtures.WithCyberAttackSection()))}, i32(100), ptr(statuskit.Day)},
		{"a near miss's RCA counts", []review.Case{with(nm, approved(nm, 2*statuskit.Day))}, i32(100), ptr(2 * statuskit.Day)},
		{"one of two: the near miss is not signed off", []review.Case{with(inc, approved(inc, 4*statuskit.Day)), with(nm, rcaOf(nm))}, i32(50), ptr(4 * statuskit.Day)},
		{"one of three", []review.Case{with(inc, approved(inc, statuskit.Day)), with(nm, nil), with(cyber, rcaOf(cyber))}, i32(33), ptr(statuskit.Day)},
		{"the mean is truncated to the second",
			[]review.Case{with(inc, approved(inc, 10*statuskit.Day)), with(nm, approved(nm, 20*statuskit.Day+1500*time.Millisecond))},
			i32(100), ptr(15 * statuskit.Day)},
		{"the mean over uneven times", []review.Case{with(inc, approved(inc, time.Second)), with(nm, approved(nm, 2*time.Second))}, i32(100), ptr(time.Second)},
		{"a sign-off recorded before detection counts as zero", []review.Case{with(inc, approved(inc, -time.Hour)), with(nm, approved(nm, 2*time.Hour))}, i32(100), ptr(time.Hour)},
	} {
		t.Run(c.name, func(t *testing.T) {
			k := computeFY(t, c.members...).KPIs
			if !sameI32(k.RCASignedOffPercent, c.percent) {
				t.Errorf("rcaSignedOffPercent = %s, want %s", showI32(k.RCASignedOffPercent), showI32(c.percent))
			}
			if !sameDur(k.MeanTimeToRCASignOff, durp(c.mean)) {
				t.Errorf("meanTimeToRCASignOff = %s, want %s", showDur(k.MeanTimeToRCASignOff), showDur(durp(c.mean)))
			}
		})
	}
}

func TestActionsCompletedOnTimePercent(t *testing.T) {
	due := fyNow.Add(-5 * statuskit.Day)
	onTime := func(n string) *v1alpha1.ImprovementAction {
		return actionDue(n, due, fixtures.Done(due.Add(-statuskit.Day)))
	}
	late := func(n string) *v1alpha1.ImprovementAction {
		return actionDue(n, due, fixtures.Done(due.Add(statuskit.Day)))
	}
	for _, c := range []struct {
		name       string
		actions    []*v1alpha1.ImprovementAction
		ofNearMiss []*v1alpha1.ImprovementAction // actions of a near miss
		want       *int32
	}{
		{"no actions", nil, nil, nil},
		{"none done", []*v1alpha1.ImprovementAction{actionDue("a", due), actionDue("b", fyNow.Add(statuskit.Day), fixtures.InProgress()), actionDue("c", due, fixtures.Cancelled())}, nil, nil},
		{"done exactly at the due date is on time", []*v1alpha1.ImprovementAction{actionDue("a", due, fixtures.Done(due))}, nil, i32(100)},
		{"done one nanosecond after the due date is late", []*v1alpha1.ImprovementAction{actionDue("a", due, fixtures.Done(due.Add(time.Nanosecond)))}, nil, i32(0)},
		{"open, overdue and cancelled actions are left out",
			[]*v1alpha1.ImprovementAction{onTime("a"), onTime("b"), late("c"), actionDue("d", due), actionDue("e", due, fixtures.Cancelled())}, nil, i32(67)},
		{"a near miss's actions count", []*v1alpha1.ImprovementAction{onTime("a")}, []*v1alpha1.ImprovementAction{late("b")}, i32(50)},
	} {
		t.Run(c.name, func(t *testing.T) {
			members := []review.Case{with(incidentAt("inc", fyDay), nil, c.actions...), with(nearMissAt("nm", fyDay), nil, c.ofNearMiss...)}
			got := computeFY(t, members...).KPIs.ActionsCompletedOnTimePercent
			if !sameI32(got, c.want) {
				t.Errorf("actionsCompletedOnTimePercent = %s, want %s", showI32(got), showI32(c.want))
			}
		})
	}
}

func TestPercentagesRoundToNearest(t *testing.T) {
	due := fyNow.Add(-5 * statuskit.Day)
	for _, c := range []struct {
		onTime, done int
		want         int32
	}{
		{0, 5, 0}, {5, 5, 100}, {1, 3, 33}, {2, 3, 67}, {1, 2, 50},
		{1, 8, 13},      // 12.5: half rounds up
		{3, 8, 38},      // 37.5
		{1, 200, 1},     // 0.5
		{1, 201, 0},     // 0.4975
		{199, 200, 100}, // 99.5
		{200, 201, 100}, // 99.50
		{201, 203, 99},  // 99.01
	} {
		t.Run(fmt.Sprintf("%d of %d", c.onTime, c.done), func(t *testing.T) {
			var actions []*v1alpha1.ImprovementAction
			for i := range c.done {
				completed := due
				if i >= c.onTime {
					completed = due.Add(time.Second)
				}
				actions = append(actions, actionDue(fmt.Sprintf("a%d", i), due, fixtures.Done(completed)))
			}
			got := computeFY(t, with(incidentAt("inc", fyDay), nil, actions...)).KPIs.ActionsCompletedOnTimePercent
			if !sameI32(got, &c.want) {
				t.Errorf("%s%%, want %d%%", showI32(got), c.want)
			}
		})
	}
}

func TestNearMissRatio(t *testing.T) {
	for _, c := range []struct {
		incidents, nearMisses int
		want                  string
	}{
		{0, 0, ""},
		{0, 3, ""}, // no incidents to divide by: omitted
		{1, 0, "0.00"},
		{2, 5, "2.50"},
		{1, 1, "1.00"},
		{3, 1, "0.33"},
		{3, 2, "0.67"},
		{8, 1, "0.13"}, // 0.125: half rounds up
		{1, 12, "12.00"},
		{200, 1, "0.01"}, // 0.005
		{201, 1, "0.00"}, // 0.004975
		{7, 100, "14.29"},
	} {
		t.Run(fmt.Sprintf("%d near misses per %d incidents", c.nearMisses, c.incidents), func(t *testing.T) {
			var ms []review.Case
			for i := range c.incidents {
				ms = append(ms, with(incidentAt(fmt.Sprintf("i%d", i), fyDay), nil))
			}
			for i := range c.nearMisses {
				ms = append(ms, with(nearMissAt(fmt.Sprintf("n%d", i), fyDay), nil))
			}
			if got := computeFY(t, ms...).KPIs.NearMissRatio; got != c.want {
				t.Errorf("nearMissRatio = %q, want %q", got, c.want)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

func durp(d *time.Duration) *metav1.Duration {
	if d == nil {
		return nil
	}
	return dur(*d)
}

func sameKPIs(a, b v1alpha1.ReportKPIs) bool {
	return sameDur(a.MeanTimeToContain, b.MeanTimeToContain) && sameDur(a.MedianTimeToContain, b.MedianTimeToContain) &&
		sameDur(a.MeanTimeToRCASignOff, b.MeanTimeToRCASignOff) && sameI32(a.SIRONotifiedOnTimePercent, b.SIRONotifiedOnTimePercent) &&
		sameI32(a.RCASignedOffPercent, b.RCASignedOffPercent) && sameI32(a.ActionsCompletedOnTimePercent, b.ActionsCompletedOnTimePercent) &&
		a.NearMissRatio == b.NearMissRatio
}

func showKPIs(k v1alpha1.ReportKPIs) string {
	return fmt.Sprintf("{contain mean %s median %s, signOff mean %s, siro %s, signedOff %s, actions %s, ratio %q}",
		showDur(k.MeanTimeToContain), showDur(k.MedianTimeToContain), showDur(k.MeanTimeToRCASignOff),
		showI32(k.SIRONotifiedOnTimePercent), showI32(k.RCASignedOffPercent), showI32(k.ActionsCompletedOnTimePercent), k.NearMissRatio)
}
