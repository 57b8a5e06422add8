package report

import (
	"fmt"
	"slices"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
)

// computeKPIs computes the headline figures. A figure with nothing to
// compute it from is left out (nil, or "" for the ratio), never shown as 0.
// Near misses are kept out of the incident-response figures (containment,
// SIRO notification) but count for RCA sign-off and actions.
func computeKPIs(p review.Policy, in []*review.Case, now time.Time) v1alpha1.ReportKPIs {
	var (
		incidents, nearMisses int
		contain               []int64 // seconds, per contained incident
		siroDue, siroOnTime   int
		signedOff             int
		signOffSeconds        int64
		done, doneOnTime      int
		doneByAgreedDate      int
	)
	contain = make([]int64, 0, len(in))
	for _, m := range in {
		inc := m.Incident
		// An incident's SIRO notification counts, and so does one missed
		// while it was an incident, as late, whatever it became since.
		if siro := review.SIRONotificationRecord(p, inc, now); siro.Counted && (inc.Spec.Type == v1alpha1.IncidentTypeIncident || siro.BreachedAs == v1alpha1.IncidentTypeIncident) {
			siroDue++
			if siro.OnTime {
				siroOnTime++
			}
		}
		if inc.Spec.Type == v1alpha1.IncidentTypeExercise {
			// An exercise tests the plan; it is no incident response. One
			// recorded as an incident or near miss before its correction
			// owed its actions as such: they still count.
			if review.RecordedAsResponse(inc) {
				tallyDone(m, now, &done, &doneOnTime, &doneByAgreedDate)
			}
			continue
		}
		detected := inc.Spec.DetectedAt.Time
		switch inc.Spec.Type {
		case v1alpha1.IncidentTypeIncident:
			incidents++
			if c := inc.Spec.ContainedAt; c != nil {
				contain = append(contain, wholeSeconds(c.Sub(detected)))
			}
		case v1alpha1.IncidentTypeNearMiss:
			nearMisses++
		}
		if m.RCA != nil && review.RCAPhase(m.RCA, inc, now) == v1alpha1.RCASignedOff {
			signedOff++
			signOffSeconds += wholeSeconds(m.RCA.Spec.SignOff.At.Sub(detected))
		}
		tallyDone(m, now, &done, &doneOnTime, &doneByAgreedDate)
	}

	var k v1alpha1.ReportKPIs
	if n := len(contain); n > 0 {
		var sum int64
		for _, s := range contain {
			sum += s
		}
		k.MeanTimeToContain = seconds(sum / int64(n))
		slices.Sort(contain)
		median := contain[n/2]
		if n%2 == 0 {
			median = (contain[n/2-1] + contain[n/2]) / 2
		}
		k.MedianTimeToContain = seconds(median)
	}
	if signedOff > 0 {
		k.MeanTimeToRCASignOff = seconds(signOffSeconds / int64(signedOff))
	}
	k.SIRONotifiedOnTimePercent = percent(siroOnTime, siroDue)
	k.RCASignedOffPercent = percent(signedOff, incidents+nearMisses)
	k.ActionsCompletedOnTimePercent = percent(doneOnTime, done)
	k.ActionsCompletedByAgreedDatePercent = percent(doneByAgreedDate, done)
	if incidents > 0 {
		hundredths := roundDiv(nearMisses*100, incidents)
		k.NearMissRatio = fmt.Sprintf("%d.%02d", hundredths/100, hundredths%100)
	}
	learningKPIs(&k, p, in, now)
	return k
}

// tallyDone adds a case's done actions to the action figures: all done,
// done by the deadline first agreed, done by the deadline in force.
func tallyDone(m *review.Case, now time.Time, done, onTime, byAgreedDate *int) {
	for i := range m.Actions {
		if a := m.Actions[i]; review.ActionPhase(a, now) == v1alpha1.ActionDone {
			*done++
			if !review.CompletedAfterOriginalDueDate(a) {
				*onTime++
			}
			if !review.CompletedLate(a) {
				*byAgreedDate++
			}
		}
	}
}

// wholeSeconds truncates a duration to whole seconds; a negative one (a
// time recorded before detection) counts as zero.
func wholeSeconds(d time.Duration) int64 {
	if d < 0 {
		return 0
	}
	return int64(d / time.Second)
}

func seconds(s int64) *metav1.Duration {
	return &metav1.Duration{Duration: time.Duration(s) * time.Second}
}

// percent is part/whole as a whole number 0-100, rounded to nearest (half
// up); nil when whole is 0.
func percent(part, whole int) *int32 {
	if whole == 0 {
		return nil
	}
	v := int32(roundDiv(part*100, whole))
	return &v
}

// roundDiv divides non-negative integers, rounding half up.
func roundDiv(a, b int) int {
	return (2*a + b) / (2 * b)
}
