package review_test

import (
	"testing"
	"time"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

// A sign-off dated after now is not believed until then: the analysis
// waits for the SIRO, records no approval, says why, and is looked at
// again when the date comes, when it is signed off and announced.
func TestASignOffStillToComeIsNotBelieved(t *testing.T) {
	p := review.DefaultPolicy()
	now := t0.Add(3 * statuskit.Day)
	signed := now.Add(2 * statuskit.Day)
	inc := incident()
	r := rca(fixtures.SignedOff(v1alpha1.SignOffApproved, signed))

	before := computeRCA(t, p, r, inc, now)
	st := before.Status
	if st.Phase != v1alpha1.RCAAwaitingSignOff || st.ApprovedIncident != nil {
		t.Errorf("phase %s, approved incident %+v; want AwaitingSignOff and none recorded", st.Phase, st.ApprovedIncident)
	}
	if got := condMap(st.Conditions)[v1alpha1.ConditionSignedOff]; got != is(false, v1alpha1.ReasonSignOffInFuture) {
		t.Errorf("SignedOff = %s, want False/SignOffInFuture", got)
	}
	if before.RequeueAfter != signed.Sub(now) {
		t.Errorf("requeue after %s, want %s, when the sign-off is dated", before.RequeueAfter, signed.Sub(now))
	}
	if countReason(before.Announcements, v1alpha1.EventRCASignedOff) != 0 {
		t.Error("RCASignedOff announced before the sign-off's date")
	}
	incSt := review.ComputeIncident(p, inc, []*v1alpha1.RootCauseAnalysis{r}, nil, now)
	if incSt.Status.Phase != v1alpha1.IncidentAwaitingSignOff || incSt.RequeueAfter > signed.Sub(now) {
		t.Errorf("the incident is %s, requeued after %s; want AwaitingSignOff, looked at again by %s", incSt.Status.Phase, incSt.RequeueAfter, signed.Sub(now))
	}

	r.Status = stored(t, st)
	after := review.ComputeRCAAmong(p, r, inc, nil, signed.Add(time.Second))
	if after.Status.Phase != v1alpha1.RCASignedOff || after.Status.ApprovedIncident == nil || countReason(after.Announcements, v1alpha1.EventRCASignedOff) != 1 {
		t.Errorf("at its date: phase %s, approved incident %+v, %d RCASignedOff; want SignedOff, recorded, announced once",
			after.Status.Phase, after.Status.ApprovedIncident, countReason(after.Announcements, v1alpha1.EventRCASignedOff))
	}
}
