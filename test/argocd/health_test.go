// Package argocd_test runs the Argo CD health checks under config/argocd the
// way Argo CD runs them: the same Lua interpreter, the same libraries, the
// resource as the global obj, converted from its unstructured form into
// nested Lua tables. The objects' statuses are computed by the operator's own
// rules, so the scripts are checked against the conditions the operator
// really writes.
package argocd_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	lua "github.com/yuin/gopher-lua"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/report"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

// healthDir holds the script.
var healthDir = testenv.ConfigDir("argocd/health")

// scripts maps each kind to its script file: one for all five, which reads
// the kind from the object.
var scripts = map[string]string{
	"Incident":          "review.lua",
	"RootCauseAnalysis": "review.lua",
	"ImprovementAction": "review.lua",
	"LessonsReport":     "review.lua",
	"ProcessReview":     "review.lua",
}

const waiting = "Waiting for the operator to process the latest change"

var (
	policy = review.DefaultPolicy()
	t0     = fixtures.T0
)

// health is what a script returns, as Argo CD reads it.
type health struct {
	Status  string `json:"status"`
	Message string `json:"message,omitempty"`
}

// validStatuses are the health statuses Argo CD accepts from a script; any
// other it shows as Unknown.
var validStatuses = map[string]bool{
	"Healthy": true, "Progressing": true, "Degraded": true,
	"Suspended": true, "Missing": true, "Unknown": true,
}

