package plugin

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	authenticationv1 "k8s.io/api/authentication/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/client/apiutil"
	"sigs.k8s.io/controller-runtime/pkg/client/fake"
	"sigs.k8s.io/controller-runtime/pkg/client/interceptor"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

var signOffNow = time.Date(2026, 6, 2, 10, 15, 30, 500_000_000, time.UTC)

const siro = "siro@example.nhs.uk"

// signOffCluster is a fake cluster (with server-side apply) that says the
// caller is user, and records the writes.
type signOffCluster struct {
	*harness
	user string
	// applies holds each apply patch as JSON, with its options.
	applies      []string
	applyOptions []client.ApplyOptions
	mergePatches []string
	whoAmICalls  int
	// applyErr, when set, is the API server's answer to an apply.
	applyErr error
}

// The fake holds the lessons.dspt.io objects unstructured, as the API server
// does for custom resources: given typed structs, its server-side apply
// would see their empty required fields as values applied.
func newSignOffCluster(t *testing.T, user string, objs ...client.Object) *signOffCluster {
	t.Helper()
	scheme := runtime.NewScheme()
	if err := authenticationv1.AddToScheme(scheme); err != nil {
		t.Fatal(err)
	}
	var seed []client.Object
	for _, o := range objs {
		seed = append(seed, toUnstructured(t, o))
	}
	sc := &signOffCluster{user: user}
	base := fake.NewClientBuilder().WithScheme(scheme).WithObjects(seed...).WithReturnManagedFields().Build()
	c := interceptor.NewClient(base, interceptor.Funcs{
		Create: func(ctx context.Context, c client.WithWatch, obj client.Object, opts ...client.CreateOption) error {
			if r, ok := obj.(*authenticationv1.SelfSubjectReview); ok {
				sc.whoAmICalls++
				r.Status.UserInfo.Username = sc.user
				return nil
			}
			return c.Create(ctx, obj, opts...)
		},
		Apply: func(ctx context.Context, c client.WithWatch, obj runtime.ApplyConfiguration, opts ...client.ApplyOption) error {
			b, err := json.Marshal(obj)
			if err != nil {
				return err
			}
			sc.applies = append(sc.applies, string(b))
			var o client.ApplyOptions
			o.ApplyOptions(opts)
			sc.applyOptions = append(sc.applyOptions, o)
			if sc.applyErr != nil {
				return sc.applyErr
			}
			return c.Apply(ctx, obj, opts...)
		},
		Patch: func(ctx context.Context, c client.WithWatch, obj client.Object, patch client.Patch, opts ...client.PatchOption) error {
			if patch.Type() == types.MergePatchType {
				b, _ := patch.Data(obj)
				sc.mergePatches = append(sc.mergePatches, string(b))
			}
			return c.Patch(ctx, obj, patch, opts...)
		},
	})
	sc.harness = &harness{t: t, client: c}
	return sc
}

// toUnstructured turns a typed object into the unstructured one the API
// server keeps.
func toUnstructured(t *testing.T, obj client.Object) *unstructured.Unstructured {
	t.Helper()
	scheme, err := newScheme()
	if err != nil {
		t.Fatal(err)
	}
	gvk, err := apiutil.GVKForObject(obj, scheme)
	if err != nil {
		t.Fatal(err)
	}
	m, err := runtime.DefaultUnstructuredConverter.ToUnstructured(obj)
	if err != nil {
		t.Fatal(err)
	}
	u := &unstructured.Unstructured{Object: m}
	u.SetGroupVersionKind(gvk)
	return u
}

func (sc *signOffCluster) run(args ...string) int { return sc.runAt(signOffNow, args...) }

// get reads an object of the fake cluster in trust-a into obj.
func (sc *signOffCluster) get(kind, name string, obj client.Object) {
	sc.t.Helper()
	u := &unstructured.Unstructured{}
	u.SetGroupVersionKind(v1alpha1.GroupVersion.WithKind(kind))
	if err := sc.client.Get(context.Background(), client.ObjectKey{Namespace: "trust-a", Name: name}, u); err != nil {
		sc.t.Fatal(err)
	}
	if err := runtime.DefaultUnstructuredConverter.FromUnstructured(u.Object, obj); err != nil {
		sc.t.Fatal(err)
	}
}

func (sc *signOffCluster) rca(name string) *v1alpha1.RootCauseAnalysis {
	sc.t.Helper()
	r := &v1alpha1.RootCauseAnalysis{}
	sc.get("RootCauseAnalysis", name, r)
	return r
}

