package main

import (
	"context"
	"fmt"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

var (
	areas      = v1alpha1.ImprovementAreas
	priorities = []v1alpha1.Priority{v1alpha1.PriorityCritical, v1alpha1.PriorityHigh, v1alpha1.PriorityMedium, v1alpha1.PriorityLow}
	severities = []v1alpha1.Severity{v1alpha1.SeverityLow, v1alpha1.SeverityMedium, v1alpha1.SeverityHigh, v1alpha1.SeverityCritical}
)

// createWorkload creates a year of reviews per namespace: incidents detected
// over the past year, each with a signed-off or draft RCA and actions in
// every state, none of whose deadlines passes during the run, the year's
// process reviews (annualCycle), one financial-year report per namespace,
// and, if configured, the organisation-wide report over them all.
func createWorkload(ctx context.Context, c *clients, cfg config) ([]client.Object, error) {
	now := time.Now()
	var objects []client.Object
	if cfg.organisation {
		if err := c.Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: organisationNamespace}}); err != nil {
			return nil, err
		}
		objects = append(objects, organisationReport(now))
	}
	for n := 0; n < cfg.namespaces; n++ {
		ns := fmt.Sprintf("trust-%02d", n)
		if err := c.Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: ns, Labels: organisationLabels(n == 0, cfg.organisation)}}); err != nil {
			return nil, err
		}
		for i := 0; i < cfg.incidentsPerNS; i++ {
			name := fmt.Sprintf("incident-%04d", i)
			detected := now.Add(-time.Duration(i%360) * 24 * time.Hour).Add(-time.Hour).Truncate(time.Second)
			objects = append(objects, fixtures.Incident(name, fixtures.InNamespace[v1alpha1.Incident](ns), func(inc *v1alpha1.Incident) {
				inc.Spec.DetectedAt = metav1.NewTime(detected)
				inc.Spec.SIRONotifiedAt = fixtures.Time(detected.Add(time.Duration(i%20) * time.Hour))
				inc.Spec.ContainedAt = fixtures.Time(detected.Add(time.Duration(1+i%48) * time.Hour))
				inc.Spec.Severity = severities[i%len(severities)]
				if i%3 == 0 {
					inc.Spec.Type = v1alpha1.IncidentTypeNearMiss
				}
			}))
			rcaOpts := []fixtures.Option[v1alpha1.RootCauseAnalysis]{fixtures.InNamespace[v1alpha1.RootCauseAnalysis](ns), func(r *v1alpha1.RootCauseAnalysis) {
				r.Spec.DueDate = fixtures.Time(now.Add(400 * 24 * time.Hour).Truncate(time.Second))
			}}
			if i%2 == 0 {
				rcaOpts = append(rcaOpts, fixtures.SignedOff(v1alpha1.SignOffApproved, detected.Add(10*24*time.Hour)))
			}
			objects = append(objects, fixtures.RCA(name+"-rca", name, rcaOpts...))
			for a := 0; a < cfg.actionsPerInc; a++ {
				due := now.Add(time.Duration(200+(i+a)%100) * 24 * time.Hour).Truncate(time.Second)
				opts := []fixtures.Option[v1alpha1.ImprovementAction]{fixtures.InNamespace[v1alpha1.ImprovementAction](ns), func(x *v1alpha1.ImprovementAction) {
					x.Spec.Area, x.Spec.Priority = areas[(i+a)%len(areas)], priorities[a%len(priorities)]
				}}
				switch a % 4 {
				case 0:
					opts = append(opts, fixtures.Done(detected.Add(24*time.Hour)))
				case 1:
					opts = append(opts, fixtures.InProgress())
				}
				objects = append(objects, fixtures.Action(fmt.Sprintf("%s-action-%02d", name, a), name, due, opts...))
			}
		}
		objects = append(objects, annualCycle(ns, now)...)
		objects = append(objects, &v1alpha1.LessonsReport{
			ObjectMeta: metav1.ObjectMeta{Name: "financial-year", Namespace: ns},
			Spec: v1alpha1.LessonsReportSpec{Period: v1alpha1.ReportPeriod{
				From: metav1.NewTime(now.Add(-365 * 24 * time.Hour).Truncate(time.Second)),
				To:   fixtures.Time(now.Add(24 * time.Hour).Truncate(time.Second)),
			}},
		})
	}
	return objects, parallel(len(objects), 16, func(i int) error { return c.Create(ctx, objects[i]) })
}

// annualCycle is a namespace's process reviews: a workshop held a hundred
// days ago that raised two actions, one done, and next year's, planned.
func annualCycle(ns string, now time.Time) []client.Object {
	held := now.Add(-100 * 24 * time.Hour)
	in := fixtures.InNamespace[v1alpha1.ImprovementAction](ns)
	return []client.Object{
		fixtures.ProcessReview("workshop", held, fixtures.InNamespace[v1alpha1.ProcessReview](ns)),
		fixtures.ProcessReview("next-workshop", now.Add(265*24*time.Hour), fixtures.InNamespace[v1alpha1.ProcessReview](ns)),
		fixtures.Action("workshop-smartcards", "", held.Add(60*24*time.Hour).Truncate(time.Second), in, fixtures.RaisedBy("workshop"), fixtures.Done(held.Add(30*24*time.Hour))),
		fixtures.Action("workshop-leavers", "", now.Add(250*24*time.Hour).Truncate(time.Second), in, fixtures.RaisedBy("workshop"), func(a *v1alpha1.ImprovementAction) {
			a.Spec.Priority = v1alpha1.PriorityLow
		}),
	}
}

// parallel runs fn for 0..n-1 on the given number of workers and returns
// the first error.
func parallel(n, workers int, fn func(i int) error) error {
	var wg sync.WaitGroup
	var once sync.Once
	var first error
	next := make(chan int)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if err := fn(i); err != nil {
					once.Do(func() { first = err })
				}
			}
		}()
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
	return first
}
