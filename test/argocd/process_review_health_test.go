package argocd_test

import (
	"fmt"
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	k8sunstructured "k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	kstatus "sigs.k8s.io/cli-utils/pkg/kstatus/status"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

// A process review's status is written by hand here, as the contract names
// it: phase, action tallies and the conditions Ready and
// UserRepresentation. Its health is the other kinds': Progressing until
// the operator has processed the latest generation, Degraded when Ready is
// False, and Healthy whatever the phase, Planned included (a plan is not a
// fault).

// processReview is a review held a month after the fixtures' incident,
// with staff and user representatives taking part, as the operator stores
// it before its first visit.
func processReview(name string) *v1alpha1.ProcessReview {
	return &v1alpha1.ProcessReview{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "community-services", Generation: 1},
		Spec: v1alpha1.ProcessReviewSpec{
			HeldAt: metav1.NewTime(t0.Add(30 * 24 * time.Hour)),
			Title:  "Annual data security process workshop",
			Participants: []v1alpha1.Participants{
				{Group: v1alpha1.GroupStaff, Count: 8},
				{Group: v1alpha1.GroupUserRepresentative, Count: 2},
			},
		},
	}
}

// visited is r as the operator leaves it: phase, the actions done of
// total, Ready and UserRepresentation as given, the generation observed.
func visited(r *v1alpha1.ProcessReview, phase v1alpha1.ProcessReviewPhase, done, total int32, ready, users metav1.Condition) *v1alpha1.ProcessReview {
	r.Status.ObservedGeneration = r.Generation
	r.Status.Phase = phase
	r.Status.Participants = 10
	r.Status.Actions = v1alpha1.ActionCounts{Total: total, Done: done, Progress: progress(done, total)}
	for _, c := range []metav1.Condition{ready, users} {
		c.ObservedGeneration = r.Generation
		c.LastTransitionTime = metav1.NewTime(t0)
		meta.SetStatusCondition(&r.Status.Conditions, c)
	}
	if total > 0 && phase != v1alpha1.ProcessReviewPlanned {
		r.Status.KeptAsEvidence = []v1alpha1.EvidenceReason{v1alpha1.EvidenceActionsRaised}
	}
	return r
}

// progress is the printer column's done/total.
func progress(done, total int32) string { return fmt.Sprintf("%d/%d", done, total) }

var (
	readyTrue = metav1.Condition{Type: string(v1alpha1.ConditionReady), Status: metav1.ConditionTrue,
		Reason: "Reconciled", Message: "The review is processed"}
	readyFalse = metav1.Condition{Type: string(v1alpha1.ConditionReady), Status: metav1.ConditionFalse,
		Reason: "IncidentNotFound", Message: `Incident "vpn-compromise" in spec.incidentsReviewed does not exist in this namespace (yet)`}
	represented = metav1.Condition{Type: string(v1alpha1.ConditionUserRepresentation), Status: metav1.ConditionTrue,
		Reason: string(v1alpha1.ReasonUserRepresentativesTookPart), Message: "2 user representative(s) took part"}
	unrepresented = metav1.Condition{Type: string(v1alpha1.ConditionUserRepresentation), Status: metav1.ConditionFalse,
		Reason: string(v1alpha1.ReasonNoUserRepresentative), Message: "no user representative took part, as Data Security Standard 5 asks"}
)

func processReviewCases(t *testing.T) []healthCase {
	u := func(r *v1alpha1.ProcessReview) map[string]any { return unstructured(t, r) }
	planned := func() *v1alpha1.ProcessReview {
		return visited(processReview("planned"), v1alpha1.ProcessReviewPlanned, 0, 0, readyTrue, represented)
	}
	held := func() *v1alpha1.ProcessReview {
		return visited(processReview("held"), v1alpha1.ProcessReviewHeld, 1, 3, readyTrue, represented)
	}
	heldWithoutActions := visited(processReview("no-actions"), v1alpha1.ProcessReviewHeld, 0, 0, readyTrue, represented)
	actioned := visited(processReview("actioned"), v1alpha1.ProcessReviewActioned, 3, 3, readyTrue, represented)
	withoutUsers := visited(processReview("without-users"), v1alpha1.ProcessReviewHeld, 0, 2, readyTrue, unrepresented)
	broken := visited(processReview("broken"), v1alpha1.ProcessReviewHeld, 0, 2, readyFalse, represented)

	return append([]healthCase{
		{"planned: a plan is healthy", u(planned()), health{"Healthy", "Planned, actions done 0/0"}},
		{"held, actions open", u(held()), health{"Healthy", "Held, actions done 1/3"}},
		{"held, no action raised", u(heldWithoutActions), health{"Healthy", "Held, actions done 0/0"}},
		{"actioned", u(actioned), health{"Healthy", "Actioned, actions done 3/3"}},
		{"held without user representation: a finding, not a fault", u(withoutUsers),
			health{"Healthy", "Held, actions done 0/2; " + unrepresented.Message}},
		{"Ready False", u(broken), health{"Degraded", readyFalse.Message}},
		{"Ready False but generation not observed", notObserved(u(broken)), health{"Progressing", waiting}},
		{"planned but generation not observed", notObserved(u(planned())), health{"Progressing", waiting}},
	}, progressingCases(func() map[string]any { return u(held()) }, func() map[string]any { return u(processReview("new")) })...)
}