// managersOfSignOff lists who owns spec.signOff, with the operation.
func managersOfSignOff(obj client.Object) []string {
	var out []string
	for _, mf := range obj.GetManagedFields() {
		var fields map[string]map[string]json.RawMessage
		if mf.FieldsV1 != nil && json.Unmarshal(mf.FieldsV1.Raw, &fields) == nil {
			if _, ok := fields["f:spec"]["f:signOff"]; ok {
				out = append(out, mf.Manager+"/"+string(mf.Operation))
			}
		}
	}
	return out
}

var (
	inTrustA    = fixtures.InNamespace[v1alpha1.Incident]("trust-a")
	rcaInTrustA = fixtures.InNamespace[v1alpha1.RootCauseAnalysis]("trust-a")
)

func TestSignOffApprovesAsTheCaller(t *testing.T) {
	sc := newSignOffCluster(t, siro, fixtures.Incident("phishing", inTrustA), fixtures.RCA("phishing", "phishing", rcaInTrustA, fixtures.Submitted()))
	before := sc.rca("phishing")
	if code := sc.run("sign-off", "rca/phishing", "-n", "trust-a", "--decision", "Approved", "--comment", "Reviewed with the IG lead."); code != 0 {
		t.Fatalf("exit %d: %s", code, sc.stderr.String())
	}
	if got, want := sc.stdout.String(), "rootcauseanalysis/phishing approved by siro@example.nhs.uk at 2026-06-02T10:15:30Z: \"Reviewed with the IG lead.\"\n"; got != want {
		t.Errorf("stdout = %q, want %q", got, want)
	}
	after := sc.rca("phishing")
	want := &v1alpha1.SignOff{Decision: v1alpha1.SignOffApproved, By: siro, At: metav1.NewTime(time.Date(2026, 6, 2, 10, 15, 30, 0, time.UTC)), Comment: "Reviewed with the IG lead."}
	if s := after.Spec.SignOff; s == nil || s.Decision != want.Decision || s.By != want.By || !s.At.Equal(&want.At) || s.Comment != want.Comment {
		t.Errorf("signOff = %+v, want %+v", s, want)
	}
	// Nothing else changed hands or value.
	after.Spec.SignOff = nil
	if after.Spec.Lead != before.Spec.Lead || after.Spec.State != before.Spec.State || after.Spec.Overview.LessonsLearned != before.Spec.Overview.LessonsLearned {
		t.Errorf("spec changed beyond signOff: %+v", after.Spec)
	}
	if got := managersOfSignOff(sc.rca("phishing")); len(got) != 1 || got[0] != "kubectl-lessons/Apply" {
		t.Errorf("spec.signOff is owned by %v, want kubectl-lessons/Apply", got)
	}
	if sc.whoAmICalls != 1 {
		t.Errorf("asked who the user is %d times", sc.whoAmICalls)
	}
}

func TestSignOffApplyPatchHoldsOnlyTheSignOff(t *testing.T) {
	sc := newSignOffCluster(t, siro, fixtures.RCA("phishing", "phishing", rcaInTrustA, fixtures.Submitted()))
	if code := sc.run("sign-off", "rootcauseanalysis", "phishing", "-n", "trust-a", "--decision", "changesrequested", "--comment", "Add the dwell time."); code != 0 {
		t.Fatalf("exit %d: %s", code, sc.stderr.String())
	}
	if len(sc.applies) != 1 {
		t.Fatalf("%d applies, want 1", len(sc.applies))
	}
	want := `{"apiVersion":"lessons.dspt.io/v1alpha1","kind":"RootCauseAnalysis","metadata":{"name":"phishing","namespace":"trust-a"},"spec":{"signOff":{"at":"2026-06-02T10:15:30Z","by":"siro@example.nhs.uk","comment":"Add the dwell time.","decision":"ChangesRequested"}}}`
	if sc.applies[0] != want {
		t.Errorf("apply patch:\n%s\nwant:\n%s", sc.applies[0], want)
	}
	o := sc.applyOptions[0]
	if o.FieldManager != "kubectl-lessons" || (o.Force != nil && *o.Force) {
		t.Errorf("apply options: field manager %q, force %v: want kubectl-lessons, not forced", o.FieldManager, o.Force)
	}
	if got, want := sc.stdout.String(), "rootcauseanalysis/phishing changes requested by siro@example.nhs.uk at 2026-06-02T10:15:30Z: \"Add the dwell time.\"\n"; got != want {
		t.Errorf("stdout = %q, want %q", got, want)
	}
}

