package validation_test

import (
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/client/apiutil"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

// The builders below return objects that the API server accepts as they
// are (the "fixtures are valid" specs check this). A test passes options that
// change only what it is about, so each refusal states the one thing it
// breaks.

// incidentName is the incident the reviews and actions of the fixtures belong to.
const incidentName = "phishing-credential-compromise-2026-05"

// at parses an RFC 3339 timestamp.
func at(s string) metav1.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return metav1.NewTime(t)
}

// atPtr parses an RFC 3339 timestamp into a pointer, for optional fields.
func atPtr(s string) *metav1.Time {
	t := at(s)
	return &t
}

// validIncident is a High-severity phishing-led credential compromise,
// detected, contained and resolved, with its SIRO told within 12 hours.
func validIncident(name string, opts ...func(*v1alpha1.Incident)) *v1alpha1.Incident {
	inc := &v1alpha1.Incident{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec: v1alpha1.IncidentSpec{
			Title:          "Staff account compromised after a phishing e-mail",
			Summary:        "A look-alike sign-in page captured a password that webmail accepted on its own.",
			Type:           v1alpha1.IncidentTypeIncident,
			Category:       v1alpha1.CategoryPersonalDataBreach,
			CyberAttack:    true,
			Severity:       v1alpha1.SeverityHigh,
			DetectedAt:     at("2026-05-12T08:40:00Z"),
			ContainedAt:    atPtr("2026-05-12T14:15:00Z"),
			ResolvedAt:     atPtr("2026-05-15T17:00:00Z"),
			Owner:          "amira.hussain@example.nhs.uk",
			SIRO:           "david.okafor@example.nhs.uk",
			SIRONotifiedAt: atPtr("2026-05-12T11:05:00Z"),
		},
	}
	for _, opt := range opts {
		opt(inc)
	}
	return inc
}

// draftRCA is the least a root cause analysis needs: its incident and lead.
func draftRCA(name string, opts ...func(*v1alpha1.RootCauseAnalysis)) *v1alpha1.RootCauseAnalysis {
	rca := &v1alpha1.RootCauseAnalysis{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec: v1alpha1.RootCauseAnalysisSpec{
			IncidentRef: v1alpha1.IncidentReference{Name: incidentName},
			Lead:        "team:cyber-security",
		},
	}
	for _, opt := range opts {
		opt(rca)
	}
	return rca
}

// validRCA is a complete root cause analysis, submitted for sign-off, with
// every section filled in, the cyber-attack one included.
func validRCA(name string, opts ...func(*v1alpha1.RootCauseAnalysis)) *v1alpha1.RootCauseAnalysis {
	rca := draftRCA(name)
	rca.Spec.State = v1alpha1.RCAStateSubmitted
	rca.Spec.DueDate = atPtr("2026-05-27T17:00:00Z")
	rca.Spec.Overview = &v1alpha1.RCAOverview{
		WhatHappened:   "A phishing e-mail led to a look-alike sign-in page; webmail accepted the captured password alone.",
		Containment:    "Sessions revoked, password reset, forwarding rule removed, e-mail purged from all mailboxes.",
		LessonsLearned: "Password-only remote access turns one captured password into a breach.",
	}
	rca.Spec.Causes = []v1alpha1.Cause{
		{Type: v1alpha1.CauseTechnical, Description: "Webmail accepted password-only sign-ins from any country."},
		{Type: v1alpha1.CauseNonTechnical, Description: "Community teams had no protected time for phishing awareness training."},
	}
	rca.Spec.OrganisationalFactors = "The webmail exception from conditional access was never reviewed after the migration."
	rca.Spec.ResponseEvaluation = &v1alpha1.ResponseEvaluation{
		ResponsePlanAdequacy: "The plan covered account compromise; its DPO contact list was out of date.",
		RemedialActivities:   "Containment within six hours stopped further forwarding.",
		PersonnelCompetency:  "The service desk had not been trained to review mailbox rules; training will be provided.",
	}
	rca.Spec.CyberAttack = &v1alpha1.CyberAttackAnalysis{
		ExploitedWeaknesses:    []string{"Password-only sign-in to webmail", "External forwarding allowed"},
		AttackerDwellTime:      &metav1.Duration{Duration: 36 * time.Hour},
		DetectionEfficacy:      "No alert fired; a colleague's report started the response.",
		ResilienceEnhancements: []string{"Multi-factor authentication on all remote access"},
	}
	rca.Spec.Investigation = &v1alpha1.Investigation{
		ExternalSpecialists: true,
		ChainOfCustody:      &v1alpha1.ChainOfCustody{Maintained: true, Notes: "Audit logs exported and hashed."},
	}
	rca.Spec.Evidence = []v1alpha1.EvidenceItem{
		{Description: "Incident log INC-2026-0412", URL: "https://servicedesk.example.nhs.uk/incidents/INC-2026-0412"},
	}
	for _, opt := range opts {
		opt(rca)
	}
	return rca
}

// signOff is a SIRO's decision, for an RCA or a report.
func signOff(decision v1alpha1.SignOffDecision) *v1alpha1.SignOff {
	return &v1alpha1.SignOff{
		Decision: decision,
		By:       "david.okafor@example.nhs.uk",
		At:       at("2026-05-29T10:00:00Z"),
		Comment:  "Reviewed at the information governance group.",
	}
}

