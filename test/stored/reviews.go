// Package stored makes reviews as the API server stores them once the
// operator has been through them, for benchmarks of what reading them
// costs: the cache's size, the watch's decoding.
package stored

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/review"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

// Reviews makes n reviews, each an incident, its signed-off analysis and
// ten actions, with the statuses the operator writes and the metadata
// kubectl apply leaves (managed fields, the last-applied annotation), in
// namespace "trust". With long text, every free-text section of each is a
// page of its own; without, a line or two, as the benchmark's workload.
func Reviews(n int, longText bool) ([]client.Object, error) {
	p := review.DefaultPolicy()
	now := fixtures.T0.Add(40 * 24 * time.Hour)
	var out []client.Object
	for i := range n {
		name := fmt.Sprintf("incident-%04d", i)
		inc := fixtures.Incident(name)
		rca := fixtures.RCA(name, name, fixtures.Submitted(), fixtures.SignedOff(v1alpha1.SignOffApproved, fixtures.T0.Add(10*24*time.Hour)))
		if longText {
			page := func(section string) string { return Narrative(fmt.Sprintf("%s of %s", section, name), 6000) }
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
				opts = append(opts, func(x *v1alpha1.ImprovementAction) { x.Spec.Description = Narrative(x.Name, 2000) })
			}
			actions = append(actions, fixtures.Action(fmt.Sprintf("%s-action-%02d", name, a), name, fixtures.T0.Add(time.Duration(20+a*10)*24*time.Hour), opts...))
		}
		rca.Status = review.ComputeRCAAmong(p, rca, inc, []*v1alpha1.RootCauseAnalysis{rca}, now).Status
		for _, a := range actions {
			a.Status = review.ComputeAction(p, a, inc, now).Status
		}
		inc.Status = review.ComputeIncident(p, inc, []*v1alpha1.RootCauseAnalysis{rca}, actions, now).Status
		objs := []client.Object{inc, rca}
		for _, a := range actions {
			objs = append(objs, a)
		}
		for _, obj := range objs {
			if err := asApplied(obj); err != nil {
				return nil, err
			}
			out = append(out, obj)
		}
	}
	return out, nil
}

// asApplied gives obj the namespace and metadata of an object kubectl
// applied and the operator wrote the status of.
func asApplied(obj client.Object) error {
	obj.SetNamespace("trust")
	obj.SetManagedFields([]metav1.ManagedFieldsEntry{
		{Manager: "kubectl-client-side-apply", Operation: metav1.ManagedFieldsOperationUpdate, APIVersion: "lessons.dspt.io/v1alpha1",
			FieldsType: "FieldsV1", FieldsV1: &metav1.FieldsV1{Raw: []byte(`{"f:metadata":{"f:annotations":{".":{},"f:kubectl.kubernetes.io/last-applied-configuration":{}}},"f:spec":{".":{},"f:title":{},"f:owner":{},"f:dueDate":{}}}`)}},
		{Manager: "lessons-operator", Operation: metav1.ManagedFieldsOperationUpdate, APIVersion: "lessons.dspt.io/v1alpha1", Subresource: "status",
			FieldsType: "FieldsV1", FieldsV1: &metav1.FieldsV1{Raw: []byte(`{"f:status":{".":{},"f:conditions":{},"f:phase":{},"f:observedGeneration":{}}}`)}},
	})
	spec, err := json.Marshal(obj)
	if err != nil {
		return err
	}
	obj.SetAnnotations(map[string]string{corev1.LastAppliedConfigAnnotation: string(spec)})
	return nil
}

// Narrative is n characters of prose about the subject, different for
// each subject, as a review's sections are.
func Narrative(subject string, n int) string {
	var sb strings.Builder
	for i := 0; sb.Len() < n; i++ {
		fmt.Fprintf(&sb, "Paragraph %d on the %s: the team found the control had not been reviewed since the migration. ", i, subject)
	}
	return sb.String()[:n]
}