func TestSignOffReport(t *testing.T) {
	sc := newSignOffCluster(t, siro, lessonsReport("trust-a", "fy-2026-27", true))
	if code := sc.run("sign-off", "lr/fy-2026-27", "--decision", "Approved"); code != 0 {
		t.Fatalf("exit %d: %s", code, sc.stderr.String())
	}
	want := `{"apiVersion":"lessons.dspt.io/v1alpha1","kind":"LessonsReport","metadata":{"name":"fy-2026-27","namespace":"trust-a"},"spec":{"signOff":{"at":"2026-06-02T10:15:30Z","by":"siro@example.nhs.uk","decision":"Approved"}}}`
	if len(sc.applies) != 1 || sc.applies[0] != want {
		t.Errorf("apply patches %v, want %s", sc.applies, want)
	}
	r := &v1alpha1.LessonsReport{}
	sc.get("LessonsReport", "fy-2026-27", r)
	if r.Spec.SignOff == nil || r.Spec.SignOff.By != siro || r.Spec.Period.From.IsZero() {
		t.Errorf("report spec after sign-off: %+v", r.Spec)
	}
	if got, want := sc.stdout.String(), "lessonsreport/fy-2026-27 approved by siro@example.nhs.uk at 2026-06-02T10:15:30Z\n"; got != want {
		t.Errorf("stdout = %q, want %q", got, want)
	}
}

func TestSignOffRefusesADraftLocally(t *testing.T) {
	for _, state := range []v1alpha1.RCAState{"", v1alpha1.RCAStateDraft} {
		sc := newSignOffCluster(t, siro, fixtures.RCA("x", "phishing", rcaInTrustA, func(r *v1alpha1.RootCauseAnalysis) { r.Spec.State = state }))
		if code := sc.run("sign-off", "rca/x", "--decision", "Approved"); code != 1 {
			t.Errorf("state %q: exit %d, want 1", state, code)
		}
		if got, want := sc.stderr.String(), "error: rootcauseanalysis x is a Draft: its author must set spec.state: Submitted before it can be signed off\n"; got != want {
			t.Errorf("state %q: stderr = %q, want %q", state, got, want)
		}
		if len(sc.applies) != 0 || sc.whoAmICalls != 0 {
			t.Errorf("state %q: the server was called: %d applies, %d reviews", state, len(sc.applies), sc.whoAmICalls)
		}
	}
}

func TestSignOffRefusesToApproveAnIncompleteAnalysis(t *testing.T) {
	cyber := fixtures.Incident("phishing", inTrustA, func(i *v1alpha1.Incident) { i.Spec.CyberAttack = true })
	sc := newSignOffCluster(t, siro, cyber, fixtures.RCA("phishing", "phishing", rcaInTrustA, fixtures.Submitted()))
	if code := sc.run("sign-off", "rca/phishing", "--decision", "Approved"); code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	want := "error: rootcauseanalysis phishing cannot be approved: it is missing cyberAttack.exploitedWeaknesses: the weaknesses exploited; cyberAttack.attackerDwellTime: how long the attacker was present; cyberAttack.detectionEfficacy: how well detection and prevention worked; cyberAttack.resilienceEnhancements: enhancements that would increase resilience. Send it back with --decision ChangesRequested --comment TEXT instead\n"
	if got := sc.stderr.String(); got != want {
		t.Errorf("stderr = %q\nwant %q", got, want)
	}
	if len(sc.applies) != 0 {
		t.Errorf("applied %v", sc.applies)
	}
	// Sending it back is what to do instead.
	sc = newSignOffCluster(t, siro, cyber, fixtures.RCA("phishing", "phishing", rcaInTrustA, fixtures.Submitted()))
	if code := sc.run("sign-off", "rca/phishing", "--decision", "ChangesRequested", "--comment", "Add the cyber-attack section."); code != 0 {
		t.Errorf("changes requested: exit %d: %s", code, sc.stderr.String())
	}
}

