package plugin

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	authenticationv1 "k8s.io/api/authentication/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/types"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
	"github.com/dspt-lessons/lessons-operator/internal/visible"
)

const signOffSynopsis = "sign-off KIND/NAME [-n NAMESPACE] --decision Approved|ChangesRequested [--comment TEXT] [--assessment TEXT | --assessment-file FILE] | --withdraw"

const signOffDescription = `
The SIRO's decision on a root cause analysis (KIND rca or rootcauseanalysis)
or a lessons learned report (lr or lessonsreport), signed as themselves: the
command asks the API server who you are and writes spec.signOff (decision,
your username as "by", the time, the comment) with server-side apply under
the field manager "kubectl-lessons". A GitOps tool such as Argo CD leaves
alone the fields it did not apply, so the sign-off stays although it is not
in Git.

Only a submitted RCA can be signed off, and only a complete one approved.
--decision ChangesRequested sends it back to its author and needs a
--comment saying what to change. A report's approval may carry the SIRO's
overall assessment of the period (DSPT D2.b), which the report documents
show first: --assessment TEXT, or --assessment-file FILE for a longer one
("-" reads standard input). --withdraw removes the sign-off. The API
server's admission policy decides who may sign (RBAC: the verb sign-off in
the namespace, granted by the lessons-siro ClusterRole), and its refusals
are shown as they are.

Examples:
  kubectl lessons sign-off rca/phishing-credential-compromise-2025-05 -n northshire-trust --decision Approved --comment "Reviewed with the IG lead."
  kubectl lessons sign-off rca/phishing-credential-compromise-2025-05 --decision ChangesRequested --comment "Add the dwell time."
  kubectl lessons sign-off lr/financial-year-2025-26 --decision Approved
  kubectl lessons sign-off lr/financial-year-2025-26 --decision Approved --assessment-file assessment.txt
  kubectl lessons sign-off rca/phishing-credential-compromise-2025-05 --withdraw`

// fieldManager is the field manager the plugin writes spec.signOff as: the
// owner of the field in managedFields, distinct from a GitOps applier's.
const fieldManager = "kubectl-lessons"

// signOffCommand records, changes or withdraws the SIRO's sign-off.
func signOffCommand() Command {
	return Command{
		Name:    "sign-off",
		Summary: "Sign off an RCA or a LessonsReport as the SIRO (approve, request changes, withdraw)",
		Run:     runSignOff,
	}
}

// signOffKind is a kind that can be signed off.
type signOffKind struct {
	Kind     string // e.g. RootCauseAnalysis
	resource string // singular, lower case, as messages name it
	newObj   func() client.Object
	signOff  func(client.Object) *v1alpha1.SignOff
}

var (
	kindRCASignOff = signOffKind{
		Kind: "RootCauseAnalysis", resource: "rootcauseanalysis",
		newObj:  func() client.Object { return &v1alpha1.RootCauseAnalysis{} },
		signOff: func(o client.Object) *v1alpha1.SignOff { return o.(*v1alpha1.RootCauseAnalysis).Spec.SignOff },
	}
	kindReportSignOff = signOffKind{
		Kind: "LessonsReport", resource: "lessonsreport",
		newObj:  func() client.Object { return &v1alpha1.LessonsReport{} },
		signOff: func(o client.Object) *v1alpha1.SignOff { return o.(*v1alpha1.LessonsReport).Spec.SignOff },
	}
	signOffKinds = map[string]signOffKind{
		"rca": kindRCASignOff, "rcas": kindRCASignOff, "rootcauseanalysis": kindRCASignOff, "rootcauseanalyses": kindRCASignOff,
		"lr": kindReportSignOff, "lrs": kindReportSignOff, "lessonsreport": kindReportSignOff, "lessonsreports": kindReportSignOff,
	}
)

// parseSignOffTarget reads KIND/NAME (or KIND NAME); KIND may carry the
// group, as in rca.lessons.dspt.io.
func parseSignOffTarget(args []string) (signOffKind, string, error) {
	var kind, name string
	switch len(args) {
	case 1:
		var ok bool
		if kind, name, ok = strings.Cut(args[0], "/"); !ok {
			return signOffKind{}, "", fmt.Errorf("want KIND/NAME, e.g. rca/%s or lr/%s", args[0], args[0])
		}
	case 2:
		if strings.Contains(args[0], "/") {
			return signOffKind{}, "", fmt.Errorf("one object at a time, got %d arguments: %s", len(args), strings.Join(args, " "))
		}
		kind, name = args[0], args[1]
	case 0:
		return signOffKind{}, "", fmt.Errorf("what to sign off is required: rca/NAME or lr/NAME")
	default:
		return signOffKind{}, "", fmt.Errorf("one object at a time, got %d arguments: %s", len(args), strings.Join(args, " "))
	}
	k, ok := signOffKinds[strings.TrimSuffix(strings.ToLower(kind), "."+v1alpha1.GroupVersion.Group)]
	if !ok {
		return signOffKind{}, "", fmt.Errorf("cannot sign off a %q: KIND is rca (rootcauseanalysis) or lr (lessonsreport)", kind)
	}
	if name == "" || strings.Contains(name, "/") {
		return signOffKind{}, "", fmt.Errorf("want KIND/NAME, got %q", strings.Join(args, " "))
	}
	return k, name, nil
}