// runHealth runs script with obj as Argo CD does: only the package, base and
// table libraries open, a one-second limit, obj a global table.
func runHealth(script string, obj map[string]any) (health, error) {
	L := lua.NewState(lua.Options{SkipOpenLibs: true})
	defer L.Close()
	for _, lib := range []struct {
		name string
		open lua.LGFunction
	}{
		{lua.LoadLibName, lua.OpenPackage},
		{lua.BaseLibName, lua.OpenBase},
		{lua.TabLibName, lua.OpenTable},
	} {
		if err := L.CallByParam(lua.P{Fn: L.NewFunction(lib.open), NRet: 0, Protect: true}, lua.LString(lib.name)); err != nil {
			return health{}, err
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	L.SetContext(ctx)

	value, err := toLua(L, obj)
	if err != nil {
		return health{}, err
	}
	L.SetGlobal("obj", value)
	if err := L.DoString(script); err != nil {
		return health{}, err
	}
	ret, ok := L.Get(-1).(*lua.LTable)
	if !ok {
		return health{}, fmt.Errorf("expected a table from the script, got %s", L.Get(-1).Type())
	}
	if L.GetGlobal("hs") != ret {
		return health{}, fmt.Errorf("the script must return the global hs")
	}
	// Argo CD reads the returned table through JSON.
	var h health
	status, ok := ret.RawGetString("status").(lua.LString)
	if !ok {
		return health{}, fmt.Errorf("hs.status is %s, not a string", ret.RawGetString("status").Type())
	}
	h.Status = string(status)
	switch m := ret.RawGetString("message").(type) {
	case lua.LString:
		h.Message = string(m)
	case *lua.LNilType:
	default:
		return health{}, fmt.Errorf("hs.message is %s, not a string", m.Type())
	}
	if !validStatuses[h.Status] {
		return health{}, fmt.Errorf("hs.status %q is not a health status Argo CD knows", h.Status)
	}
	return h, nil
}

// toLua converts an unstructured value into Lua values as Argo CD does:
// maps and slices become nested tables, numbers LNumber.
func toLua(L *lua.LState, v any) (lua.LValue, error) {
	switch v := v.(type) {
	case nil:
		return lua.LNil, nil
	case bool:
		return lua.LBool(v), nil
	case string:
		return lua.LString(v), nil
	case json.Number:
		return lua.LString(v), nil
	case int:
		return lua.LNumber(v), nil
	case int32:
		return lua.LNumber(v), nil
	case int64:
		return lua.LNumber(v), nil
	case float64:
		return lua.LNumber(v), nil
	case []any:
		arr := L.CreateTable(len(v), 0)
		for i, item := range v {
			lv, err := toLua(L, item)
			if err != nil {
				return nil, fmt.Errorf("[%d]: %w", i, err)
			}
			arr.Append(lv)
		}
		return arr, nil
	case map[string]any:
		tbl := L.CreateTable(0, len(v))
		for key, item := range v {
			lv, err := toLua(L, item)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", key, err)
			}
			tbl.RawSetString(key, lv)
		}
		return tbl, nil
	}
	return nil, fmt.Errorf("no Lua value for %T", v)
}

// unstructured turns a typed object into the map Argo CD sees, with its
// apiVersion and kind.
func unstructured(t *testing.T, obj runtime.Object) map[string]any {
	t.Helper()
	u, err := testenv.ToUnstructured(obj.DeepCopyObject())
	if err != nil {
		t.Fatal(err)
	}
	return u.Object
}

func readScript(t *testing.T, kind string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(healthDir, scripts[kind]))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// message is the message of condition c, failing when it is absent.
func message(t *testing.T, conds []metav1.Condition, c v1alpha1.ConditionType) string {
	t.Helper()
	cond := meta.FindStatusCondition(conds, string(c))
	if cond == nil || cond.Message == "" {
		t.Fatalf("no %s condition with a message in:\n%s", c, testenv.Conditions(conds))
	}
	return cond.Message
}

// conditionIs fails unless the computed status holds the condition the case
// is about, so that a case cannot pass for the wrong reason.
func conditionIs(t *testing.T, conds []metav1.Condition, c v1alpha1.ConditionType, status metav1.ConditionStatus, reason v1alpha1.ConditionReason) {
	t.Helper()
	if got, want := testenv.Condition(conds, c), string(status)+"/"+string(reason); got != want {
		t.Fatalf("fixture: %s is %q, want %q in:\n%s", c, got, want, testenv.Conditions(conds))
	}
}

type healthCase struct {
	name string
	obj  map[string]any
	want health
}

// notObserved is obj after a spec change the operator has not seen yet.
func notObserved(u map[string]any) map[string]any {
	md := u["metadata"].(map[string]any)
	md["generation"] = md["generation"].(int64) + 1
	return u
}

// withoutStatus is obj as first stored, before the operator wrote a status.
func withoutStatus(u map[string]any) map[string]any {
	delete(u, "status")
	return u
}

// withoutObservedGeneration is obj with a status that does not say which
// generation it reflects.
func withoutObservedGeneration(u map[string]any) map[string]any {
	delete(u["status"].(map[string]any), "observedGeneration")
	return u
}

// progressingCases are the cases every kind shares: whatever the operator
// computed, the object is Progressing until the operator has processed its
// latest generation. reconciled returns a processed object, created one the
// operator has not visited; each call returns a fresh copy.
func progressingCases(reconciled, created func() map[string]any) []healthCase {
	want := health{"Progressing", waiting}
	return []healthCase{
		{"generation not observed", notObserved(reconciled()), want},
		{"no status at all", withoutStatus(created()), want},
		{"empty status", created(), want},
		{"status without observedGeneration", withoutObservedGeneration(reconciled()), want},
		{"status without Ready", withoutConditions(reconciled()), want},
		{"Ready unknown", readyUnknown(reconciled()), want},
	}
}

// withoutConditions is obj with a status that has no conditions yet.
func withoutConditions(u map[string]any) map[string]any {
	delete(u["status"].(map[string]any), "conditions")
	return u
}

// readyUnknown is obj with Ready set to Unknown: seen but not yet processed.
func readyUnknown(u map[string]any) map[string]any {
	for _, c := range u["status"].(map[string]any)["conditions"].([]any) {
		if c := c.(map[string]any); c["type"] == "Ready" {
			c["status"], c["reason"] = "Unknown", "Reconciling"
		}
	}
	return u
}

func incidentCases(t *testing.T) []healthCase {
	now := t0.Add(30 * time.Minute)
	incident := func(inc *v1alpha1.Incident, rcas []v1alpha1.RootCauseAnalysis, actions []v1alpha1.ImprovementAction, at time.Time) *v1alpha1.Incident {
		inc.Status = review.ComputeIncident(policy, inc, review.Refs(rcas), review.Refs(actions), at).Status
		return inc
	}
	u := func(inc *v1alpha1.Incident) map[string]any { return unstructured(t, inc) }

	open := incident(fixtures.Incident("open"), nil, nil, now)
	if open.Status.Phase != v1alpha1.IncidentOpen {
		t.Fatalf("fixture: phase %s", open.Status.Phase)
	}
	conditionIs(t, open.Status.Conditions, v1alpha1.ConditionOverdue, metav1.ConditionFalse, v1alpha1.ReasonOnTrack)

	awaiting := incident(fixtures.Incident("awaiting"),
		[]v1alpha1.RootCauseAnalysis{*fixtures.RCA("awaiting-rca", "awaiting", fixtures.Submitted())}, nil, now)
	if awaiting.Status.Phase != v1alpha1.IncidentAwaitingSignOff {
		t.Fatalf("fixture: phase %s", awaiting.Status.Phase)
	}

	closed := incident(fixtures.Incident("closed"),
		[]v1alpha1.RootCauseAnalysis{*fixtures.RCA("closed-rca", "closed", fixtures.SignedOff(v1alpha1.SignOffApproved, now))},
		[]v1alpha1.ImprovementAction{*fixtures.Action("mfa", "closed", now.Add(24*time.Hour), fixtures.Done(now))}, now)
	if closed.Status.Phase != v1alpha1.IncidentClosed {
		t.Fatalf("fixture: phase %s", closed.Status.Phase)
	}

	late := now.Add(48 * time.Hour)
	actionOverdue := incident(fixtures.Incident("action-overdue"),
		[]v1alpha1.RootCauseAnalysis{*fixtures.RCA("action-overdue-rca", "action-overdue", fixtures.SignedOff(v1alpha1.SignOffApproved, now))},
		[]v1alpha1.ImprovementAction{*fixtures.Action("mfa", "action-overdue", now.Add(24*time.Hour))}, late)
	conditionIs(t, actionOverdue.Status.Conditions, v1alpha1.ConditionOverdue, metav1.ConditionTrue, v1alpha1.ReasonActionsOverdue)

	siroLate := incident(fixtures.Incident("siro-late", func(i *v1alpha1.Incident) { i.Spec.SIRONotifiedAt = nil }),
		nil, nil, t0.Add(13*time.Hour))
	conditionIs(t, siroLate.Status.Conditions, v1alpha1.ConditionOverdue, metav1.ConditionTrue, v1alpha1.ReasonSIRONotificationOverdue)

	return append([]healthCase{
		{"open and on track", u(open), health{"Healthy", "Open, actions done 0/0"}},
		{"awaiting sign-off", u(awaiting), health{"Healthy", "AwaitingSignOff, actions done 0/0"}},
		{"closed", u(closed), health{"Healthy", "Closed, actions done 1/1"}},
		{"an action overdue", u(actionOverdue), health{"Degraded", message(t, actionOverdue.Status.Conditions, v1alpha1.ConditionOverdue)}},
		{"SIRO notification overdue", u(siroLate), health{"Degraded", message(t, siroLate.Status.Conditions, v1alpha1.ConditionOverdue)}},
		{"overdue but generation not observed", notObserved(u(actionOverdue)), health{"Progressing", waiting}},
	}, progressingCases(func() map[string]any { return u(open) }, func() map[string]any { return u(fixtures.Incident("new")) })...)
}

func rcaCases(t *testing.T) []healthCase {
	now := t0.Add(30 * time.Minute)
	inc := fixtures.Incident("vpn")
	rca := func(r *v1alpha1.RootCauseAnalysis, incident *v1alpha1.Incident, at time.Time) *v1alpha1.RootCauseAnalysis {
		r.Status = review.ComputeRCAAmong(policy, r, incident, nil, at).Status
		return r
	}
	u := func(r *v1alpha1.RootCauseAnalysis) map[string]any { return unstructured(t, r) }

	draft := rca(fixtures.RCA("draft", inc.Name), inc, now)
	awaiting := rca(fixtures.RCA("awaiting", inc.Name, fixtures.Submitted()), inc, now)
	conditionIs(t, awaiting.Status.Conditions, v1alpha1.ConditionSignedOff, metav1.ConditionFalse, v1alpha1.ReasonAwaitingSignOff)
	changes := rca(fixtures.RCA("changes", inc.Name, fixtures.SignedOff(v1alpha1.SignOffChangesRequested, now)), inc, now)
	signed := rca(fixtures.RCA("signed", inc.Name, fixtures.SignedOff(v1alpha1.SignOffApproved, now)), inc, t0.Add(100*24*time.Hour))
	overdue := rca(fixtures.RCA("overdue", inc.Name, fixtures.Submitted()), inc, t0.Add(16*24*time.Hour))
	conditionIs(t, overdue.Status.Conditions, v1alpha1.ConditionOverdue, metav1.ConditionTrue, v1alpha1.ReasonPastDueDate)
	orphan := rca(fixtures.RCA("orphan", "no-such-incident"), nil, now)
	conditionIs(t, orphan.Status.Conditions, v1alpha1.ConditionReady, metav1.ConditionFalse, v1alpha1.ReasonIncidentNotFound)

	return append([]healthCase{
		{"draft", u(draft), health{"Healthy", "Draft"}},
		{"awaiting sign-off", u(awaiting), health{"Healthy", "AwaitingSignOff"}},
		{"changes requested", u(changes), health{"Healthy", "ChangesRequested"}},
		{"signed off, long after its deadline", u(signed), health{"Healthy", "SignedOff"}},
		{"overdue", u(overdue), health{"Degraded", message(t, overdue.Status.Conditions, v1alpha1.ConditionOverdue)}},
		{"incident missing", u(orphan), health{"Degraded", message(t, orphan.Status.Conditions, v1alpha1.ConditionReady)}},
		{"overdue but generation not observed", notObserved(u(overdue)), health{"Progressing", waiting}},
	}, progressingCases(func() map[string]any { return u(awaiting) }, func() map[string]any { return u(fixtures.RCA("new", inc.Name)) })...)
}

func actionCases(t *testing.T) []healthCase {
	now := t0.Add(30 * time.Minute)
	due := now.Add(30 * 24 * time.Hour)
	action := func(a *v1alpha1.ImprovementAction, incidentFound bool, at time.Time) *v1alpha1.ImprovementAction {
		var incident *v1alpha1.Incident
		if incidentFound {
			incident = fixtures.Incident(a.Spec.IncidentRef.Name)
		}
		a.Status = review.ComputeAction(policy, a, incident, at).Status
		return a
	}
	u := func(a *v1alpha1.ImprovementAction) map[string]any { return unstructured(t, a) }

	open := action(fixtures.Action("open", "vpn", due), true, now)
	conditionIs(t, open.Status.Conditions, v1alpha1.ConditionOverdue, metav1.ConditionFalse, v1alpha1.ReasonOnTrack)
	inProgress := action(fixtures.Action("in-progress", "vpn", due, fixtures.InProgress()), true, due.Add(-time.Hour))
	doneLate := action(fixtures.Action("done-late", "vpn", due, fixtures.Done(due.Add(24*time.Hour))), true, due.Add(48*time.Hour))
	cancelled := action(fixtures.Action("cancelled", "vpn", due, fixtures.Cancelled()), true, due.Add(48*time.Hour))
	overdue := action(fixtures.Action("overdue", "vpn", due), true, due.Add(time.Hour))
	conditionIs(t, overdue.Status.Conditions, v1alpha1.ConditionOverdue, metav1.ConditionTrue, v1alpha1.ReasonPastDueDate)
	orphan := action(fixtures.Action("orphan", "no-such-incident", due), false, now)
	conditionIs(t, orphan.Status.Conditions, v1alpha1.ConditionReady, metav1.ConditionFalse, v1alpha1.ReasonIncidentNotFound)
	orphanOverdue := action(fixtures.Action("orphan-overdue", "no-such-incident", due), false, due.Add(time.Hour))

	return append([]healthCase{
		{"open and on track", u(open), health{"Healthy", "Open"}},
		{"in progress, due within the hour", u(inProgress), health{"Healthy", "InProgress"}},
		{"done late", u(doneLate), health{"Healthy", "Done"}},
		{"cancelled after its due date", u(cancelled), health{"Healthy", "Cancelled"}},
		{"overdue", u(overdue), health{"Degraded", "overdue: " + message(t, overdue.Status.Conditions, v1alpha1.ConditionOverdue)}},
		{"incident missing", u(orphan), health{"Degraded", message(t, orphan.Status.Conditions, v1alpha1.ConditionReady)}},
		{"incident missing and overdue", u(orphanOverdue), health{"Degraded",
			message(t, orphanOverdue.Status.Conditions, v1alpha1.ConditionReady) + "; overdue: " + message(t, orphanOverdue.Status.Conditions, v1alpha1.ConditionOverdue)}},
		{"incident missing but generation not observed", notObserved(u(orphan)), health{"Progressing", waiting}},
	}, progressingCases(func() map[string]any { return u(open) }, func() map[string]any { return u(fixtures.Action("new", "vpn", due)) })...)
}

func reportCases(t *testing.T) []healthCase {
	now := t0.Add(60 * 24 * time.Hour)
	newReport := func(name string, opts ...fixtures.Option[v1alpha1.LessonsReport]) *v1alpha1.LessonsReport {
		return fixtures.Report(name, append([]fixtures.Option[v1alpha1.LessonsReport]{fixtures.Period(t0.Add(-24*time.Hour), t0.Add(90*24*time.Hour))}, opts...)...)
	}
	approved := fixtures.ReportSignedOff(v1alpha1.SignOffApproved, now.Add(-time.Hour))
	members := []review.Case{{Incident: fixtures.Incident("vpn")}}
	more := append(members, review.Case{Incident: fixtures.Incident("laptop", func(i *v1alpha1.Incident) {
		i.Spec.DetectedAt = metav1.NewTime(t0.Add(10 * 24 * time.Hour))
	})})
	compute := func(r *v1alpha1.LessonsReport, m []review.Case, selectorErr error) *v1alpha1.LessonsReport {
		r.Status = report.ComputeReportIn(policy, r, report.OneNamespace(r.Namespace), m, nil, selectorErr, now).Status
		return r
	}
	u := func(r *v1alpha1.LessonsReport) map[string]any { return unstructured(t, r) }

	current := compute(newReport("current"), members, nil)
	conditionIs(t, current.Status.Conditions, v1alpha1.ConditionSignedOff, metav1.ConditionFalse, v1alpha1.ReasonNotSignedOff)
	signed := compute(newReport("signed", approved), members, nil)
	conditionIs(t, signed.Status.Conditions, v1alpha1.ConditionSignedOff, metav1.ConditionTrue, v1alpha1.ReasonApproved)
	// The figures change after the approval: an incident is reported late.
	stale := compute(signed.DeepCopy(), more, nil)
	conditionIs(t, stale.Status.Conditions, v1alpha1.ConditionSignedOff, metav1.ConditionFalse, v1alpha1.ReasonFiguresChanged)
	changes := compute(newReport("changes", fixtures.ReportSignedOff(v1alpha1.SignOffChangesRequested, now)), members, nil)
	bad := &metav1.LabelSelector{MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "team", Operator: "Near", Values: []string{"x"}}}}
	_, selectorErr := metav1.LabelSelectorAsSelector(bad)
	if selectorErr == nil {
		t.Fatal("fixture: the selector parses")
	}
	invalid := compute(newReport("invalid", func(r *v1alpha1.LessonsReport) { r.Spec.Selector = bad }), nil, selectorErr)
	conditionIs(t, invalid.Status.Conditions, v1alpha1.ConditionReady, metav1.ConditionFalse, v1alpha1.ReasonInvalidSelector)

	return append([]healthCase{
		{"current, not signed off", u(current), health{"Healthy", "Current"}},
		{"signed off", u(signed), health{"Healthy", "SignedOff"}},
		{"changes requested", u(changes), health{"Healthy", "Current"}},
		{"sign-off stale: figures changed", u(stale), health{"Degraded", message(t, stale.Status.Conditions, v1alpha1.ConditionSignedOff)}},
		{"invalid selector", u(invalid), health{"Degraded", message(t, invalid.Status.Conditions, v1alpha1.ConditionReady)}},
		{"stale sign-off but generation not observed", notObserved(u(stale)), health{"Progressing", waiting}},
	}, progressingCases(func() map[string]any { return u(signed) }, func() map[string]any { return u(newReport("new")) })...)
}

