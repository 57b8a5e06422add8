package controller

import (
	"fmt"
	"testing"
	"time"

	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/util/workqueue"
	clocktesting "k8s.io/utils/clock/testing"
	"sigs.k8s.io/controller-runtime/pkg/reconcile"
)

func req(name string) reconcile.Request {
	return reconcile.Request{NamespacedName: types.NamespacedName{Namespace: "wards", Name: name}}
}

// testQueue is a controller's queue on a fake clock, with no backoff on
// retries beyond a millisecond.
func testQueue(t *testing.T) (workqueue.TypedRateLimitingInterface[reconcile.Request], *clocktesting.FakeClock) {
	t.Helper()
	clk := clocktesting.NewFakeClock(time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC))
	q := newQueue(clk)(fmt.Sprintf("test-%s", t.Name()), workqueue.NewTypedItemExponentialFailureRateLimiter[reconcile.Request](time.Millisecond, time.Millisecond))
	t.Cleanup(q.ShutDown)
	return q, clk
}

// untilLen waits for the queue's delaying goroutine to add what the clock
// made ready.
func untilLen(t *testing.T, q workqueue.TypedRateLimitingInterface[reconcile.Request], n int) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); q.Len() != n; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the queue holds %d requests, want %d", q.Len(), n)
		}
	}
}

// handedOut takes n requests from the queue, marking each done.
func handedOut(q workqueue.TypedRateLimitingInterface[reconcile.Request], n int) []string {
	var names []string
	for range n {
		item, _ := q.Get()
		names = append(names, item.Name)
		q.Done(item)
	}
	return names
}

func TestQueueHandsOutPassedDeadlinesFirst(t *testing.T) {
	for _, c := range []struct {
		name string
		// fill queues requests and moves the clock; want is the order
		// in which the queue then hands them out.
		fill func(q workqueue.TypedRateLimitingInterface[reconcile.Request], clk *clocktesting.FakeClock)
		want []string
	}{{
		name: "a deadline that passes behind a burst of changes goes first",
		fill: func(q workqueue.TypedRateLimitingInterface[reconcile.Request], clk *clocktesting.FakeClock) {
			q.AddAfter(req("overdue"), time.Minute)
			for _, n := range []string{"a", "b", "c"} {
				q.Add(req(n))
			}
			clk.Step(time.Minute)
		},
		want: []string{"overdue", "a", "b", "c"},
	}, {
		name: "a request already waiting moves to the front when its deadline passes",
		fill: func(q workqueue.TypedRateLimitingInterface[reconcile.Request], clk *clocktesting.FakeClock) {
			q.Add(req("a"))
			q.Add(req("overdue"))
			q.Add(req("b"))
			q.AddAfter(req("overdue"), time.Minute)
			// Once later is queued, overdue's deadline has fired.
			q.AddAfter(req("later"), time.Minute+time.Nanosecond)
			clk.Step(time.Minute + time.Nanosecond)
		},
		want: []string{"overdue", "later", "a", "b"},
	}, {
		name: "deadlines that pass go first in the order they passed",
		fill: func(q workqueue.TypedRateLimitingInterface[reconcile.Request], clk *clocktesting.FakeClock) {
			q.Add(req("a"))
			q.AddAfter(req("second"), 2*time.Minute)
			q.AddAfter(req("first"), time.Minute)
			clk.Step(time.Minute)
			untilLen(t, q, 2)
			clk.Step(time.Minute)
		},
		want: []string{"first", "second", "a"},
	}, {
		name: "a change before the deadline waits its turn",
		fill: func(q workqueue.TypedRateLimitingInterface[reconcile.Request], _ *clocktesting.FakeClock) {
			q.AddAfter(req("later"), time.Hour)
			q.Add(req("a"))
			q.Add(req("later"))
		},
		want: []string{"a", "later"},
	}, {
		name: "a retry after an error waits its turn",
		fill: func(q workqueue.TypedRateLimitingInterface[reconcile.Request], clk *clocktesting.FakeClock) {
			q.Add(req("a"))
			q.AddRateLimited(req("failed"))
			clk.Step(time.Millisecond)
			untilLen(t, q, 2)
			q.Add(req("b"))
		},
		want: []string{"a", "failed", "b"},
	}} {
		t.Run(c.name, func(t *testing.T) {
			q, clk := testQueue(t)
			c.fill(q, clk)
			untilLen(t, q, len(c.want))
			if got := handedOut(q, len(c.want)); fmt.Sprint(got) != fmt.Sprint(c.want) {
				t.Errorf("handed out %v, want %v", got, c.want)
			}
		})
	}
}

// TestQueueForgetsAPassedDeadline checks that once a deadline has brought
// its request to the front, the request's next ordinary change does not
// jump the queue, and its next deadline does.
func TestQueueForgetsAPassedDeadline(t *testing.T) {
	q, clk := testQueue(t)
	q.AddAfter(req("x"), time.Minute)
	clk.Step(time.Minute)
	untilLen(t, q, 1)
	handedOut(q, 1)

	q.Add(req("a"))
	q.Add(req("x"))
	if got := handedOut(q, 2); fmt.Sprint(got) != "[a x]" {
		t.Errorf("after its deadline passed, an ordinary change to x was handed out as %v, want [a x]", got)
	}

	q.Add(req("a"))
	q.AddAfter(req("x"), time.Minute)
	clk.Step(time.Minute)
	untilLen(t, q, 2)
	if got := handedOut(q, 2); fmt.Sprint(got) != "[x a]" {
		t.Errorf("x's next deadline was handed out as %v, want [x a]", got)
	}
}

// TestQueueDeadlineWhileProcessing checks that a deadline passing while its
// request is being reconciled brings it back to the front once that
// reconcile is done.
func TestQueueDeadlineWhileProcessing(t *testing.T) {
	q, clk := testQueue(t)
	q.Add(req("x"))
	x, _ := q.Get()
	q.Add(req("a"))
	q.AddAfter(req("x"), time.Minute)
	// y falls due just after x: once y is queued, x's deadline has fired.
	q.AddAfter(req("y"), time.Minute+time.Nanosecond)
	clk.Step(time.Minute + time.Nanosecond)
	untilLen(t, q, 2)
	q.Done(x)
	untilLen(t, q, 3)
	if got := handedOut(q, 3); fmt.Sprint(got) != "[y x a]" {
		t.Errorf("handed out %v, want [y x a]", got)
	}
}