// parseDecision accepts a decision in any case.
func parseDecision(s string) (v1alpha1.SignOffDecision, error) {
	for _, d := range []v1alpha1.SignOffDecision{v1alpha1.SignOffApproved, v1alpha1.SignOffChangesRequested} {
		if strings.EqualFold(s, string(d)) {
			return d, nil
		}
	}
	return "", fmt.Errorf("unknown --decision %q: use Approved or ChangesRequested", s)
}

func runSignOff(ctx context.Context, env *Env, args []string) error {
	var kube KubeFlags
	var decisionFlag, comment, assessment, assessmentFile string
	var withdraw bool
	fs := newFlagSet("sign-off")
	kube.Bind(fs)
	fs.StringVar(&decisionFlag, "decision", "", "the `DECISION`: Approved or ChangesRequested")
	fs.StringVar(&comment, "comment", "", "the `TEXT` explaining the decision (required with ChangesRequested)")
	fs.StringVar(&assessment, "assessment", "", "the SIRO's overall `TEXT` assessment of a report's period, with an approval")
	fs.StringVar(&assessmentFile, "assessment-file", "", "read the assessment from `FILE` (- for standard input)")
	fs.BoolVar(&withdraw, "withdraw", false, "remove the sign-off instead")
	usage := usageText{command: "sign-off", synopsis: signOffSynopsis, description: signOffDescription}
	positional, err := parseFlags(env, fs, args, usage)
	if err != nil {
		return err
	}
	kind, name, err := parseSignOffTarget(positional)
	if err != nil {
		return usage.errorf("%v", err)
	}
	var decision v1alpha1.SignOffDecision
	switch {
	case withdraw && (decisionFlag != "" || comment != "" || assessment != "" || assessmentFile != ""):
		return usage.errorf("--withdraw removes the sign-off: it takes no --decision, --comment or assessment")
	case withdraw:
	case decisionFlag == "":
		return usage.errorf("--decision Approved or --decision ChangesRequested is required (or --withdraw)")
	default:
		if decision, err = parseDecision(decisionFlag); err != nil {
			return usage.errorf("%v", err)
		}
		if decision == v1alpha1.SignOffChangesRequested && strings.TrimSpace(comment) == "" {
			return usage.errorf("--comment is required with --decision ChangesRequested: tell the author what to change")
		}
	}
	if assessment, err = readAssessment(env, assessment, assessmentFile); err != nil {
		return usage.errorf("%v", err)
	}
	if assessment != "" && (kind.Kind != kindReportSignOff.Kind || decision != v1alpha1.SignOffApproved) {
		return usage.errorf("an assessment goes with the approval of a report (lr/NAME --decision Approved); explain an RCA's decision, or changes requested, with --comment")
	}

	c, ns, err := env.Connect(kube)
	if err != nil {
		return err
	}
	t := signOffTarget{signOffKind: kind, Namespace: ns, Name: name}
	if withdraw {
		return t.withdraw(ctx, c, env.Stdout, env.Stderr)
	}
	return t.sign(ctx, c, env.Stdout, &v1alpha1.SignOff{Decision: decision, Comment: comment, Assessment: assessment}, env.now())
}

// readAssessment is the assessment given by --assessment or read from
// --assessment-file, trimmed; one of the two at most.
func readAssessment(env *Env, text, file string) (string, error) {
	switch {
	case text != "" && file != "":
		return "", fmt.Errorf("give the assessment once: --assessment or --assessment-file")
	case file == "":
		return strings.TrimSpace(text), nil
	}
	var data []byte
	var err error
	if file == "-" && env.Stdin != nil {
		data, err = io.ReadAll(env.Stdin)
	} else if file != "-" {
		data, err = os.ReadFile(file)
	}
	if err != nil {
		return "", fmt.Errorf("read the assessment: %w", err)
	}
	return strings.TrimSpace(string(data)), nil
}

// signOffTarget is the object signed off.
type signOffTarget struct {
	signOffKind
	Namespace, Name string
}

