package controller

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/fnv"
	"strings"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	eventsv1 "k8s.io/api/events/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	ctrl "sigs.k8s.io/controller-runtime"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
)

// The events.k8s.io fields every event of the operator carries.
const (
	eventAction     = "Review"
	eventController = "lessons.dspt.io/lessons-operator"
)

// EventTTL is how long the API server keeps an event (its --event-ttl,
// an hour by default). A recorded announcement older than that needs no
// event: the API server would have removed it anyway.
const EventTTL = time.Hour

// Announcer turns the announcements recorded in an object's status into
// events, exactly once each. An event's name is derived from its record,
// so creating it again is harmless (the API server answers that it
// exists): after a crash between the status write and the event, the next
// reconcile, in this process or in a new leader, records the missing event
// under the same name, and never a second one.
type Announcer struct {
	// Client creates events.k8s.io/v1 Events.
	Client client.Client
	// Instance names this manager replica in the events (its pod).
	Instance string
	// Reader, when set, lists the events that exist before the first
	// delivery (see recall); the manager's uncached API reader.
	Reader client.Reader

	recalled  sync.Once
	mu        sync.Mutex
	delivered map[string]time.Time // event names known to exist, by their announcement (or creation) time
}

// Deliver makes sure every announcement recorded on obj within EventTTL of
// now exists as an event, and as one on its parent (the incident, or the
// process review that raised an action; nil when there is none or it does
// not resolve) where it says so. The
// missing events are created at once, not one after another: an action
// falling overdue is announced on itself and on its incident together,
// so a burst of deadlines is announced at the pace of the API server
// rather than of one request at a time.
func (a *Announcer) Deliver(ctx context.Context, obj client.Object, parent client.Object, record []v1alpha1.Announcement, now time.Time) error {
	var missing []*eventsv1.Event
	for _, r := range record {
		if now.Sub(r.At.Time) > EventTTL {
			continue
		}
		missing = a.appendMissing(ctx, missing, a.event(obj, nil, r), now)
		if r.Incident != "" && parent != nil && parent.GetName() == r.Incident {
			missing = a.appendMissing(ctx, missing, a.event(parent, obj, r), now)
		}
	}
	if len(missing) == 1 {
		return a.create(ctx, missing[0], now)
	}
	errs := make([]error, len(missing))
	var wg sync.WaitGroup
	for i, ev := range missing {
		wg.Go(func() { errs[i] = a.create(ctx, ev, now) })
	}
	wg.Wait()
	return errors.Join(errs...)
}

// appendMissing appends ev to events unless it is known to exist.
func (a *Announcer) appendMissing(ctx context.Context, events []*eventsv1.Event, ev *eventsv1.Event, now time.Time) []*eventsv1.Event {
	if a.known(ctx, ev.Name, now) {
		return events
	}
	return append(events, ev)
}

// ReportUnreadable records a Warning event, once per version of obj, that
// it cannot be read and is left out, and logs it.
func (a *Announcer) ReportUnreadable(ctx context.Context, obj client.Object, why string, now time.Time) error {
	r := v1alpha1.Announcement{Reason: v1alpha1.EventObjectUnreadable, At: metav1.NewTime(now),
		Message: statuskit.Clip(fmt.Sprintf("%s %s cannot be read and is left out of every review until it is corrected: %s", kindOf(obj), obj.GetName(), why), statuskit.MessageLimit)}
	ev := a.event(obj, nil, r)
	ev.Name = eventName(obj.GetName(), string(obj.GetUID())+"/"+obj.GetResourceVersion()+"/unreadable")
	if a.known(ctx, ev.Name, now) {
		return nil
	}
	ctrl.LoggerFrom(ctx).Error(errors.New(why), "object cannot be read; left out until it is corrected", "kind", kindOf(obj))
	return a.create(ctx, ev, now)
}

