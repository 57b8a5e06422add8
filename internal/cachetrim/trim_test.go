package cachetrim_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"
	"unsafe"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	toolscache "k8s.io/client-go/tools/cache"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/cachetrim"
	"github.com/dspt-lessons/lessons-operator/internal/report"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

// decoded is obj as an informer gets it: freshly decoded from JSON, its
// strings its own.
func decoded[T any, P interface {
	*T
	runtime.Object
}](t *testing.T, obj P) P {
	t.Helper()
	data, err := json.Marshal(obj)
	if err != nil {
		t.Fatal(err)
	}
	out := P(new(T))
	if err := json.Unmarshal(data, out); err != nil {
		t.Fatal(err)
	}
	return out
}

// long is free text of n characters, as a long narrative is.
func long(n int) string {
	return strings.Repeat("The VPN accepted password-only logins. ", n/39+1)[:n]
}

// longRCA is an analysis with every section at its longest.
func longRCA() *v1alpha1.RootCauseAnalysis {
	r := fixtures.RCA("phishing", "phishing", fixtures.SignedOff(v1alpha1.SignOffApproved, fixtures.T0), fixtures.WithCyberAttackSection())
	o := r.Spec.Overview
	// Addresses are withheld before a lesson is quoted, so these need more
	// than the first 1,000 characters to give the same quote.
	o.WhatHappened, o.Containment, o.LessonsLearned = long(8192), long(8192), strings.Repeat(address, 60)
	r.Spec.Causes[0].Description = long(4096)
	r.Spec.OrganisationalFactors = long(8192)
	e := r.Spec.ResponseEvaluation
	e.ResponsePlanAdequacy, e.RemedialActivities, e.PersonnelCompetency = long(8192), long(8192), long(8192)
	r.Spec.CyberAttack.ExploitedWeaknesses = []string{long(2048), long(2048)}
	r.Spec.CyberAttack.DetectionEfficacy = long(8192)
	r.Spec.SignOff.Comment = long(4096)
	return r
}

func TestLongFreeTextKeepsItsStartAndWhatTheRulesRead(t *testing.T) {
	p := review.DefaultPolicy()
	now := fixtures.T0.Add(30 * 24 * time.Hour)
	inc := fixtures.Incident("phishing", func(i *v1alpha1.Incident) { i.Spec.CyberAttack = true })
	whole := decoded(t, longRCA())
	trimmed := decoded(t, longRCA())
	cachetrim.Trim(trimmed)

	for name, text := range map[string]string{
		"whatHappened": trimmed.Spec.Overview.WhatHappened, "causes[0].description": trimmed.Spec.Causes[0].Description,
		"exploitedWeaknesses[1]": trimmed.Spec.CyberAttack.ExploitedWeaknesses[1], "detectionEfficacy": trimmed.Spec.CyberAttack.DetectionEfficacy,
	} {
		if want := long(cachetrim.MaxRunes) + cachetrim.Marker; text != want {
			t.Errorf("%s kept %d characters ending %q, want its first %d and the marker", name, len(text), text[max(len(text)-20, 0):], cachetrim.MaxRunes)
		}
	}
	if trimmed.Spec.SignOff.Comment != whole.Spec.SignOff.Comment {
		t.Errorf("the sign-off comment, which a condition's message quotes whole, was shortened")
	}
	if got, want := report.QuoteLesson(trimmed.Spec.Overview.LessonsLearned), report.QuoteLesson(whole.Spec.Overview.LessonsLearned); got != want {
		t.Errorf("the report would quote\n%q\nnot\n%q", got, want)
	}
	got := review.ComputeRCAAmong(p, trimmed, inc, []*v1alpha1.RootCauseAnalysis{trimmed}, now).Status
	want := review.ComputeRCAAmong(p, whole, inc, []*v1alpha1.RootCauseAnalysis{whole}, now).Status
	if !equality.Semantic.DeepEqual(got, want) {
		t.Errorf("the analysis's status changed with the trimmed text:\n%+v\nwant\n%+v", got, want)
	}
}

