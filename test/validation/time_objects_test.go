package validation_test

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

// timeGen makes spec times as a user may write them, crowded near the
// bounds: on either side of 1900-01-01 and 3000-01-01, with fractions of a
// second and offsets up to ±23:59. Now and then it writes what a hostile
// user would: the first and last instants RFC 3339 can write, offsets Go
// cannot read. The API server is to refuse those and the times beyond the
// bounds.
type timeGen struct{ r *rand.Rand }

// The bounds of every spec time: from the first instant of 1900 to the
// end of 2999 (UTC).
var firstInstant, endInstant = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC)

// near is an instant within a few days of a bound, or anywhere between,
// or at the edge of what RFC 3339 can write.
func (g timeGen) near() time.Time {
	var base time.Time
	switch g.r.IntN(12) {
	case 0:
		return time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)
	case 1:
		return time.Date(9999, 12, 31, 23, 59, 59, int(time.Second-1), time.UTC)
	case 2, 3, 4, 5:
		base = firstInstant
	case 6, 7, 8, 9:
		base = endInstant
	default:
		base = firstInstant.Add(time.Duration(g.r.Int64N(int64(endInstant.Sub(firstInstant)))))
	}
	return base.Add(g.jitter(3 * 24 * time.Hour))
}

// jitter is a duration within ±span with a fraction of a second that is
// none, one nanosecond, a half or the last nanosecond, or random.
func (g timeGen) jitter(span time.Duration) time.Duration {
	d := time.Duration(g.r.Int64N(2*int64(span/time.Second)+1))*time.Second - span
	fractions := []time.Duration{0, 1, time.Second / 2, time.Second - 1, time.Duration(g.r.Int64N(int64(time.Second)))}
	return d + fractions[g.r.IntN(len(fractions))]
}

// after is t plus up to span, never before t.
func (g timeGen) after(t time.Time, span time.Duration) time.Time {
	return t.Add(time.Duration(g.r.Int64N(int64(span)) + 1))
}

// write renders t in a zone: UTC as Z, ±23:59, or any offset between;
// now and then with an offset no zone has.
func (g timeGen) write(t time.Time) string {
	if g.r.IntN(20) == 0 {
		return t.UTC().Format("2006-01-02T15:04:05") + []string{"+25:00", "+23:99", "+99:99", "-24:00"}[g.r.IntN(4)]
	}
	const most = 23*60 + 59
	minutes := []int{0, most, -most, g.r.IntN(2*most+1) - most}[g.r.IntN(4)]
	return t.In(time.FixedZone("", minutes*60)).Format(time.RFC3339Nano)
}

// raw converts obj to unstructured, without status, and writes its times
// as text: metav1.Time would write them in UTC to the second. A path's
// number picks an entry of a list (spec.extensions.0.at).
func raw(obj client.Object, times map[string]string) *unstructured.Unstructured {
	u := asWritten(obj)
	for path, text := range times {
		setText(u.Object, strings.Split(path, "."), text)
	}
	return u
}

// setText writes text at path in a JSON object, through lists by index.
func setText(node any, path []string, text string) {
	if len(path) == 1 {
		node.(map[string]any)[path[0]] = text
		return
	}
	switch n := node.(type) {
	case map[string]any:
		setText(n[path[0]], path[1:], text)
	case []any:
		i, err := strconv.Atoi(path[0])
		if err != nil {
			panic(err)
		}
		setText(n[i], path[1:], text)
	}
}

// aCorrection records a change whose time raw writes near the bounds.
func aCorrection() v1alpha1.CorrectionRecord {
	return v1alpha1.CorrectionRecord{From: "High", To: "Medium", Reason: "Fewer records were affected than first thought",
		By: "siro@example.nhs.uk", At: metav1.NewTime(firstInstant)}
}