// create creates an event; one that exists already is as good.
func (a *Announcer) create(ctx context.Context, ev *eventsv1.Event, now time.Time) error {
	if err := a.Client.Create(ctx, ev); err != nil && !apierrors.IsAlreadyExists(err) {
		return fmt.Errorf("recording event %s %s on %s %s: %w", ev.Reason, ev.Name, ev.Regarding.Kind, ev.Regarding.Name, err)
	}
	a.remember(ev.Name, ev.EventTime.Time, now)
	return nil
}

// event builds the event of record r about regarding; related, when set,
// is the analysis or action the announcement came from.
func (a *Announcer) event(regarding, related client.Object, r v1alpha1.Announcement) *eventsv1.Event {
	eventType := corev1.EventTypeNormal
	if r.Reason.IsWarning() {
		eventType = corev1.EventTypeWarning
	}
	note := r.Message
	source := regarding
	if related != nil {
		note = fmt.Sprintf("%s %s: %s", kindOf(related), related.GetName(), r.Message)
		source = related
	}
	ev := &eventsv1.Event{
		ObjectMeta: metav1.ObjectMeta{
			Name:      eventName(regarding.GetName(), fmt.Sprintf("%s\x00%s\x00%s\x00%s\x00%t", source.GetUID(), r.Reason, r.At.UTC().Format(time.RFC3339), r.Message, related != nil)),
			Namespace: regarding.GetNamespace(),
		},
		EventTime:           metav1.NewMicroTime(r.At.Time),
		ReportingController: eventController,
		ReportingInstance:   a.Instance,
		Action:              eventAction,
		Reason:              string(r.Reason),
		Regarding:           reference(regarding),
		Note:                statuskit.Clip(note, 1024),
		Type:                eventType,
	}
	if related != nil {
		ref := reference(related)
		ev.Related = &ref
	}
	return ev
}

// eventName names the event with the given identity on an object: for an
// announcement, the source object's uid (so a deleted and recreated object
// starts afresh), the record and whether it is the incident's copy.
func eventName(regardingName, identity string) string {
	h := fnv.New64a()
	h.Write([]byte(identity))
	suffix := "." + hex.EncodeToString(h.Sum(nil))
	// An event's name, like any object's, is at most 253 characters.
	if len(regardingName)+len(suffix) > 253 {
		regardingName = strings.TrimRight(regardingName[:253-len(suffix)], ".-")
	}
	return regardingName + suffix
}

// known tells whether the named event is known to exist; the first call
// recalls the events that exist.
func (a *Announcer) known(ctx context.Context, name string, now time.Time) bool {
	a.recall(ctx, now)
	a.mu.Lock()
	defer a.mu.Unlock()
	_, ok := a.delivered[name]
	return ok
}

// remember notes that an event exists; names older than EventTTL are
// forgotten as new ones come, so the memory stays bounded.
func (a *Announcer) remember(name string, at, now time.Time) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.delivered == nil {
		a.delivered = map[string]time.Time{}
	}
	a.delivered[name] = at
	if len(a.delivered)%1024 == 0 {
		for n, t := range a.delivered {
			if now.Sub(t) > EventTTL {
				delete(a.delivered, n)
			}
		}
	}
}

func reference(obj client.Object) corev1.ObjectReference {
	return corev1.ObjectReference{
		APIVersion: v1alpha1.GroupVersion.String(),
		Kind:       kindOf(obj),
		Namespace:  obj.GetNamespace(),
		Name:       obj.GetName(),
		UID:        obj.GetUID(),
	}
}

// kindOf names the kind of a typed object, whose TypeMeta the cache leaves empty.
func kindOf(obj client.Object) string {
	switch obj.(type) {
	case *v1alpha1.RootCauseAnalysis:
		return "RootCauseAnalysis"
	case *v1alpha1.ImprovementAction:
		return "ImprovementAction"
	case *v1alpha1.Incident:
		return "Incident"
	case *v1alpha1.LessonsReport:
		return "LessonsReport"
	case *v1alpha1.ProcessReview:
		return "ProcessReview"
	}
	return obj.GetObjectKind().GroupVersionKind().Kind
}
