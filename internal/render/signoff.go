package render

import (
	"fmt"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
)

// signOffView is the sign-off state in words.
type signOffView struct {
	State  string // approved, unconfirmed, stale, changes-requested, none
	Label  string // "Signed off", "Sign-off stale", ...
	Detail string // a sentence saying who, when and what follows
}

// signedThing is what a sign-off approves, in the words of its document.
type signedThing struct {
	// unsigned is the sentence shown while there is no sign-off.
	unsigned string
	// changed says what changed after an approval that no longer stands,
	// and review what the SIRO must look at again.
	changed, review string
}

// signOffOf reads a sign-off with the SignedOff condition that says whether
// its approval stands. An approval the operator has not judged yet (no
// condition for this generation) is shown as unconfirmed, never as standing.
func signOffOf(so *v1alpha1.SignOff, conditions []metav1.Condition, generation int64, thing signedThing) signOffView {
	if so == nil {
		return signOffView{State: "none", Label: "Not signed off", Detail: thing.unsigned}
	}
	who := fmt.Sprintf("%s on %s", so.By, formatDateTime(so.At.Time))
	if so.Decision == v1alpha1.SignOffChangesRequested {
		return signOffView{State: "changes-requested", Label: "Changes requested",
			Detail: withComment("The SIRO requested changes: "+who+".", so.Comment)}
	}
	c := meta.FindStatusCondition(conditions, string(v1alpha1.ConditionSignedOff))
	switch {
	case c != nil && c.Reason == string(v1alpha1.ReasonSignOffInFuture):
		return signOffView{State: "unconfirmed", Label: "Approval dated ahead",
			Detail: withComment("Approved by "+who+", a date still to come: the approval is not believed until then.", so.Comment)}
	case c == nil || c.ObservedGeneration < generation:
		return signOffView{State: "unconfirmed", Label: "Approval not yet confirmed",
			Detail: withComment("Approved by "+who+", but the operator has not yet confirmed that the approval stands.", so.Comment)}
	case c.Status == metav1.ConditionFalse:
		detail := "Approved by " + who + ", but " + thing.changed
		if c.Message != "" {
			detail += " (" + c.Message + ")"
		}
		detail += ": the approval no longer stands, and the SIRO must review " + thing.review + " and sign off again."
		return signOffView{State: "stale", Label: "Sign-off stale", Detail: detail}
	}
	return signOffView{State: "approved", Label: "Signed off",
		Detail: withComment("Approved by "+who+".", so.Comment)}
}

func withComment(s, comment string) string {
	if comment == "" {
		return s
	}
	return s + " Comment: " + comment
}