// reviewObjects makes an incident with an analysis and up to two actions,
// every time of them near the bounds.
func (g timeGen) reviewObjects(i int) []*unstructured.Unstructured {
	name := fmt.Sprintf("bounds-%d", i)
	detected := g.near()
	inc := fixtures.Incident(name)
	inc.Spec.Severity = v1alpha1.Severities[g.r.IntN(len(v1alpha1.Severities))]
	incTimes := map[string]string{"spec.detectedAt": g.write(detected)}
	inc.Spec.SIRONotifiedAt = nil
	if g.r.IntN(3) == 0 {
		inc.Spec.Type, inc.Spec.SIRO = v1alpha1.IncidentTypeNearMiss, ""
	}
	for _, f := range []string{"spec.containedAt", "spec.resolvedAt", "spec.siroNotifiedAt"} {
		if g.r.IntN(2) == 0 {
			incTimes[f] = g.write(g.after(detected, 48*time.Hour))
		}
	}
	// The records added with corrections, now and then, their times
	// following the object's own (near the bounds) so that most objects
	// stay within them.
	if g.r.IntN(2) == 0 {
		incTimes["spec.externalReportDecision.at"] = g.write(g.after(detected, 96*time.Hour))
	}
	if g.r.IntN(4) == 0 {
		inc.Spec.Corrections = []v1alpha1.IncidentCorrection{{Field: v1alpha1.FactSeverity, CorrectionRecord: aCorrection()}}
		incTimes["spec.corrections.0.at"] = g.write(g.after(detected, 30*24*time.Hour))
	}
	out := []*unstructured.Unstructured{raw(inc, incTimes)}

	rca := fixtures.RCA(name, name)
	rcaTimes := map[string]string{}
	switch g.r.IntN(4) {
	case 1:
		fixtures.Submitted()(rca)
	case 2, 3:
		decision := []v1alpha1.SignOffDecision{v1alpha1.SignOffApproved, v1alpha1.SignOffChangesRequested}[g.r.IntN(2)]
		fixtures.SignedOff(decision, detected)(rca)
		rcaTimes["spec.signOff.at"] = g.write(g.after(detected, 30*24*time.Hour))
	}
	switch g.r.IntN(4) {
	case 0, 1:
		rcaTimes["spec.dueDate"] = g.write(g.near())
	case 2:
		// Extended from the review window's end.
		due := g.after(detected, 3*365*24*time.Hour)
		rca.Spec.Extensions = []v1alpha1.DeadlineExtension{extension(due, due)}
		rcaTimes["spec.extensions.0.dueDate"] = g.write(due)
		rcaTimes["spec.extensions.0.at"] = g.write(g.after(detected, 30*24*time.Hour))
	}
	out = append(out, raw(rca, rcaTimes))

	for j := range g.r.IntN(3) {
		due := g.near()
		a := fixtures.Action(fmt.Sprintf("%s-%d", name, j), name, due)
		aTimes := map[string]string{"spec.dueDate": g.write(due)}
		switch g.r.IntN(4) {
		case 1:
			fixtures.InProgress()(a)
		case 2:
			fixtures.Done(due)(a)
			aTimes["spec.completedAt"] = g.write(due.Add(g.jitter(24 * time.Hour)))
		case 3:
			fixtures.Cancelled()(a)
		}
		if g.r.IntN(4) == 0 {
			later := g.after(due, 2*365*24*time.Hour)
			a.Spec.Extensions = []v1alpha1.DeadlineExtension{extension(later, later)}
			aTimes["spec.extensions.0.dueDate"] = g.write(later)
			aTimes["spec.extensions.0.at"] = g.write(g.after(due, 24*time.Hour))
		}
		if g.r.IntN(4) == 0 {
			a.Spec.Corrections = []v1alpha1.ActionCorrection{{Field: v1alpha1.FactPriority, CorrectionRecord: aCorrection()}}
			aTimes["spec.corrections.0.at"] = g.write(g.after(due, 24*time.Hour))
		}
		out = append(out, raw(a, aTimes))
	}
	return out
}

// report makes a report whose period starts near a bound and is
// open-ended, shorter or longer than a day, or up to the other bound.
func (g timeGen) report(i int) *unstructured.Unstructured {
	from := g.near()
	r := &v1alpha1.LessonsReport{Spec: v1alpha1.LessonsReportSpec{Period: v1alpha1.ReportPeriod{From: *fixtures.Time(from)}}}
	r.Name = fmt.Sprintf("bounds-%d", i)
	times := map[string]string{"spec.period.from": g.write(from)}
	var to time.Time
	switch g.r.IntN(4) {
	case 1:
		to = g.after(from, 48*time.Hour)
	case 2:
		to = from.AddDate(g.r.IntN(1100), 0, 0).Add(g.jitter(24 * time.Hour))
	case 3:
		to = g.near()
	}
	if !to.IsZero() {
		r.Spec.Period.To = fixtures.Time(to)
		times["spec.period.to"] = g.write(to)
	}
	if g.r.IntN(2) == 0 {
		r.Spec.SignOff = &v1alpha1.SignOff{Decision: v1alpha1.SignOffApproved, By: "siro@example.nhs.uk"}
		times["spec.signOff.at"] = g.write(g.near())
	}
	return raw(r, times)
}