func (t signOffTarget) String() string { return t.resource + "/" + t.Name }

// get reads the object, with errors that say what to do. It is read as
// the server has it (unstructured) and decoded for the checks.
func (t signOffTarget) get(ctx context.Context, c client.Reader) (client.Object, error) {
	u := &unstructured.Unstructured{}
	u.SetGroupVersionKind(v1alpha1.GroupVersion.WithKind(t.Kind))
	err := c.Get(ctx, client.ObjectKey{Namespace: t.Namespace, Name: t.Name}, u)
	switch {
	case err == nil:
	case apierrors.IsNotFound(err):
		return nil, fmt.Errorf("%s %q not found in namespace %q", t.resource, t.Name, t.Namespace)
	case meta.IsNoMatchError(err):
		return nil, fmt.Errorf("the cluster does not know %ss (%s): install the operator's CRDs first", t.Kind, v1alpha1.GroupVersion)
	default:
		return nil, err
	}
	obj := t.newObj()
	if err := runtime.DefaultUnstructuredConverter.FromUnstructured(u.Object, obj); err != nil {
		return nil, fmt.Errorf("read %s: %w", t, err)
	}
	return obj, nil
}

// sign checks what can be checked locally, asks who the user is and
// applies spec.signOff.
// The decision, comment and assessment come from s; the signer and the
// time are filled in.
func (t signOffTarget) sign(ctx context.Context, c client.Client, out io.Writer, s *v1alpha1.SignOff, now time.Time) error {
	decision := s.Decision
	obj, err := t.get(ctx, c)
	if err != nil {
		return err
	}
	current := t.signOff(obj)
	if rca, ok := obj.(*v1alpha1.RootCauseAnalysis); ok {
		if state := review.RCAState(rca); state != v1alpha1.RCAStateSubmitted {
			return fmt.Errorf("%s %s is a %s: its author must set spec.state: Submitted before it can be signed off", t.resource, t.Name, state)
		}
		if decision == v1alpha1.SignOffApproved {
			if current != nil && current.Decision == v1alpha1.SignOffApproved {
				fmt.Fprintf(out, "%s is already approved by %s at %s: nothing to do (an approved analysis cannot change; --withdraw first to sign again)\n", t, visible.Line(string(current.By)), statuskit.FormatTime(current.At.Time))
				return nil
			}
			if missing := review.MissingSections(rca, t.incident(ctx, c, rca)); len(missing) > 0 {
				return fmt.Errorf("%s %s cannot be approved: it is missing %s. Send it back with --decision ChangesRequested --comment TEXT instead", t.resource, t.Name, strings.Join(missing, "; "))
			}
		}
	}
	user, err := whoAmI(ctx, c)
	if err != nil {
		return err
	}
	s.By, s.At = v1alpha1.Person(user), metav1.NewTime(now.UTC().Truncate(time.Second))
	patch := t.applyPatch(s)
	if err := c.Apply(ctx, client.ApplyConfigurationFromUnstructured(patch), client.FieldOwner(fieldManager)); err != nil {
		return t.writeError(err)
	}
	fmt.Fprintf(out, "%s %s\n", t, describeSignOff(s))
	return nil
}

// incident reads an RCA's incident to know whether it asks for the cyber
// attack section; nil when it cannot be read (the rest is still checked).
func (t signOffTarget) incident(ctx context.Context, c client.Reader, rca *v1alpha1.RootCauseAnalysis) *v1alpha1.Incident {
	u := &unstructured.Unstructured{}
	u.SetGroupVersionKind(v1alpha1.GroupVersion.WithKind("Incident"))
	if err := c.Get(ctx, client.ObjectKey{Namespace: rca.Namespace, Name: rca.Spec.IncidentRef.Name}, u); err != nil {
		return nil
	}
	inc := &v1alpha1.Incident{}
	if err := runtime.DefaultUnstructuredConverter.FromUnstructured(u.Object, inc); err != nil {
		return nil
	}
	return inc
}

