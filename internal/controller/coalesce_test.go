package controller

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/util/workqueue"
	clocktesting "k8s.io/utils/clock/testing"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/client/fake"
	"sigs.k8s.io/controller-runtime/pkg/event"
	"sigs.k8s.io/controller-runtime/pkg/reconcile"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

// reportsOfWards is a reconciler over a cluster where the namespace wards
// has a one-namespace report, and information-governance an
// organisation-wide report selecting wards and another selecting nothing
// there.
func reportsOfWards(t *testing.T) *reportReconciler {
	t.Helper()
	report := func(ns, name string, selector *metav1.LabelSelector) *v1alpha1.LessonsReport {
		return &v1alpha1.LessonsReport{ObjectMeta: metav1.ObjectMeta{Namespace: ns, Name: name}, Spec: v1alpha1.LessonsReportSpec{NamespaceSelector: selector}}
	}
	c := fake.NewClientBuilder().WithScheme(testenv.Scheme).
		WithIndex(&v1alpha1.LessonsReport{}, OrganisationWideIndex, indexOrganisationWide).
		WithObjects(
			&corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: "wards", Labels: map[string]string{"org": "northshire"}}},
			report("wards", "own", nil),
			report("information-governance", "organisation", &metav1.LabelSelector{MatchLabels: map[string]string{"org": "northshire"}}),
			report("information-governance", "elsewhere", &metav1.LabelSelector{MatchLabels: map[string]string{"org": "southshire"}}),
		).Build()
	return &reportReconciler{Client: c}
}

// queued drains the requests ready in the queue, sorted by name.
func queued(q workqueue.TypedRateLimitingInterface[reconcile.Request]) []string {
	var names []string
	for q.Len() > 0 {
		req, _ := q.Get()
		names = append(names, req.Name)
		q.Done(req)
		q.Forget(req)
	}
	slices.Sort(names)
	return names
}

func TestOrganisationReportsWaitForTheWindow(t *testing.T) {
	ctx := context.Background()
	clock := clocktesting.NewFakeClock(time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC))
	q := workqueue.NewTypedRateLimitingQueueWithConfig(workqueue.DefaultTypedControllerRateLimiter[reconcile.Request](),
		workqueue.TypedRateLimitingQueueConfig[reconcile.Request]{Clock: clock})
	defer q.ShutDown()
	h := reportsOfWards(t).reportsOf(10 * time.Second)
	change := func() {
		inc := &v1alpha1.Incident{ObjectMeta: metav1.ObjectMeta{Namespace: "wards", Name: "lost-laptop"}}
		h.Create(ctx, event.TypedCreateEvent[client.Object]{Object: inc}, q)
	}

	change()
	if got := queued(q); !slices.Equal(got, []string{"own"}) {
		t.Fatalf("at once: %q, want the namespace's own report only", got)
	}
	clock.Step(5 * time.Second)
	change() // within the window: folded into the recompute already waiting
	// The delaying queue takes the request in on another goroutine: let it
	// before the clock moves on, as real time would.
	time.Sleep(100 * time.Millisecond)
	if got := queued(q); !slices.Equal(got, []string{"own"}) {
		t.Fatalf("5s later: %q, want the namespace's own report only", got)
	}
	clock.Step(5 * time.Second)
	// The delaying queue moves a ready item from another goroutine.
	deadline := time.Now().Add(5 * time.Second)
	for q.Len() == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if got := queued(q); !slices.Equal(got, []string{"organisation"}) {
		t.Fatalf("after the window: %q, want the organisation-wide report selecting wards, once", got)
	}
	clock.Step(time.Minute)
	time.Sleep(50 * time.Millisecond)
	if got := queued(q); len(got) != 0 {
		t.Errorf("later: %q, want nothing more", got)
	}
}

func TestWithoutAWindowEveryReportIsQueuedAtOnce(t *testing.T) {
	q := workqueue.NewTypedRateLimitingQueue(workqueue.DefaultTypedControllerRateLimiter[reconcile.Request]())
	defer q.ShutDown()
	h := reportsOfWards(t).reportsOf(0)
	h.Delete(context.Background(), event.TypedDeleteEvent[client.Object]{Object: &v1alpha1.ImprovementAction{ObjectMeta: metav1.ObjectMeta{Namespace: "wards", Name: "a1"}}}, q)
	if got := queued(q); !slices.Equal(got, []string{"organisation", "own"}) {
		t.Errorf("queued %q, want the own and the organisation-wide report", got)
	}
}

func TestOrganisationRequeueIsNoSoonerThanTheWindow(t *testing.T) {
	for _, c := range []struct{ after, window, want time.Duration }{
		{0, 10 * time.Second, 0}, // no deadline ahead: no requeue
		{time.Second, 10 * time.Second, 10 * time.Second},
		{time.Hour, 10 * time.Second, time.Hour},
		{time.Second, 0, time.Second},
	} {
		if got := atLeast(c.after, c.window); got != c.want {
			t.Errorf("atLeast(%s, %s) = %s, want %s", c.after, c.window, got, c.want)
		}
	}
}

func TestAnOrganisationReportIgnoresItsOwnStatusWrites(t *testing.T) {
	orgWide := &metav1.LabelSelector{}
	for _, c := range []struct {
		name                     string
		selector                 *metav1.LabelSelector
		generationChanged, wants bool
	}{
		{"one namespace, status written: as before", nil, false, true},
		{"organisation-wide, status written", orgWide, false, false},
		{"organisation-wide, spec changed", orgWide, true, true},
	} {
		old := &v1alpha1.LessonsReport{ObjectMeta: metav1.ObjectMeta{Generation: 1}, Spec: v1alpha1.LessonsReportSpec{NamespaceSelector: c.selector}}
		updated := old.DeepCopy()
		updated.Status.Namespaces = 3
		if c.generationChanged {
			updated.Generation++
		}
		if got := ownStatusIgnored(time.Second).Update(event.UpdateEvent{ObjectOld: old, ObjectNew: updated}); got != c.wants {
			t.Errorf("%s: passes %v, want %v", c.name, got, c.wants)
		}
		// Without a window, a stale write waits for the newer version's
		// event, so none is dropped.
		if !ownStatusIgnored(0).Update(event.UpdateEvent{ObjectOld: old, ObjectNew: updated}) {
			t.Errorf("%s: dropped without a window", c.name)
		}
	}
}

func TestAStaleOrganisationReportWriteIsRetriedByTheWindowOrByTheEvent(t *testing.T) {
	conflict := apierrors.NewConflict(schema.GroupResource{Group: v1alpha1.GroupVersion.Group, Resource: "lessonsreports"}, "organisation", errors.New("the object has been modified"))
	refused := errors.New("connection refused")
	for _, c := range []struct {
		name    string
		err     error
		window  time.Duration
		want    time.Duration
		wantErr bool
	}{
		{"conflict, coalesced: after the window, its own status event being dropped", conflict, 10 * time.Second, 10 * time.Second, false},
		{"conflict, no window: the newer version's event recomputes it", conflict, 0, 0, false},
		{"another failure: retried as an error", refused, 10 * time.Second, 0, true},
	} {
		res, err := staleWriteRetried(context.Background(), c.err, c.window)
		if res.RequeueAfter != c.want || (err != nil) != c.wantErr {
			t.Errorf("%s: requeue after %v, error %v; want %v, error %v", c.name, res.RequeueAfter, err, c.want, c.wantErr)
		}
	}
}
