package controller_test

import (
	"encoding/json"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/controller"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

// BenchmarkCachedReviewSize measures what the manager's cache holds per
// review: an incident, its signed-off analysis and ten actions, as kubectl
// applies them (managed fields and the last-applied annotation included)
// with the statuses the operator writes, decoded from JSON as an informer
// decodes them. It reports bytes of live heap per review, trimmed by
// CacheTransform and as decoded, for reviews written as the bench's
// workload is (a line or two per section) and for reviews whose every
// section is a page long, so that a change that makes the cache bigger
// shows in `make bench`.
func BenchmarkCachedReviewSize(b *testing.B) {
	for _, text := range []struct {
		name string
		long bool
	}{{"short-text", false}, {"long-text", true}} {
		stored := storedReviews(b, 200, text.long)
		b.Run(text.name+"/trimmed", func(b *testing.B) { cachedSize(b, stored, controller.CacheTransform()) })
		b.Run(text.name+"/as-decoded", func(b *testing.B) { cachedSize(b, stored, func(o any) (any, error) { return o, nil }) })
	}
}

// cachedSize reports the live heap each review costs once decoded and
// transformed.
func cachedSize(b *testing.B, stored []storedObject, transform func(any) (any, error)) {
	reviews := 0
	for _, o := range stored {
		if _, ok := o.fresh().(*v1alpha1.Incident); ok {
			reviews++
		}
	}
	var kept []any
	for b.Loop() {
		kept = nil // the last round's objects go before the count starts
		runtime.GC()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		for i, o := range stored {
			if i%100 == 0 {
				// The cache's first list of thousands of objects runs
				// collections as it goes: what is shared must survive them.
				runtime.GC()
			}
			obj := o.fresh()
			if err := json.Unmarshal(o.data, obj); err != nil {
				b.Fatal(err)
			}
			t, err := transform(obj)
			if err != nil {
				b.Fatal(err)
			}
			kept = append(kept, t)
		}
		runtime.GC()
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/float64(reviews), "B/review")
	}
	runtime.KeepAlive(kept)
}

// storedObject is an object as the API server serves it, and a way to
// make an empty one of its kind.
type storedObject struct {
	data  []byte
	fresh func() client.Object
}

// storedReviews makes n reviews as stored after the operator has been
// through them; with long text, every free-text section of each is a page
// of its own.
func storedReviews(b *testing.B, n int, longText bool) []storedObject {
	p := review.DefaultPolicy()
	now := fixtures.T0.Add(40 * 24 * time.Hour)
	var out []storedObject
	add := func(obj client.Object, fresh func() client.Object) {
		obj.SetNamespace("trust")
		obj.SetManagedFields([]metav1.ManagedFieldsEntry{
			{Manager: "kubectl-client-side-apply", Operation: metav1.ManagedFieldsOperationUpdate, APIVersion: "lessons.dspt.io/v1alpha1",
				FieldsType: "FieldsV1", FieldsV1: &metav1.FieldsV1{Raw: []byte(`{"f:metadata":{"f:annotations":{".":{},"f:kubectl.kubernetes.io/last-applied-configuration":{}}},"f:spec":{".":{},"f:title":{},"f:owner":{},"f:dueDate":{}}}`)}},
			{Manager: "lessons-operator", Operation: metav1.ManagedFieldsOperationUpdate, APIVersion: "lessons.dspt.io/v1alpha1", Subresource: "status",
				FieldsType: "FieldsV1", FieldsV1: &metav1.FieldsV1{Raw: []byte(`{"f:status":{".":{},"f:conditions":{},"f:phase":{},"f:observedGeneration":{}}}`)}},
		})
		spec, err := json.Marshal(obj)
		if err != nil {
			b.Fatal(err)
		}
		obj.SetAnnotations(map[string]string{corev1.LastAppliedConfigAnnotation: string(spec)})
		data, err := json.Marshal(obj)
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, storedObject{data: data, fresh: fresh})
	}
	for i := range n {
		name := fmt.Sprintf("incident-%04d", i)
		inc := fixtures.Incident(name)
		rca := fixtures.RCA(name, name, fixtures.Submitted(), fixtures.SignedOff(v1alpha1.SignOffApproved, fixtures.T0.Add(10*24*time.Hour)))
		if longText {
			page := func(section string) string { return narrative(fmt.Sprintf("%s of %s", section, name), 6000) }
			inc.Spec.Summary = page("summary")
			o := rca.Spec.Overview
			o.WhatHappened, o.Containment, o.LessonsLearned = page("what happened"), page("containment"), page("lessons")
			rca.Spec.Causes[0].Description = page("cause")
			rca.Spec.OrganisationalFactors = page("organisational factors")
			e := rca.Spec.ResponseEvaluation
			e.ResponsePlanAdequacy, e.RemedialActivities, e.PersonnelCompetency = page("plan"), page("remedial activities"), page("competency")
		}
		var actions []*v1alpha1.ImprovementAction
		for a := range 10 {
			var opts []fixtures.Option[v1alpha1.ImprovementAction]
			if a%4 == 0 {
				opts = append(opts, fixtures.Done(fixtures.T0.Add(24*time.Hour)))
			}
			if longText {
				opts = append(opts, func(x *v1alpha1.ImprovementAction) { x.Spec.Description = narrative(x.Name, 2000) })
			}
			actions = append(actions, fixtures.Action(fmt.Sprintf("%s-action-%02d", name, a), name, fixtures.T0.Add(time.Duration(20+a*10)*24*time.Hour), opts...))
		}
		rca.Status = review.ComputeRCAAmong(p, rca, inc, []*v1alpha1.RootCauseAnalysis{rca}, now).Status
		for _, a := range actions {
			a.Status = review.ComputeAction(p, a, inc, now).Status
		}
		inc.Status = review.ComputeIncident(p, inc, []*v1alpha1.RootCauseAnalysis{rca}, actions, now).Status
		add(inc, func() client.Object { return &v1alpha1.Incident{} })
		add(rca, func() client.Object { return &v1alpha1.RootCauseAnalysis{} })
		for _, a := range actions {
			add(a, func() client.Object { return &v1alpha1.ImprovementAction{} })
		}
	}
	return out
}

// narrative is n characters of prose about the subject, different for
// each subject, as a review's sections are.
func narrative(subject string, n int) string {
	var sb strings.Builder
	for i := 0; sb.Len() < n; i++ {
		fmt.Fprintf(&sb, "Paragraph %d on the %s: the team found the control had not been reviewed since the migration. ", i, subject)
	}
	return sb.String()[:n]
}
