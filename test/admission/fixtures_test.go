package admission_test

import (
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

// incidentName is the incident the reviews of the suite belong to. No
// manager runs, so it need not exist.
const incidentName = "phishing-credential-compromise"

// releaseAnnotation releases a protected record for deletion.
const releaseAnnotation = "lessons.dspt.io/release-for-deletion"

// Rules of the CRDs, as users read them.
const (
	approvedRCARule    = "an approved RCA is immutable: withdraw spec.signOff (or change its decision) before changing it"
	approvedReportRule = "an approved report's spec is immutable (spec.period, spec.selector, spec.namespaceSelector and spec.siro): " +
		"withdraw spec.signOff before changing it, then sign off again"
)

// as returns the client of a user of the suite.
func as(user string) client.Client {
	switch user {
	case siroName:
		return siro
	case memberName:
		return member
	case engineerName:
		return engineer
	case gitopsName:
		return gitops
	case visitorName:
		return visitor
	case managerName:
		return manager
	case adminName:
		return admin
	}
	Fail("no client for user " + user)
	return nil
}

// now is a sign-off time, to the second as the API stores it.
func now() metav1.Time { return metav1.NewTime(time.Now().UTC().Truncate(time.Second)) }

// ---- RootCauseAnalysis ----

// newRCA is a complete, submitted analysis written by the engineer, under
// a unique name in the suite's namespace; options change what a test is about.
func newRCA(name string, opts ...func(*v1alpha1.RootCauseAnalysis)) *v1alpha1.RootCauseAnalysis {
	rca := fixtures.RCA(testenv.UniqueName(name), incidentName, fixtures.Submitted())
	rca.Namespace = namespace
	rca.Generation = 0
	rca.Spec.Lead = engineerName
	for _, o := range opts {
		o(rca)
	}
	return rca
}

// signedOff records a decision by the given signer.
func signedOff(decision v1alpha1.SignOffDecision, by string) func(*v1alpha1.RootCauseAnalysis) {
	return func(r *v1alpha1.RootCauseAnalysis) { r.Spec.SignOff = signOff(decision, by) }
}

func signOff(decision v1alpha1.SignOffDecision, by string) *v1alpha1.SignOff {
	return &v1alpha1.SignOff{Decision: decision, By: v1alpha1.Person(by), At: now(), Comment: "Reviewed with the incident lead."}
}

// createRCA creates a submitted RCA (no sign-off) as the administrator.
func createRCA(name string, opts ...func(*v1alpha1.RootCauseAnalysis)) *v1alpha1.RootCauseAnalysis {
	rca := newRCA(name, opts...)
	ExpectWithOffset(1, admin.Create(ctx, rca)).To(Succeed())
	return rca
}

// signAsSIRO records the SIRO's decision in the cluster, as the SIRO, and
// returns the stored object.
func signAsSIRO[T client.Object](obj T, decision v1alpha1.SignOffDecision) T {
	ExpectWithOffset(1, applySignOff(obj, decision)).To(Succeed())
	return testenv.Fresh(admin, obj.DeepCopyObject().(T))
}

// applySignOff writes spec.signOff alone as the SIRO, as the sign-off
// command does.
func applySignOff(obj client.Object, decision v1alpha1.SignOffDecision) error {
	return testenv.ApplySignOff(siro, obj, signOff(decision, siroName))
}

// approvedRCA is an RCA the SIRO approved.
func approvedRCA(name string) *v1alpha1.RootCauseAnalysis {
	return signAsSIRO(createRCA(name), v1alpha1.SignOffApproved)
}

// sentBackRCA is an RCA the SIRO sent back with ChangesRequested.
func sentBackRCA(name string) *v1alpha1.RootCauseAnalysis {
	return signAsSIRO(createRCA(name), v1alpha1.SignOffChangesRequested)
}

// ---- LessonsReport ----

// newReport is the fixtures' report, for the suite's SIRO, under a unique
// name in the suite's namespace; options change what a test is about.
func newReport(name string, opts ...func(*v1alpha1.LessonsReport)) *v1alpha1.LessonsReport {
	r := fixtures.Report(testenv.UniqueName(name), func(r *v1alpha1.LessonsReport) { r.Spec.SIRO = siroName })
	r.Namespace = namespace
	r.Generation = 0
	for _, o := range opts {
		o(r)
	}
	return r
}

// createReport creates a report (no sign-off) as the administrator.
func createReport(name string, opts ...func(*v1alpha1.LessonsReport)) *v1alpha1.LessonsReport {
	r := newReport(name, opts...)
	ExpectWithOffset(1, admin.Create(ctx, r)).To(Succeed())
	return r
}

func approvedReport(name string) *v1alpha1.LessonsReport {
	return signAsSIRO(createReport(name), v1alpha1.SignOffApproved)
}

// ---- Incident ----

// createIncident creates an incident as the administrator and, when phase
// is set, writes it to status with what it keeps as evidence.
func createIncident(name string, phase v1alpha1.IncidentPhase, kept ...v1alpha1.EvidenceReason) *v1alpha1.Incident {
	inc := fixtures.Incident(testenv.UniqueName(name))
	return createStored(inc, phase != "", func() { inc.Status.Phase, inc.Status.KeptAsEvidence = phase, kept })
}

// ---- ImprovementAction ----

// createAction creates an action as the administrator and, when phase is
// set, writes it to status with what it keeps as evidence.
func createAction(name string, phase v1alpha1.ActionPhase, kept ...v1alpha1.EvidenceReason) *v1alpha1.ImprovementAction {
	a := fixtures.Action(testenv.UniqueName(name), incidentName, fixtures.T0.Add(30*24*time.Hour))
	return createStored(a, phase != "", func() { a.Status.Phase, a.Status.KeptAsEvidence = phase, kept })
}

// ---- ProcessReview ----

// createReview creates a process review held a month before the fixtures'
// incident as the administrator and, when phase is set, writes it to
// status with what it keeps as evidence.
func createReview(name string, phase v1alpha1.ProcessReviewPhase, kept ...v1alpha1.EvidenceReason) *v1alpha1.ProcessReview {
	r := &v1alpha1.ProcessReview{
		ObjectMeta: metav1.ObjectMeta{Name: testenv.UniqueName(name)},
		Spec: v1alpha1.ProcessReviewSpec{
			HeldAt: metav1.NewTime(fixtures.T0.Add(-30 * 24 * time.Hour)),
			Title:  "Annual data security process workshop",
			Participants: []v1alpha1.Participants{
				{Group: v1alpha1.GroupStaff, Count: 8},
				{Group: v1alpha1.GroupUserRepresentative, Count: 2},
			},
		},
	}
	return createStored(r, phase != "", func() { r.Status.Phase, r.Status.KeptAsEvidence = phase, kept })
}

// createStored creates obj in the suite's namespace as the administrator
// and, when withStatus, writes the status setStatus gives it through the
// status subresource, as the manager would (no manager runs here).
func createStored[T client.Object](obj T, withStatus bool, setStatus func()) T {
	obj.SetNamespace(namespace)
	obj.SetGeneration(0)
	ExpectWithOffset(2, admin.Create(ctx, obj)).To(Succeed())
	if withStatus {
		setStatus()
		ExpectWithOffset(2, admin.Status().Update(ctx, obj)).To(Succeed())
	}
	return obj
}

// ---- requests ----

// with returns a copy of rca changed by opts.
func with(rca *v1alpha1.RootCauseAnalysis, opts ...func(*v1alpha1.RootCauseAnalysis)) *v1alpha1.RootCauseAnalysis {
	c := rca.DeepCopy()
	for _, o := range opts {
		o(c)
	}
	return c
}

// released annotates obj for deletion, as the SIRO.
func released[T client.Object](obj T, value string) T {
	sent, err := testenv.TryUpdate(admin, siro, obj, releasedAs[T](value))
	ExpectWithOffset(1, err).NotTo(HaveOccurred())
	return sent
}

// releasedAs sets the release annotation to value.
func releasedAs[T client.Object](value string) func(T) {
	return func(o T) {
		a := o.GetAnnotations()
		if a == nil {
			a = map[string]string{}
		}
		a[releaseAnnotation] = value
		o.SetAnnotations(a)
	}
}

// expectStoredSpec checks that the API server stored what was sent.
func expectStoredSpec(sent client.Object) {
	stored := testenv.Fresh(admin, sent.DeepCopyObject().(client.Object))
	var got, want any
	switch s := stored.(type) {
	case *v1alpha1.RootCauseAnalysis:
		got, want = s.Spec, sent.(*v1alpha1.RootCauseAnalysis).Spec
	case *v1alpha1.LessonsReport:
		got, want = s.Spec, sent.(*v1alpha1.LessonsReport).Spec
	}
	ExpectWithOffset(1, apiequality.Semantic.DeepEqual(got, want)).To(BeTrue(), "stored spec %+v, sent %+v", got, want)
	ExpectWithOffset(1, stored.GetLabels()).To(Equal(sent.GetLabels()))
}

// exists reports whether obj is still stored.
func exists(obj client.Object) bool {
	err := admin.Get(ctx, client.ObjectKeyFromObject(obj), obj.DeepCopyObject().(client.Object))
	if apierrors.IsNotFound(err) {
		return false
	}
	ExpectWithOffset(1, err).NotTo(HaveOccurred())
	return true
}
