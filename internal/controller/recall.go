package controller

import (
	"context"
	"time"

	eventsv1 "k8s.io/api/events/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/clock"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"
)

// recallPage is how many events one request of the recall lists.
const recallPage = 500

// recall learns, once per Announcer, which events exist already, so that a
// new leader does not create again every event of the last hour that its
// predecessor recorded: one request each, which the API server refuses as
// existing, for every announcement still within EventTTL, across every
// review. Listing the events' names instead takes one request per
// recallPage events. Reconciles wait for the recall, so none creates an
// event it is about to learn of. When the list is refused (a role without
// it) or fails, each event is created again as before: an existing one is
// as good, so only the requests are lost.
func (a *Announcer) recall(ctx context.Context, now time.Time) {
	a.recalled.Do(func() {
		if a.Reader == nil {
			return
		}
		n, err := a.listExisting(ctx, now)
		log := ctrl.LoggerFrom(ctx)
		if err != nil {
			log.Info("could not list the events that exist; each announcement of the last hour is recorded again instead", "error", err.Error())
			return
		}
		log.V(1).Info("recalled the events that exist", "events", n)
	})
}

// listExisting remembers the names of every event in the cluster, by
// their metadata only: the names of the operator's events are derived
// from their announcements, so a name tells that one exists.
func (a *Announcer) listExisting(ctx context.Context, now time.Time) (int, error) {
	list := &metav1.PartialObjectMetadataList{}
	list.SetGroupVersionKind(eventsv1.SchemeGroupVersion.WithKind("EventList"))
	opts := &client.ListOptions{Limit: recallPage}
	n := 0
	for {
		if err := a.Reader.List(ctx, list, opts); err != nil {
			return n, err
		}
		for i := range list.Items {
			a.remember(list.Items[i].Name, list.Items[i].CreationTimestamp.Time, now)
		}
		n += len(list.Items)
		if opts.Continue = list.Continue; opts.Continue == "" {
			return n, nil
		}
	}
}

// recallOnStart recalls the events that exist as the process starts,
// leader or not. A standby that takes over has then already learned them
// and announces the deadlines it missed at once, instead of first listing
// every event in the cluster (seconds at 100,000 reviews). Events its
// predecessor records after that are unknown to it; creating one of them
// again is refused as existing, which costs a request and records nothing
// twice.
type recallOnStart struct {
	announcer *Announcer
	clock     clock.PassiveClock
}

func (r recallOnStart) Start(ctx context.Context) error {
	r.announcer.recall(ctx, r.clock.Now())
	return nil
}

// NeedLeaderElection is false: a standby recalls too.
func (recallOnStart) NeedLeaderElection() bool { return false }
