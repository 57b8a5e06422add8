package validation_test

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/report"
	"github.com/dspt-lessons/lessons-operator/internal/review"
)

// The property: whatever the API server accepts, the core can compute a
// status for at any now, without panicking, with every time in it one Go
// can read back, and the API server accepts that status.

// longestPolicy sets every deadline the manager's flags take to the longest
// duration Go has (about 292 years), so the derived times reach furthest.
func longestPolicy() review.Policy {
	const longest = time.Duration(math.MaxInt64)
	p := review.Policy{SIRONotificationDeadline: longest, DueSoonWindow: longest, OverdueReminderInterval: longest,
		RCAReviewWindow: review.ReviewWindows{}}
	for _, s := range v1alpha1.Severities {
		p.RCAReviewWindow[s] = longest
	}
	return p
}

// nowsFor are the instants a status is computed at, in the order time
// passes: the first instant of 1900, around t (the object's own time),
// today and the last second of 2999.
func nowsFor(t time.Time) []time.Time {
	nows := []time.Time{firstInstant, t, t.Add(13 * time.Hour), time.Now(), endInstant.Add(-time.Second)}
	slices.SortFunc(nows, func(a, b time.Time) int { return a.Compare(b) })
	return nows
}

// settle computes obj's status at each now with compute and writes it
// through the status subresource, as the manager does.
func settle[T client.Object](obj T, nows []time.Time, compute func(T, time.Time)) {
	spec, _ := json.Marshal(obj)
	for _, now := range nows {
		func() {
			defer func() {
				Expect(recover()).To(BeNil(), "the core panicked at %s on %s", now.Format(time.RFC3339Nano), spec)
			}()
			compute(obj, now)
		}()
		written, err := json.Marshal(obj)
		Expect(err).NotTo(HaveOccurred())
		back := obj.DeepCopyObject()
		Expect(json.Unmarshal(written, back)).To(Succeed(), "at %s the status holds a time Go cannot read back: %s", now.Format(time.RFC3339Nano), written)
		Expect(k8sClient.Status().Update(ctx, obj)).To(Succeed(), "at %s the status of %s was refused: %s", now.Format(time.RFC3339Nano), spec, written)
	}
}

var _ = Describe("Every object with times near the bounds that the API server accepts", func() {
	It("gets from the core, at any now and under any policy, a status the API server accepts", func() {
		ns := &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{GenerateName: "time-bounds-"}}
		Expect(k8sClient.Create(ctx, ns)).To(Succeed())
		seed := uint64(GinkgoRandomSeed())
		GinkgoWriter.Printf("objects generated from seed %d\n", seed)
		g := timeGen{r: rand.New(rand.NewPCG(seed, 1900_2999))}

		var objs []*unstructured.Unstructured
		for i := range 60 {
			objs = append(objs, g.reviewObjects(i)...)
		}
		for i := range 30 {
			objs = append(objs, g.report(i))
		}
		accepted := 0
		for _, u := range objs {
			u.SetNamespace(ns.Name)
			err := k8sClient.Create(ctx, u)
			if apierrors.IsInvalid(err) {
				continue
			}
			Expect(err).NotTo(HaveOccurred())
			accepted++
		}
		GinkgoWriter.Printf("%d of %d objects accepted\n", accepted, len(objs))
		// About three in eight are accepted (each time is out of bounds
		// half the time); a fifth is five standard deviations below that,
		// so this fails on a generator gone wrong, not on a seed.
		Expect(accepted).To(BeNumerically(">=", len(objs)/5), "the generator should make many objects the API server accepts")
		Expect(accepted).To(BeNumerically("<", len(objs)), "the generator should cross the bounds too")

		// The manager lists each kind across the cluster: a time Go cannot
		// read would fail the list, and with it every object of the kind.
		var incidents v1alpha1.IncidentList
		var rcas v1alpha1.RootCauseAnalysisList
		var actions v1alpha1.ImprovementActionList
		var reports v1alpha1.LessonsReportList
		for _, list := range []client.ObjectList{&incidents, &rcas, &actions, &reports} {
			Expect(k8sClient.List(ctx, list)).To(Succeed())
		}
		inNamespace := func(o client.Object) bool { return o.GetNamespace() == ns.Name }

		policies := []review.Policy{review.DefaultPolicy(), longestPolicy()}
		var members []review.Case
		for i := range incidents.Items {
			inc := &incidents.Items[i]
			if !inNamespace(inc) {
				continue
			}
			var its []v1alpha1.RootCauseAnalysis
			for _, r := range rcas.Items {
				if inNamespace(&r) && r.Spec.IncidentRef.Name == inc.Name {
					its = append(its, r)
				}
			}
			var acts []v1alpha1.ImprovementAction
			for _, a := range actions.Items {
				if inNamespace(&a) && a.Spec.IncidentRef.Name == inc.Name {
					acts = append(acts, a)
				}
			}
			members = append(members, review.NewCase(inc.DeepCopy(), review.Refs(its), review.Refs(acts)))
			p := policies[i%2]
			settle(inc, nowsFor(inc.Spec.DetectedAt.Time), func(inc *v1alpha1.Incident, now time.Time) {
				inc.Status = review.ComputeIncident(p, inc, review.Refs(its), review.Refs(acts), now).Status
			})
		}
		incidentNamed := func(name string) *v1alpha1.Incident {
			for _, m := range members {
				if m.Incident.Name == name {
					return m.Incident
				}
			}
			return nil
		}
		for i := range rcas.Items {
			if r := &rcas.Items[i]; inNamespace(r) {
				p, inc := policies[i%2], incidentNamed(r.Spec.IncidentRef.Name)
				settle(r, nowsFor(r.CreationTimestamp.Time), func(r *v1alpha1.RootCauseAnalysis, now time.Time) {
					r.Status = review.ComputeRCAAmong(p, r, inc, nil, now).Status
				})
			}
		}
		for i := range actions.Items {
			if a := &actions.Items[i]; inNamespace(a) {
				p, incident := policies[i%2], incidentNamed(a.Spec.IncidentRef.Name)
				settle(a, nowsFor(a.Spec.DueDate.Time), func(a *v1alpha1.ImprovementAction, now time.Time) {
					a.Status = review.ComputeAction(p, a, incident, now).Status
				})
			}
		}
		for i := range reports.Items {
			if r := &reports.Items[i]; inNamespace(r) {
				p := policies[i%2]
				settle(r, nowsFor(r.Spec.Period.From.Time), func(r *v1alpha1.LessonsReport, now time.Time) {
					r.Status = report.ComputeReportIn(p, r, report.OneNamespace(r.Namespace), members, nil, nil, now).Status
				})
			}
		}
	})
})