// An action raised by a review that does not exist (yet) is Degraded, as
// one whose incident is missing is, until the review appears.
func reviewActionCases(t *testing.T) []healthCase {
	a := fixtures.Action("from-review", "", t0.Add(30*24*time.Hour), func(a *v1alpha1.ImprovementAction) {
		a.Spec.IncidentRef = v1alpha1.IncidentReference{}
		a.Spec.ProcessReviewRef = v1alpha1.ProcessReviewReference{Name: "annual-process-review"}
	})
	a.Status.ObservedGeneration = a.Generation
	a.Status.Phase = v1alpha1.ActionOpen
	missing := metav1.Condition{Type: string(v1alpha1.ConditionReady), Status: metav1.ConditionFalse, Reason: string(v1alpha1.ReasonProcessReviewNotFound),
		Message: `ProcessReview "annual-process-review" does not exist in this namespace (yet)`, ObservedGeneration: a.Generation, LastTransitionTime: metav1.NewTime(t0)}
	meta.SetStatusCondition(&a.Status.Conditions, missing)
	found := a.DeepCopy()
	meta.SetStatusCondition(&found.Status.Conditions, metav1.Condition{Type: string(v1alpha1.ConditionReady), Status: metav1.ConditionTrue,
		Reason: "Reconciled", Message: "The action is processed", ObservedGeneration: a.Generation, LastTransitionTime: metav1.NewTime(t0)})
	return []healthCase{
		{"process review missing", unstructured(t, a), health{"Degraded", missing.Message}},
		{"process review found", unstructured(t, found), health{"Healthy", "Open"}},
	}
}

// TestProcessReviewHealth runs the script Argo CD runs for a ProcessReview,
// and for an action raised by one.
func TestProcessReviewHealth(t *testing.T) {
	for _, k := range []struct {
		kind  string
		cases []healthCase
	}{
		{"ProcessReview", processReviewCases(t)},
		{"ImprovementAction", reviewActionCases(t)},
	} {
		script := readScript(t, k.kind)
		for _, c := range k.cases {
			t.Run(k.kind+"/"+c.name, func(t *testing.T) {
				got, err := runHealth(script, c.obj)
				if err != nil {
					t.Fatalf("%s: %v", scripts[k.kind], err)
				}
				if got != c.want {
					t.Errorf("%s: got %s %q, want %s %q", scripts[k.kind], got.Status, got.Message, c.want.Status, c.want.Message)
				}
			})
		}
	}
}

// TestProcessReviewKstatus: Flux, kpt and kubectl wait read a process
// review through kstatus: Current once the operator has processed its
// generation, whatever its phase or its user representation, and
// InProgress while the operator has not.
func TestProcessReviewKstatus(t *testing.T) {
	for _, c := range []struct {
		name string
		obj  *v1alpha1.ProcessReview
		want kstatus.Status
	}{
		{"planned", visited(processReview("planned"), v1alpha1.ProcessReviewPlanned, 0, 0, readyTrue, represented), kstatus.CurrentStatus},
		{"held without user representation", visited(processReview("held"), v1alpha1.ProcessReviewHeld, 0, 2, readyTrue, unrepresented), kstatus.CurrentStatus},
		{"actioned", visited(processReview("actioned"), v1alpha1.ProcessReviewActioned, 2, 2, readyTrue, represented), kstatus.CurrentStatus},
		{"unvisited, as stored with the status default", processReview("new"), kstatus.InProgressStatus},
		{"changed since the operator's visit", func() *v1alpha1.ProcessReview {
			r := visited(processReview("changed"), v1alpha1.ProcessReviewHeld, 0, 2, readyTrue, represented)
			r.Generation++
			return r
		}(), kstatus.InProgressStatus},
	} {
		t.Run(c.name, func(t *testing.T) {
			u, err := testenv.ToUnstructured(c.obj)
			if err != nil {
				t.Fatal(err)
			}
			// The API server fills in the status default on creation,
			// observedGeneration 0, which the Go types omit.
			if err := k8sunstructured.SetNestedField(u.Object, c.obj.Status.ObservedGeneration, "status", "observedGeneration"); err != nil {
				t.Fatal(err)
			}
			res, err := kstatus.Compute(u)
			if err != nil {
				t.Fatal(err)
			}
			if res.Status != c.want {
				t.Errorf("kstatus %s (%s), want %s", res.Status, res.Message, c.want)
			}
		})
	}
}