func TestSignOffAlreadyApprovedDoesNothing(t *testing.T) {
	sc := newSignOffCluster(t, siro, fixtures.RCA("phishing", "phishing", rcaInTrustA, fixtures.SignedOff(v1alpha1.SignOffApproved, time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC))))
	if code := sc.run("sign-off", "rca/phishing", "--decision", "Approved"); code != 0 {
		t.Fatalf("exit %d: %s", code, sc.stderr.String())
	}
	if got, want := sc.stdout.String(), "rootcauseanalysis/phishing is already approved by siro@example.nhs.uk at 2026-06-01T09:00:00Z: nothing to do (an approved analysis cannot change; --withdraw first to sign again)\n"; got != want {
		t.Errorf("stdout = %q, want %q", got, want)
	}
	if len(sc.applies) != 0 {
		t.Errorf("applied %v", sc.applies)
	}
}

func TestSignOffPassesAPIServerRefusalsThrough(t *testing.T) {
	gr := schema.GroupResource{Group: "lessons.dspt.io", Resource: "rootcauseanalyses"}
	policy := errors.New("ValidatingAdmissionPolicy 'lessons-operator-sign-off' with binding 'lessons-operator-sign-off' denied request: spec.signOff of a RootCauseAnalysis is set or changed only by a signer: jo.bloggs@example.nhs.uk needs the verb sign-off on rootcauseanalyses in namespace trust-a: bind the lessons-siro ClusterRole to them with a RoleBinding in trust-a")
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"admission policy", apierrors.NewForbidden(gr, "phishing", policy),
			`error: rootcauseanalyses.lessons.dspt.io "phishing" is forbidden: ValidatingAdmissionPolicy 'lessons-operator-sign-off' with binding 'lessons-operator-sign-off' denied request: spec.signOff of a RootCauseAnalysis is set or changed only by a signer: jo.bloggs@example.nhs.uk needs the verb sign-off on rootcauseanalyses in namespace trust-a: bind the lessons-siro ClusterRole to them with a RoleBinding in trust-a` + "\n"},
		{"CRD rule", apierrors.NewInvalid(schema.GroupKind{Group: "lessons.dspt.io", Kind: "RootCauseAnalysis"}, "phishing", nil),
			`error: RootCauseAnalysis.lessons.dspt.io "phishing" is invalid` + "\n"},
		{"field owned by another manager", apierrors.NewConflict(gr, "phishing", errors.New(`Apply failed with 1 conflict: conflict with "argocd-controller": .spec.signOff.decision`)),
			`error: Operation cannot be fulfilled on rootcauseanalyses.lessons.dspt.io "phishing": Apply failed with 1 conflict: conflict with "argocd-controller": .spec.signOff.decision` + "\n" +
				"(spec.signOff of rootcauseanalysis/phishing was written by another field manager, for example from Git: change it where it was made, or --withdraw it first)\n"},
	} {
		sc := newSignOffCluster(t, "jo.bloggs@example.nhs.uk", fixtures.RCA("phishing", "phishing", rcaInTrustA, fixtures.Submitted()))
		sc.applyErr = tc.err
		if code := sc.run("sign-off", "rca/phishing", "--decision", "Approved"); code != 1 {
			t.Errorf("%s: exit %d, want 1", tc.name, code)
		}
		if got := sc.stderr.String(); got != tc.want {
			t.Errorf("%s: stderr =\n%s\nwant\n%s", tc.name, got, tc.want)
		}
		if sc.stdout.Len() != 0 {
			t.Errorf("%s: nothing was done, yet: %q", tc.name, sc.stdout.String())
		}
	}
}

func TestSignOffWithdrawRemovesWhatItApplied(t *testing.T) {
	sc := newSignOffCluster(t, siro, fixtures.Incident("phishing", inTrustA), fixtures.RCA("phishing", "phishing", rcaInTrustA, fixtures.Submitted()))
	if code := sc.run("sign-off", "rca/phishing", "--decision", "Approved"); code != 0 {
		t.Fatalf("sign: exit %d: %s", code, sc.stderr.String())
	}
	sc.stdout.Reset()
	if code := sc.run("sign-off", "rca/phishing", "--withdraw"); code != 0 {
		t.Fatalf("withdraw: exit %d: %s", code, sc.stderr.String())
	}
	if got, want := sc.stdout.String(), "rootcauseanalysis/phishing: sign-off withdrawn (it was: approved by siro@example.nhs.uk at 2026-06-02T10:15:30Z)\n"; got != want {
		t.Errorf("stdout = %q, want %q", got, want)
	}
	after := sc.rca("phishing")
	if after.Spec.SignOff != nil {
		t.Fatalf("the sign-off is still there: %+v", after.Spec.SignOff)
	}
	if m := managersOfSignOff(after); len(m) != 0 {
		t.Errorf("spec.signOff still owned by %v", m)
	}
	// Removed by server-side apply alone: the apply patch of the withdrawal
	// holds no signOff, and no merge patch was needed.
	if got, want := sc.applies[1], `{"apiVersion":"lessons.dspt.io/v1alpha1","kind":"RootCauseAnalysis","metadata":{"name":"phishing","namespace":"trust-a"}}`; got != want {
		t.Errorf("withdrawal apply patch:\n%s\nwant:\n%s", got, want)
	}
	if len(sc.mergePatches) != 0 || sc.stderr.Len() != 0 {
		t.Errorf("merge patches %v, stderr %q", sc.mergePatches, sc.stderr.String())
	}
	if after.Spec.Lead == "" || after.Spec.State != v1alpha1.RCAStateSubmitted {
		t.Errorf("withdrawing removed more than the sign-off: %+v", after.Spec)
	}
}