// address is a long e-mail address, and a space.
var address = strings.Repeat("a", 60) + "@" + strings.Repeat("b", 60) + ".nhs.uk "

func TestALessonIsShortenedOnlyAsFarAsItsQuoteStaysTheSame(t *testing.T) {
	for name, lesson := range map[string]string{
		"plain":                               long(8192),
		"short":                               "Password-only remote access is not an acceptable control.",
		"with space around":                   "\n\n  " + long(3000) + "  \n",
		"addresses that shrink when withheld": strings.Repeat(address, 60),
		"an address across the cut":           long(990) + " " + address + long(3000),
	} {
		got := cachetrim.ShortenQuoted(lesson)
		if report.QuoteLesson(got) != report.QuoteLesson(lesson) {
			t.Errorf("%s: the quote changed:\n%q\nwant\n%q", name, report.QuoteLesson(got), report.QuoteLesson(lesson))
		}
		if len(got) > len(lesson) {
			t.Errorf("%s: grew from %d to %d bytes", name, len(lesson), len(got))
		}
	}
	if got := cachetrim.ShortenQuoted(long(8192)); len(got) >= 2000 {
		t.Errorf("a plain lesson of 8,192 characters kept %d bytes", len(got))
	}
}

func TestSharedStringsAreKeptOnceAndOwnOnesAreNot(t *testing.T) {
	due := fixtures.T0.Add(40 * 24 * time.Hour)
	a := decoded(t, actionWithStatus("mfa", due))
	b := decoded(t, actionWithStatus("leavers", due))
	cachetrim.Trim(a)
	cachetrim.Trim(b)
	same := func(x, y string) bool { return unsafe.StringData(x) == unsafe.StringData(y) }
	for name, pair := range map[string][2]string{
		"namespace":         {a.Namespace, b.Namespace},
		"kind":              {a.Kind, b.Kind},
		"owner":             {string(a.Spec.Owner), string(b.Spec.Owner)},
		"priority":          {string(a.Spec.Priority), string(b.Spec.Priority)},
		"incidentRef":       {a.Spec.IncidentRef.Name, b.Spec.IncidentRef.Name},
		"condition type":    {a.Status.Conditions[0].Type, b.Status.Conditions[0].Type},
		"condition reason":  {a.Status.Conditions[0].Reason, b.Status.Conditions[0].Reason},
		"condition message": {a.Status.Conditions[0].Message, b.Status.Conditions[0].Message},
	} {
		if pair[0] != pair[1] || !same(pair[0], pair[1]) {
			t.Errorf("%s %q and %q are held twice", name, pair[0], pair[1])
		}
	}
	if c, d := decoded(t, actionWithStatus("mfa", due)), a; same(c.Spec.Title, d.Spec.Title) {
		t.Errorf("a title, an object's own, was interned")
	}
}

func TestStatusesAreUnchanged(t *testing.T) {
	p := review.DefaultPolicy()
	now := fixtures.T0.Add(40 * 24 * time.Hour)
	inc := fixtures.Incident("phishing")
	rca := longRCA()
	rca.Status = review.ComputeRCAAmong(p, rca, inc, []*v1alpha1.RootCauseAnalysis{rca}, now).Status
	actions := []*v1alpha1.ImprovementAction{actionWithStatus("mfa", fixtures.T0.Add(20*24*time.Hour)), actionWithStatus("leavers", fixtures.T0.Add(90*24*time.Hour))}
	inc.Status = review.ComputeIncident(p, inc, []*v1alpha1.RootCauseAnalysis{rca}, actions, now).Status
	check := func(name string, before, after any) {
		t.Helper()
		if !equality.Semantic.DeepEqual(before, after) {
			t.Errorf("%s's status changed:\n%+v\nwant\n%+v", name, after, before)
		}
	}
	x := decoded(t, inc)
	cachetrim.Trim(x)
	check("the incident", inc.Status, x.Status)
	y := decoded(t, rca)
	cachetrim.Trim(y)
	check("the analysis", rca.Status, y.Status)
	for _, a := range actions {
		z := decoded(t, a)
		cachetrim.Trim(z)
		check(a.Name, a.Status, z.Status)
		for _, c := range [][]metav1.Condition{z.Status.Conditions} {
			if cap(c) != len(c) {
				t.Errorf("%s's conditions keep %d spare places", a.Name, cap(c)-len(c))
			}
		}
	}
}

