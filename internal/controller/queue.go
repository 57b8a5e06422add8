package controller

import (
	"slices"
	"sync"
	"time"

	"k8s.io/client-go/util/workqueue"
	"k8s.io/utils/clock"
	"sigs.k8s.io/controller-runtime/pkg/reconcile"
)

// newQueue makes a controller's work queue: client-go's rate-limiting
// queue on the injected clock, so a RequeueAfter for a deadline fires when
// the (possibly fake) clock reaches it, and handing out first the requests
// whose RequeueAfter has passed. A passing deadline is then announced on
// time even while a burst of changes waits, such as a sync that applies
// hundreds of reviews. (After a restart, no object has asked for a
// deadline until its first reconcile, so that first pass stays in order.)
// Every RequeueAfter counts, the organisation-wide report's coalescing
// window too: a recompute that has waited its window goes next.
func newQueue(c clock.WithTicker) func(string, workqueue.TypedRateLimiter[reconcile.Request]) workqueue.TypedRateLimitingInterface[reconcile.Request] {
	return func(name string, limiter workqueue.TypedRateLimiter[reconcile.Request]) workqueue.TypedRateLimitingInterface[reconcile.Request] {
		lanes := &deadlineLanes{clock: c, due: map[reconcile.Request]int64{}}
		q := workqueue.NewTypedRateLimitingQueueWithConfig(limiter, workqueue.TypedRateLimitingQueueConfig[reconcile.Request]{
			Name:  name,
			Clock: c,
			DelayingQueue: workqueue.NewTypedDelayingQueueWithConfig(workqueue.TypedDelayingQueueConfig[reconcile.Request]{
				Name:  name,
				Clock: c,
				Queue: workqueue.NewTypedWithConfig(workqueue.TypedQueueConfig[reconcile.Request]{
					Name:  name,
					Clock: c,
					Queue: lanes,
				}),
			}),
		})
		return &deadlinesFirst{TypedRateLimitingInterface: q, lanes: lanes}
	}
}

// deadlinesFirst notes each deadline a reconciler asks to be called back at
// (RequeueAfter), so that the request goes to the front when it passes. A
// retry after an error (AddRateLimited) waits its turn as before.
type deadlinesFirst struct {
	workqueue.TypedRateLimitingInterface[reconcile.Request]
	lanes *deadlineLanes
}

func (q *deadlinesFirst) AddAfter(item reconcile.Request, d time.Duration) {
	q.lanes.expect(item, q.lanes.clock.Now().Add(d))
	q.TypedRateLimitingInterface.AddAfter(item, d)
}

// deadlineLanes is the queue's storage: two first-in, first-out lanes, the
// requests whose deadline has passed ahead of the rest. The queue calls
// Push, Touch, Len and Pop under its own lock; due is also written by
// AddAfter, hence its mutex.
type deadlineLanes struct {
	clock       clock.PassiveClock
	first, rest []reconcile.Request

	mu  sync.Mutex
	due map[reconcile.Request]int64 // the earliest deadline each request waits for, in Unix nanoseconds
}

// expect notes that item is due at the given time; the delaying queue
// keeps only the earliest time for an item, and so does this.
func (l *deadlineLanes) expect(item reconcile.Request, at time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if cur, ok := l.due[item]; !ok || at.UnixNano() < cur {
		l.due[item] = at.UnixNano()
	}
}

// passed tells whether item's deadline has passed, and forgets it if so:
// a later request for item is an ordinary one, until it is expected again.
func (l *deadlineLanes) passed(item reconcile.Request) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	at, ok := l.due[item]
	if !ok || l.clock.Now().UnixNano() < at {
		return false
	}
	delete(l.due, item)
	return true
}

// Push queues item in the lane its deadline says.
func (l *deadlineLanes) Push(item reconcile.Request) {
	if l.passed(item) {
		l.first = append(l.first, item)
		return
	}
	l.rest = append(l.rest, item)
}

// Touch is called when item, already waiting, is added again: if its
// deadline has now passed, it moves to the front lane.
func (l *deadlineLanes) Touch(item reconcile.Request) {
	if !l.passed(item) {
		return
	}
	if i := slices.Index(l.rest, item); i >= 0 {
		l.rest = slices.Delete(l.rest, i, i+1)
		l.first = append(l.first, item)
	}
}

func (l *deadlineLanes) Len() int { return len(l.first) + len(l.rest) }

// Pop hands out the oldest request of the front lane, else of the rest.
func (l *deadlineLanes) Pop() reconcile.Request {
	if len(l.first) > 0 {
		return pop(&l.first)
	}
	return pop(&l.rest)
}

// pop takes the first item of a lane, clearing its slot so the request's
// strings can be collected.
func pop(lane *[]reconcile.Request) reconcile.Request {
	item := (*lane)[0]
	(*lane)[0] = reconcile.Request{}
	*lane = (*lane)[1:]
	return item
}