func TestSignOffWithdrawsASignOffWrittenByAnotherManager(t *testing.T) {
	sc := newSignOffCluster(t, siro, fixtures.RCA("phishing", "phishing", rcaInTrustA, fixtures.Submitted()))
	edit := client.RawPatch(types.MergePatchType, []byte(`{"spec":{"signOff":{"decision":"ChangesRequested","by":"siro@example.nhs.uk","at":"2026-06-01T09:00:00Z","comment":"Add the timeline."}}}`))
	if err := sc.client.Patch(context.Background(), toUnstructured(t, fixtures.RCA("phishing", "phishing", rcaInTrustA)), edit, client.FieldOwner("kubectl-edit")); err != nil {
		t.Fatal(err)
	}
	sc.mergePatches = nil
	if code := sc.run("sign-off", "rca/phishing", "--withdraw"); code != 0 {
		t.Fatalf("exit %d: %s", code, sc.stderr.String())
	}
	if s := sc.rca("phishing").Spec.SignOff; s != nil {
		t.Fatalf("the sign-off is still there: %+v", s)
	}
	if len(sc.mergePatches) != 1 || sc.mergePatches[0] != `{"spec":{"signOff":null}}` {
		t.Errorf("merge patches: %v", sc.mergePatches)
	}
	if got, want := sc.stderr.String(), "note: spec.signOff was written by kubectl-edit, not by kubectl lessons sign-off; if it comes from Git, remove it there too, or the next sync brings it back\n"; got != want {
		t.Errorf("stderr = %q, want %q", got, want)
	}
	if got, want := sc.stdout.String(), "rootcauseanalysis/phishing: sign-off withdrawn (it was: changes requested by siro@example.nhs.uk at 2026-06-01T09:00:00Z: \"Add the timeline.\")\n"; got != want {
		t.Errorf("stdout = %q, want %q", got, want)
	}
}

func TestSignOffWithdrawWithoutSignOff(t *testing.T) {
	sc := newSignOffCluster(t, siro, fixtures.RCA("phishing", "phishing", rcaInTrustA))
	if code := sc.run("sign-off", "rca/phishing", "--withdraw"); code != 0 {
		t.Fatalf("exit %d: %s", code, sc.stderr.String())
	}
	if got, want := sc.stdout.String(), "rootcauseanalysis/phishing has no sign-off: nothing to withdraw\n"; got != want {
		t.Errorf("stdout = %q, want %q", got, want)
	}
	if len(sc.applies)+len(sc.mergePatches) != 0 {
		t.Errorf("wrote %v %v", sc.applies, sc.mergePatches)
	}
}

func TestSignOffNotFoundAndUnknownUser(t *testing.T) {
	sc := newSignOffCluster(t, siro)
	if code := sc.run("sign-off", "lr/fy", "-n", "trust-b", "--decision", "Approved"); code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if got, want := sc.stderr.String(), "error: lessonsreport \"fy\" not found in namespace \"trust-b\"\n"; got != want {
		t.Errorf("stderr = %q, want %q", got, want)
	}

	sc = newSignOffCluster(t, "", fixtures.RCA("phishing", "phishing", rcaInTrustA, fixtures.Submitted()))
	if code := sc.run("sign-off", "rca/phishing", "--decision", "Approved"); code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if got, want := sc.stderr.String(), "error: the cluster did not say who you are (SelfSubjectReview returned no username)\n"; got != want {
		t.Errorf("stderr = %q, want %q", got, want)
	}
	if len(sc.applies) != 0 {
		t.Errorf("signed as nobody: %v", sc.applies)
	}
}

func TestSignOffUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"sign-off"}, "error: what to sign off is required: rca/NAME or lr/NAME\nUsage: kubectl lessons sign-off KIND/NAME"},
		{[]string{"sign-off", "phishing", "--decision", "Approved"}, "error: want KIND/NAME, e.g. rca/phishing or lr/phishing"},
		{[]string{"sign-off", "incident/phishing", "--decision", "Approved"}, `error: cannot sign off a "incident": KIND is rca (rootcauseanalysis) or lr (lessonsreport)`},
		{[]string{"sign-off", "rca/a", "rca/b"}, "error: one object at a time, got 2 arguments: rca/a rca/b"},
		{[]string{"sign-off", "rca/a/b", "--decision", "Approved"}, `error: want KIND/NAME, got "rca/a/b"`},
		{[]string{"sign-off", "rca/a"}, "error: --decision Approved or --decision ChangesRequested is required (or --withdraw)"},
		{[]string{"sign-off", "rca/a", "--decision", "Rejected"}, `error: unknown --decision "Rejected": use Approved or ChangesRequested`},
		{[]string{"sign-off", "rca/a", "--decision", "ChangesRequested"}, "error: --comment is required with --decision ChangesRequested: tell the author what to change"},
		{[]string{"sign-off", "rca/a", "--withdraw", "--decision", "Approved"}, "error: --withdraw removes the sign-off: it takes no --decision, --comment or assessment"},
		{[]string{"sign-off", "rca/a", "--decision", "Approved", "--assessment", "Phishing recurs."}, "error: an assessment goes with the approval of a report (lr/NAME --decision Approved)"},
		{[]string{"sign-off", "lr/a", "--decision", "ChangesRequested", "--comment", "Redo.", "--assessment", "x"}, "error: an assessment goes with the approval of a report"},
		{[]string{"sign-off", "lr/a", "--decision", "Approved", "--assessment", "x", "--assessment-file", "-"}, "error: give the assessment once: --assessment or --assessment-file"},
		{[]string{"sign-off", "lr/a", "--decision", "Approved", "--assessment-file", "/nonexistent/assessment.txt"}, "error: read the assessment: open /nonexistent/assessment.txt"},
	} {
		sc := newSignOffCluster(t, siro)
		if code := sc.run(tc.args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", tc.args, code)
		}
		if !strings.HasPrefix(sc.stderr.String(), tc.want) {
			t.Errorf("%v: stderr = %q, want it to start with %q", tc.args, sc.stderr.String(), tc.want)
		}
	}
	for _, kind := range []string{"RCA", "rootcauseanalyses", "rca.lessons.dspt.io", "LR", "lessonsreports.lessons.dspt.io"} {
		if _, name, err := parseSignOffTarget([]string{kind + "/x"}); err != nil || name != "x" {
			t.Errorf("%s/x: %q, %v", kind, name, err)
		}
	}
}

func TestSignOffReportWithTheSIROsAssessment(t *testing.T) {
	const assessment = "Phishing recurred four times this year; multi-factor authentication on every route is the priority."
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"given on the command line", []string{"--assessment", "  " + assessment + "\n"}},
		{"read from standard input", []string{"--assessment-file", "-"}},
		{"read from a file", []string{"--assessment-file", writeTemp(t, assessment+"\n")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc := newSignOffCluster(t, siro, lessonsReport("trust-a", "fy-2026-27", true))
			sc.stdin = strings.NewReader(assessment + "\n")
			if code := sc.run(append([]string{"sign-off", "lr/fy-2026-27", "--decision", "Approved"}, tc.args...)...); code != 0 {
				t.Fatalf("exit %d: %s", code, sc.stderr.String())
			}
			r := &v1alpha1.LessonsReport{}
			sc.get("LessonsReport", "fy-2026-27", r)
			if r.Spec.SignOff == nil || r.Spec.SignOff.Assessment != assessment {
				t.Errorf("sign-off %+v, want the assessment %q", r.Spec.SignOff, assessment)
			}
			if got := sc.stdout.String(); !strings.Contains(got, "with the SIRO's assessment (") {
				t.Errorf("stdout = %q, want it to say the assessment was recorded", got)
			}
		})
	}
}

// writeTemp writes text to a file of the test's own and returns its path.
func writeTemp(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "assessment.txt")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}