// rcaSignedOff gives an RCA the SIRO's decision.
func rcaSignedOff(decision v1alpha1.SignOffDecision) func(*v1alpha1.RootCauseAnalysis) {
	return func(rca *v1alpha1.RootCauseAnalysis) { rca.Spec.SignOff = signOff(decision) }
}

// validAction is an open improvement action with an owner, a priority and a
// deadline.
func validAction(name string, opts ...func(*v1alpha1.ImprovementAction)) *v1alpha1.ImprovementAction {
	action := &v1alpha1.ImprovementAction{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec: v1alpha1.ImprovementActionSpec{
			IncidentRef: v1alpha1.IncidentReference{Name: incidentName},
			Title:       "Alert on impossible-travel sign-ins",
			Description: "Alert the security operations rota when an account signs in from two distant places.",
			Area:        v1alpha1.AreaSecurityMonitoringReporting,
			Priority:    v1alpha1.PriorityHigh,
			Owner:       "team:security-operations",
			DueDate:     at("2027-01-29T17:00:00Z"),
		},
	}
	for _, opt := range opts {
		opt(action)
	}
	return action
}

// actionDone marks an action Done, with its completion time and evidence.
func actionDone(action *v1alpha1.ImprovementAction) {
	action.Spec.State = v1alpha1.ActionStateDone
	action.Spec.CompletedAt = atPtr("2026-12-10T16:00:00Z")
	action.Spec.Evidence = []v1alpha1.EvidenceItem{
		{Description: "Change CHG0057: sign-in alerts enabled", URL: "https://servicedesk.example.nhs.uk/changes/CHG0057"},
	}
}

// validReport is the lessons report for the financial year 2026/27.
func validReport(name string, opts ...func(*v1alpha1.LessonsReport)) *v1alpha1.LessonsReport {
	report := &v1alpha1.LessonsReport{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec: v1alpha1.LessonsReportSpec{
			Period: v1alpha1.ReportPeriod{
				From: at("2026-04-01T00:00:00Z"),
				To:   atPtr("2027-04-01T00:00:00Z"),
			},
			SIRO: "david.okafor@example.nhs.uk",
		},
	}
	for _, opt := range opts {
		opt(report)
	}
	return report
}

// reportSignedOff gives a report the SIRO's decision.
func reportSignedOff(decision v1alpha1.SignOffDecision) func(*v1alpha1.LessonsReport) {
	return func(report *v1alpha1.LessonsReport) { report.Spec.SignOff = signOff(decision) }
}

// without returns obj as unstructured with the field at the dotted path
// removed: a field left out of the YAML, which the Go types cannot express
// for fields they always write. A number in the path indexes a list
// ("spec.causes.0.type").
func without(obj client.Object, path string) *unstructured.Unstructured {
	u := toUnstructured(obj)
	if parent, last := walkTo(u.Object, path, false); parent != nil {
		delete(parent, last)
	}
	return u
}

// withRaw returns obj as unstructured with the field at the dotted path set
// to value as written in YAML, for values the Go types cannot express (a
// timestamp without a zone, a duration in words, an empty string where the
// Go types omit it). A number in the path indexes a list.
func withRaw(obj client.Object, path string, value any) *unstructured.Unstructured {
	u := toUnstructured(obj)
	parent, last := walkTo(u.Object, path, true)
	parent[last] = runtime.DeepCopyJSONValue(value)
	return u
}

// walkTo follows the dotted path in obj and returns the object holding the
// last field and that field's name. It makes the objects the path lacks if
// asked to, and otherwise returns a nil object when one is lacking.
func walkTo(obj map[string]any, path string, makeMissing bool) (map[string]any, string) {
	fields := strings.Split(path, ".")
	var node any = obj
	for _, f := range fields[:len(fields)-1] {
		switch n := node.(type) {
		case map[string]any:
			if _, ok := n[f]; !ok {
				if !makeMissing {
					return nil, ""
				}
				n[f] = map[string]any{}
			}
			node = n[f]
		case []any:
			i, err := strconv.Atoi(f)
			if err != nil || i < 0 || i >= len(n) {
				panic(fmt.Sprintf("%s: %q is not an index of a list of %d", path, f, len(n)))
			}
			node = n[i]
		default:
			panic(fmt.Sprintf("%s: cannot go into %q", path, f))
		}
	}
	parent, ok := node.(map[string]any)
	if !ok {
		panic(fmt.Sprintf("%s: the field's parent is not an object", path))
	}
	return parent, fields[len(fields)-1]
}

// toUnstructured converts a typed object, keeping its kind and dropping its
// (empty) status.
func toUnstructured(obj client.Object) *unstructured.Unstructured {
	gvk, err := apiutil.GVKForObject(obj, testenv.Scheme)
	if err != nil {
		panic(err)
	}
	content, err := runtime.DefaultUnstructuredConverter.ToUnstructured(obj)
	if err != nil {
		panic(err)
	}
	u := &unstructured.Unstructured{Object: content}
	u.SetGroupVersionKind(gvk)
	delete(u.Object, "status")
	return u
}

var nameCounter atomic.Int64

// uniqueName makes a name unique within the suite, so that an object that is
// wrongly accepted does not make a later spec fail for the wrong reason.
func uniqueName(base string) string {
	return fmt.Sprintf("%s-%d", base, nameCounter.Add(1))
}