// withdraw removes spec.signOff: by applying without it, which removes a
// field this field manager applied; when another manager (kubectl edit, a
// GitOps applier) wrote it, by a merge patch that removes it whoever wrote
// it.
func (t signOffTarget) withdraw(ctx context.Context, c client.Client, out, errOut io.Writer) error {
	obj, err := t.get(ctx, c)
	if err != nil {
		return err
	}
	current := t.signOff(obj)
	if current == nil {
		fmt.Fprintf(out, "%s has no sign-off: nothing to withdraw\n", t)
		return nil
	}
	applied := t.applyPatch(nil)
	if err := c.Apply(ctx, client.ApplyConfigurationFromUnstructured(applied), client.FieldOwner(fieldManager)); err != nil {
		return t.writeError(err)
	}
	if _, still, _ := unstructured.NestedMap(applied.Object, "spec", "signOff"); still {
		others := signOffManagers(applied)
		patched := &unstructured.Unstructured{}
		patched.SetGroupVersionKind(v1alpha1.GroupVersion.WithKind(t.Kind))
		patched.SetNamespace(t.Namespace)
		patched.SetName(t.Name)
		if err := c.Patch(ctx, patched, client.RawPatch(types.MergePatchType, []byte(`{"spec":{"signOff":null}}`)), client.FieldOwner(fieldManager)); err != nil {
			return t.writeError(err)
		}
		if len(others) > 0 {
			fmt.Fprintf(errOut, "note: spec.signOff was written by %s, not by %s sign-off; if it comes from Git, remove it there too, or the next sync brings it back\n", visible.Line(strings.Join(others, ", ")), pluginName)
		}
	}
	fmt.Fprintf(out, "%s: sign-off withdrawn (it was: %s)\n", t, describeSignOff(current))
	return nil
}

// applyPatch is the server-side apply patch of spec.signOff: only the
// identity of the object and the field this command owns, so that no
// other field changes hands. A nil sign-off applies no field at all, which
// removes the sign-off this field manager applied before.
func (t signOffTarget) applyPatch(s *v1alpha1.SignOff) *unstructured.Unstructured {
	u := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": v1alpha1.GroupVersion.String(),
		"kind":       t.Kind,
		"metadata":   map[string]any{"name": t.Name, "namespace": t.Namespace},
	}}
	if s != nil {
		signOff := map[string]any{
			"decision": string(s.Decision),
			"by":       string(s.By),
			"at":       statuskit.FormatTime(s.At.Time),
		}
		if s.Comment != "" {
			signOff["comment"] = s.Comment
		}
		if s.Assessment != "" {
			signOff["assessment"] = s.Assessment
		}
		u.Object["spec"] = map[string]any{"signOff": signOff}
	}
	return u
}

// writeError passes the API server's refusal on as it is: the admission
// policy's message says who may sign and why not. A conflict means another
// field manager owns the sign-off; a hint says which way out there is.
func (t signOffTarget) writeError(err error) error {
	if apierrors.IsConflict(err) {
		return fmt.Errorf("%w\n(spec.signOff of %s was written by another field manager, for example from Git: change it where it was made, or --withdraw it first)", err, t)
	}
	return err
}

// signOffManagers lists the field managers other than this command's that
// own spec.signOff.
func signOffManagers(u *unstructured.Unstructured) []string {
	var names []string
	for _, mf := range u.GetManagedFields() {
		if mf.Manager == fieldManager || mf.FieldsV1 == nil {
			continue
		}
		var fields map[string]map[string]json.RawMessage
		if json.Unmarshal(mf.FieldsV1.Raw, &fields) != nil {
			continue
		}
		if _, ok := fields["f:spec"]["f:signOff"]; ok {
			names = append(names, mf.Manager)
		}
	}
	sort.Strings(names)
	return names
}

// whoAmI asks the API server for the caller's username, as kubectl auth
// whoami does (a SelfSubjectReview).
func whoAmI(ctx context.Context, c client.Client) (string, error) {
	r := &authenticationv1.SelfSubjectReview{}
	if err := c.Create(ctx, r); err != nil {
		if meta.IsNoMatchError(err) || apierrors.IsNotFound(err) {
			return "", fmt.Errorf("the cluster cannot say who you are (SelfSubjectReview, Kubernetes 1.28 or later): %w", err)
		}
		return "", fmt.Errorf("ask the cluster who you are: %w", err)
	}
	if r.Status.UserInfo.Username == "" {
		return "", fmt.Errorf("the cluster did not say who you are (SelfSubjectReview returned no username)")
	}
	return r.Status.UserInfo.Username, nil
}

// describeSignOff says what a sign-off is: "approved by X at T".
func describeSignOff(s *v1alpha1.SignOff) string {
	what := "approved"
	if s.Decision == v1alpha1.SignOffChangesRequested {
		what = "changes requested"
	}
	d := fmt.Sprintf("%s by %s at %s", what, visible.Line(string(s.By)), statuskit.FormatTime(s.At.Time))
	if s.Comment != "" {
		d += fmt.Sprintf(": %q", s.Comment)
	}
	if s.Assessment != "" {
		d += fmt.Sprintf(", with the SIRO's assessment (%d characters)", len([]rune(s.Assessment)))
	}
	return d
}
