package plugin

import (
	"strings"
	"testing"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

// organisationWithReviews is the organisation with a process review held
// in the wards and one in the confidential occupational-health, each with
// an action it raised, and a review still planned in pharmacy.
func organisationWithReviews() []client.Object {
	objs := organisation()
	r := objs[0].(*v1alpha1.LessonsReport)
	r.Status.Governance = &v1alpha1.Governance{ProcessReviews: 2, UserRepresentedReviews: 1, Workarounds: 2,
		LastProcessReviewAt: fixtures.Time(fixtures.T0.Add(10 * 24 * time.Hour)), ProcessReviewDueAt: fixtures.Time(fixtures.T0.Add(375 * 24 * time.Hour))}
	r.Status.Conditions = []metav1.Condition{{Type: string(v1alpha1.ConditionProcessReviewHeld), Status: metav1.ConditionTrue,
		Reason: string(v1alpha1.ReasonHeldWithinInterval), LastTransitionTime: metav1.NewTime(fixtures.T0)}}
	wards := fixtures.ProcessReview("wards-workshop", fixtures.T0.Add(10*24*time.Hour), fixtures.InNamespace[v1alpha1.ProcessReview]("wards"))
	secret := fixtures.ProcessReview("oh-workshop", fixtures.T0.Add(5*24*time.Hour), fixtures.InNamespace[v1alpha1.ProcessReview]("occupational-health"),
		fixtures.WithoutUserRepresentatives, func(pr *v1alpha1.ProcessReview) {
			pr.Spec.Title = "Occupational health referrals workshop"
			pr.Spec.Workarounds = []v1alpha1.Workaround{"Referral letters e-mailed to personal addresses"}
		})
	planned := fixtures.ProcessReview("pharmacy-workshop", reviewNow.Add(30*24*time.Hour), fixtures.InNamespace[v1alpha1.ProcessReview]("pharmacy"))
	return append(objs, wards, secret, planned,
		fixtures.Action("smartcards", "", fixtures.T0.Add(20*24*time.Hour), fixtures.RaisedBy("wards-workshop"), fixtures.InNamespace[v1alpha1.ImprovementAction]("wards")),
		fixtures.Action("oh-referrals", "", fixtures.T0.Add(20*24*time.Hour), fixtures.RaisedBy("oh-workshop"), fixtures.InNamespace[v1alpha1.ImprovementAction]("occupational-health")),
	)
}

func TestReportGovernanceNamesNoConfidentialReview(t *testing.T) {
	h := newHarness(t, organisationWithReviews()...)
	if code := h.runAt(reviewNow, "report", "fy-2026-27", "-n", "information-governance"); code != 0 {
		t.Fatalf("exit %d: %s", code, h.stderr.String())
	}
	out := h.stdout.String()
	for _, want := range []string{
		"## Governance cycle",
		"| Process review (Data Security Standard 5) | Held within the interval | 14 May 2026 | 14 May 2027 |",
		"In this period: 2 process reviews held, 1 with user representatives, 2 workarounds found",
		"The process reviews and exercises of namespaces labelled confidential are counted, not named.",
		"#### Annual data security process workshop (wards/wards-workshop)",
		"  - User representatives: 3 (Patient panel)",
		"1. Smartcards shared at the nurses' station during night shifts",
		"(smartcards) | wards/review/wards-workshop |",
		"3 open, of which 3 overdue",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("want %q in the document:\n%s", want, out)
		}
	}
	for _, absent := range []string{"occupational-health", "Occupational health referrals", "personal addresses", "oh-referrals", "pharmacy-workshop"} {
		if strings.Contains(out, absent) {
			t.Errorf("%q must not be in the document:\n%s", absent, out)
		}
	}
}

func TestReportWithoutTheRightToListProcessReviewsSaysSo(t *testing.T) {
	h := refusing(t, func(list client.ObjectList, _ string) bool {
		_, reviews := list.(*v1alpha1.ProcessReviewList)
		return reviews
	})
	if code := h.runAt(reviewNow, "report", "fy-2026-27", "-n", "information-governance"); code != 0 {
		t.Fatalf("exit %d: %s", code, h.stderr.String())
	}
	if !strings.Contains(h.stderr.String(), "the report's process reviews are left out") {
		t.Errorf("stderr:\n%s", h.stderr.String())
	}
	if out := h.stdout.String(); !strings.Contains(out, "The process reviews were not read with this report.") || !strings.Contains(out, "wards/wards-incident") {
		t.Errorf("the document:\n%s", out)
	}
}