// TestNoStatusHoldsDocumentText guards the rule that makes trimming safe:
// the controllers compare a computed status with the cached one, so a
// status field the cache shortened would be written again and again.
func TestNoStatusHoldsDocumentText(t *testing.T) {
	for _, obj := range []any{v1alpha1.IncidentStatus{}, v1alpha1.RootCauseAnalysisStatus{}, v1alpha1.ImprovementActionStatus{}, v1alpha1.LessonsReportStatus{}, v1alpha1.ProcessReviewStatus{}} {
		var visit func(reflect.Type, string)
		seen := map[reflect.Type]bool{}
		visit = func(tp reflect.Type, path string) {
			for tp.Kind() == reflect.Pointer || tp.Kind() == reflect.Slice {
				tp = tp.Elem()
			}
			if tp.Kind() != reflect.Struct || seen[tp] {
				return
			}
			seen[tp] = true
			for i := range tp.NumField() {
				f := tp.Field(i)
				if _, ok := f.Tag.Lookup(cachetrim.Tag); ok {
					t.Errorf("%s.%s is tagged %q: a status must be cached whole", path, f.Name, cachetrim.Tag)
				}
				visit(f.Type, path+"."+f.Name)
			}
		}
		visit(reflect.TypeOf(obj), reflect.TypeOf(obj).Name())
	}
}

func TestMetadataOnlyTheRulesRead(t *testing.T) {
	applied := fixtures.Action("mfa-for-remote-access", "phishing", fixtures.T0)
	applied.Annotations = map[string]string{corev1.LastAppliedConfigAnnotation: `{"spec":{}}`}
	applied.Labels = map[string]string{}
	applied.ManagedFields = []metav1.ManagedFieldsEntry{{Manager: "argocd-controller", Operation: metav1.ManagedFieldsOperationApply}}
	cachetrim.Trim(applied)
	if applied.Annotations != nil || applied.Labels != nil || applied.ManagedFields != nil {
		t.Errorf("kept annotations %v, labels %v, managed fields %v", applied.Annotations, applied.Labels, applied.ManagedFields)
	}
	released := fixtures.Action("mfa-for-remote-access", "phishing", fixtures.T0)
	released.Annotations = map[string]string{corev1.LastAppliedConfigAnnotation: `{}`, "lessons.dspt.io/release-for-deletion": "true"}
	cachetrim.Trim(released)
	if len(released.Annotations) != 1 || released.Annotations["lessons.dspt.io/release-for-deletion"] != "true" {
		t.Errorf("annotations the rules read were lost: %v", released.Annotations)
	}
	tombstone := toolscache.DeletedFinalStateUnknown{Key: "ns/gone"}
	if got, err := cachetrim.Transform()(tombstone); err != nil || got != tombstone {
		t.Errorf("a tombstone became %v, %v", got, err)
	}
}

// actionWithStatus is an action in the trust's namespace with the status
// the operator gives it.
func actionWithStatus(name string, due time.Time) *v1alpha1.ImprovementAction {
	a := fixtures.Action(name, "phishing", due, fixtures.InNamespace[v1alpha1.ImprovementAction]("northshire"))
	a.TypeMeta = metav1.TypeMeta{APIVersion: v1alpha1.GroupVersion.String(), Kind: "ImprovementAction"}
	a.Status = review.ComputeAction(review.DefaultPolicy(), a, fixtures.Incident("phishing"), fixtures.T0.Add(40*24*time.Hour)).Status
	return a
}
