package main

import (
	"context"
	"fmt"
	"time"

	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/controller-runtime/pkg/cache"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

// watcher follows every review object through a watch, as a user's
// dashboard would, so both the raw baseline and the operator are timed the
// same way: until the watch shows every object's new status. Polling with
// lists instead would load the API server with tens of megabytes a second
// and slow whatever it measures.
type watcher struct {
	cache  cache.Cache
	cancel context.CancelFunc
}

func startWatcher(env *testenv.Env) (*watcher, error) {
	c, err := cache.New(env.Config, cache.Options{Scheme: testenv.Scheme, DefaultTransform: cache.TransformStripManagedFields()})
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	w := &watcher{cache: c, cancel: cancel}
	for _, kind := range []client.Object{&v1alpha1.Incident{}, &v1alpha1.RootCauseAnalysis{}, &v1alpha1.ImprovementAction{}, &v1alpha1.LessonsReport{}, &v1alpha1.ProcessReview{}} {
		if _, err := c.GetInformer(ctx, kind); err != nil {
			cancel()
			return nil, err
		}
	}
	go func() { _ = c.Start(ctx) }()
	if !c.WaitForCacheSync(ctx) {
		cancel()
		return nil, fmt.Errorf("the watcher's cache did not sync")
	}
	return w, nil
}

func (w *watcher) stop() { w.cancel() }

// statusTest says whether one object's status is the one waited for.
type statusTest func(generation, observed int64, conds []metav1.Condition) bool

// converged: the operator has seen this generation and settled Ready.
func converged(generation, observed int64, conds []metav1.Condition) bool {
	ready := meta.FindStatusCondition(conds, string(v1alpha1.ConditionReady))
	return observed == generation && ready != nil && ready.Status != metav1.ConditionUnknown
}

// waitFor waits until want objects pass test and returns when the first and
// the last of them did, measured from start.
func (w *watcher) waitFor(ctx context.Context, test statusTest, want int, start time.Time, timeout time.Duration) (first, last time.Duration, err error) {
	deadline := start.Add(timeout)
	for {
		n, err := w.count(ctx, test)
		if err != nil {
			return 0, 0, err
		}
		if n > 0 && first == 0 {
			first = time.Since(start)
		}
		if n >= want {
			return first, time.Since(start), nil
		}
		if time.Now().After(deadline) {
			return 0, 0, fmt.Errorf("only %d of %d objects reached the status waited for in %s", n, want, timeout)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// count reads the watched objects in memory; nothing goes to the API server.
func (w *watcher) count(ctx context.Context, test statusTest) (int, error) {
	n := 0
	for _, l := range []client.ObjectList{&v1alpha1.IncidentList{}, &v1alpha1.RootCauseAnalysisList{}, &v1alpha1.ImprovementActionList{}, &v1alpha1.LessonsReportList{}, &v1alpha1.ProcessReviewList{}} {
		if err := w.cache.List(ctx, l, client.UnsafeDisableDeepCopy); err != nil {
			return 0, err
		}
		err := meta.EachListItem(l, func(o runtime.Object) error {
			obj := o.(client.Object)
			observed, conds := statusOf(obj)
			if test(obj.GetGeneration(), *observed, *conds) {
				n++
			}
			return nil
		})
		if err != nil {
			return 0, err
		}
	}
	return n, nil
}