// TestHealthScripts runs each kind's script over its table of objects.
func TestHealthScripts(t *testing.T) {
	kinds := []struct {
		kind  string
		cases func(*testing.T) []healthCase
	}{
		{"Incident", incidentCases},
		{"RootCauseAnalysis", rcaCases},
		{"ImprovementAction", actionCases},
		{"LessonsReport", reportCases},
		{"ProcessReview", processReviewCases},
	}
	for _, k := range kinds {
		t.Run(k.kind, func(t *testing.T) {
			script := readScript(t, k.kind)
			for _, c := range k.cases(t) {
				t.Run(c.name, func(t *testing.T) {
					got, err := runHealth(script, c.obj)
					if err != nil {
						t.Fatalf("%s: %v", scripts[k.kind], err)
					}
					if got != c.want {
						t.Errorf("%s: got %s %q, want %s %q", scripts[k.kind], got.Status, got.Message, c.want.Status, c.want.Message)
					}
				})
			}
		})
	}
}

// TestHarnessRefusesBadScripts checks that runHealth fails where Argo CD
// would get no health status, and where a script breaks the convention of
// returning the global hs, so that a passing case means something.
func TestHarnessRefusesBadScripts(t *testing.T) {
	obj := map[string]any{"metadata": map[string]any{"generation": int64(1)}}
	for name, script := range map[string]string{
		"no table returned":          `hs = {} hs.status = "Healthy" return "Healthy"`,
		"a local table returned":     `local h = {} h.status = "Healthy" return h`,
		"unknown status":             `hs = {} hs.status = "Fine" return hs`,
		"no status":                  `hs = {} return hs`,
		"message not a string":       `hs = {} hs.status = "Healthy" hs.message = {} return hs`,
		"string library is not open": `hs = {} hs.status = "Healthy" hs.message = string.format("%d", 1) return hs`,
		"runs for ever":              `while true do end`,
	} {
		t.Run(name, func(t *testing.T) {
			if h, err := runHealth(script, obj); err == nil {
				t.Errorf("accepted, returning %+v", h)
			}
		})
	}
	h, err := runHealth(`hs = {} hs.status = "Healthy" hs.message = obj.metadata.name return hs`, obj)
	if err != nil || h != (health{Status: "Healthy"}) {
		t.Errorf("a script returning hs: got %+v, %v", h, err)
	}
}
