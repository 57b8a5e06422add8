package leaderlease

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	coordinationv1 "k8s.io/api/coordination/v1"
	corev1 "k8s.io/api/core/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/watch"
	coordinationv1client "k8s.io/client-go/kubernetes/typed/coordination/v1"
	"k8s.io/client-go/tools/leaderelection/resourcelock"
	"k8s.io/utils/clock"
	"k8s.io/utils/ptr"
	"sigs.k8s.io/controller-runtime/pkg/log"
)

// watchRetryPause is how long a standby waits before watching the Lease
// again after the API server refused or broke off a watch.
const watchRetryPause = time.Second

// Config names the Lease a Lock guards and how it reaches it.
type Config struct {
	// Namespace and Name of the Lease.
	Namespace, Name string
	// Identity is this replica's, unique to the process.
	Identity string
	// Client reads and writes the Lease for the elector. Give it a request
	// timeout below the renew deadline, so one hung request cannot cost the
	// leader its Lease.
	Client coordinationv1client.LeasesGetter
	// Watcher watches the Lease while another replica holds it. Give it no
	// request timeout: a watch lasts until the Lease changes hands or
	// expires.
	Watcher coordinationv1client.LeasesGetter
	// Clock judges expiry.
	Clock clock.Clock
}

// Lock is a Lease lock, as client-go's, whose standby answers as soon as
// the Lease changes hands or expires (see the package documentation). The
// elector calls it from one goroutine at a time, as client-go's does.
type Lock struct {
	meta    metav1.ObjectMeta
	client  coordinationv1client.LeasesGetter
	watcher coordinationv1client.LeasesGetter
	clock   clock.Clock
	// identity is this replica's.
	identity string
	// Events, when set, records the elector's transitions as events on the
	// Lease.
	Events resourcelock.EventRecorder

	// lease is the Lease as last read or written: a write carries its
	// version.
	lease *coordinationv1.Lease
	// seen is the Lease's spec as this replica last saw it change, seenAt
	// when, and seenFor the lease duration it gives.
	seen    *coordinationv1.LeaseSpec
	seenAt  time.Time
	seenFor time.Duration
	// warned is set once a failed watch has been logged.
	warned bool
}

var _ resourcelock.Interface = &Lock{}

// New returns the Lock that cfg describes.
func New(cfg Config) *Lock {
	return &Lock{
		meta:     metav1.ObjectMeta{Namespace: cfg.Namespace, Name: cfg.Name},
		client:   cfg.Client,
		watcher:  cfg.Watcher,
		clock:    cfg.Clock,
		identity: cfg.Identity,
	}
}

// Get returns the Lease's record. While another replica holds the Lease it
// returns only once the holder has changed or the Lease has expired; an
// expired record comes back held by no one, so the elector takes it.
func (l *Lock) Get(ctx context.Context) (*resourcelock.LeaderElectionRecord, []byte, error) {
	record, err := l.read(ctx)
	if err != nil {
		return nil, nil, err
	}
	if l.heldByAnother(record) {
		l.see(&l.lease.Spec)
		if err := l.awaitHandoverOrExpiry(ctx, record.HolderIdentity); err != nil {
			return nil, nil, err
		}
		// Read again, so that the elector's write carries the Lease's
		// current version, and so that a renewal the watch has not yet
		// delivered counts.
		if record, err = l.read(ctx); err != nil {
			return nil, nil, err
		}
		if l.heldByAnother(record) && !l.see(&l.lease.Spec) && l.untilExpiry() <= 0 {
			record.HolderIdentity = ""
		}
	}
	raw, err := json.Marshal(*record)
	if err != nil {
		return nil, nil, err
	}
	return record, raw, nil
}

// Create creates the Lease held as ler says.
func (l *Lock) Create(ctx context.Context, ler resourcelock.LeaderElectionRecord) error {
	lease := &coordinationv1.Lease{ObjectMeta: l.meta, Spec: resourcelock.LeaderElectionRecordToLeaseSpec(&ler)}
	created, err := l.client.Leases(l.meta.Namespace).Create(ctx, lease, metav1.CreateOptions{})
	if err != nil {
		return err
	}
	l.lease = created
	return nil
}

// Update writes ler to the Lease as last read, so a write made since fails.
// Holding the Lease, it writes the time of writing as the renewal, and as
// the acquisition when it takes the Lease over: the elector stamps its
// record before Get, which may have waited out the last holder's lease.
func (l *Lock) Update(ctx context.Context, ler resourcelock.LeaderElectionRecord) error {
	if l.lease == nil {
		return errors.New("the Lease is written before it has been read or created")
	}
	lease := l.lease.DeepCopy()
	lease.Spec = resourcelock.LeaderElectionRecordToLeaseSpec(&ler)
	if ler.HolderIdentity == l.identity {
		now := metav1.NewMicroTime(l.clock.Now())
		lease.Spec.RenewTime, lease.Spec.AcquireTime = &now, &now
		if ptr.Deref(l.lease.Spec.HolderIdentity, "") == l.identity && l.lease.Spec.AcquireTime != nil {
			lease.Spec.AcquireTime = l.lease.Spec.AcquireTime
		}
	}
	updated, err := l.client.Leases(l.meta.Namespace).Update(ctx, lease, metav1.UpdateOptions{})
	if err != nil {
		return err
	}
	l.lease = updated
	return nil
}

// RecordEvent records an elector's transition as an event on the Lease.
func (l *Lock) RecordEvent(s string) {
	if l.Events == nil {
		return
	}
	subject := &coordinationv1.Lease{ObjectMeta: l.meta}
	if l.lease != nil {
		subject.ObjectMeta = l.lease.ObjectMeta
	}
	subject.Kind = "Lease"
	subject.APIVersion = coordinationv1.SchemeGroupVersion.String()
	l.Events.Eventf(subject, corev1.EventTypeNormal, "LeaderElection", "%s %s", l.identity, s)
}

// Identity is this replica's.
func (l *Lock) Identity() string { return l.identity }

// Describe names the Lease.
func (l *Lock) Describe() string { return l.meta.Namespace + "/" + l.meta.Name }

// read gets the Lease and returns its record.
func (l *Lock) read(ctx context.Context) (*resourcelock.LeaderElectionRecord, error) {
	lease, err := l.client.Leases(l.meta.Namespace).Get(ctx, l.meta.Name, metav1.GetOptions{})
	if err != nil {
		return nil, err
	}
	l.lease = lease
	return resourcelock.LeaseSpecToLeaderElectionRecord(&lease.Spec), nil
}

func (l *Lock) heldByAnother(r *resourcelock.LeaderElectionRecord) bool {
	return r.HolderIdentity != "" && r.HolderIdentity != l.identity
}

// see records spec as seen now if it differs from the spec seen last, and
// says whether it did. Specs are compared whole: a record's times, as the
// elector compares them, are whole seconds, and two renewals within one
// second must still count as two.
func (l *Lock) see(spec *coordinationv1.LeaseSpec) bool {
	if l.seen != nil && apiequality.Semantic.DeepEqual(*spec, *l.seen) {
		return false
	}
	l.seen, l.seenAt = spec.DeepCopy(), l.clock.Now()
	l.seenFor = time.Duration(ptr.Deref(spec.LeaseDurationSeconds, 0)) * time.Second
	return true
}

// untilExpiry is how long the spec seen last has left to live.
func (l *Lock) untilExpiry() time.Duration {
	return l.seenAt.Add(l.seenFor).Sub(l.clock.Now())
}

// awaitHandoverOrExpiry watches the Lease until holder no longer holds it
// or its record has stayed unchanged for its lease duration.
func (l *Lock) awaitHandoverOrExpiry(ctx context.Context, holder string) error {
	for {
		done, err := l.watchOnce(ctx, holder)
		if done || err != nil {
			return err
		}
	}
}

// watchOnce follows one watch of the Lease. It is done when the Lease has
// changed hands, gone or expired; not done when the watch ended first.
func (l *Lock) watchOnce(ctx context.Context, holder string) (done bool, err error) {
	expiry := l.clock.NewTimer(max(l.untilExpiry(), 0))
	defer func() { expiry.Stop() }()
	w, err := l.watcher.Leases(l.meta.Namespace).Watch(ctx, metav1.ListOptions{
		FieldSelector: fields.OneTermEqualSelector("metadata.name", l.meta.Name).String(),
	})
	if err != nil {
		l.warnOnce(ctx, err)
		return l.pause(ctx, expiry.C())
	}
	defer w.Stop()
	for {
		select {
		case <-ctx.Done():
			return true, ctx.Err()
		case <-expiry.C():
			return true, nil
		case ev, open := <-w.ResultChan():
			if !open {
				return false, nil
			}
			switch ev.Type {
			case watch.Deleted:
				return true, nil
			case watch.Error:
				l.warnOnce(ctx, apierrors.FromObject(ev.Object))
				return l.pause(ctx, expiry.C())
			case watch.Added, watch.Modified:
				lease, ok := ev.Object.(*coordinationv1.Lease)
				if !ok || lease.Name != l.meta.Name {
					continue
				}
				if ptr.Deref(lease.Spec.HolderIdentity, "") != holder {
					return true, nil
				}
				if l.see(&lease.Spec) {
					expiry.Stop()
					expiry = l.clock.NewTimer(l.untilExpiry())
				}
			}
		}
	}
}

// warnOnce logs, the first time only, that the Lease cannot be watched:
// until it can, the standby notices the expiry only when it reads the
// Lease, as client-go's does.
func (l *Lock) warnOnce(ctx context.Context, err error) {
	if l.warned {
		return
	}
	l.warned = true
	log.FromContext(ctx).Error(err, "Cannot watch the leader-election Lease; a standby notices its expiry only when it reads it", "lease", l.Describe())
}

// pause waits before the next watch, unless the Lease expires first.
func (l *Lock) pause(ctx context.Context, expired <-chan time.Time) (done bool, err error) {
	select {
	case <-ctx.Done():
		return true, ctx.Err()
	case <-expired:
		return true, nil
	case <-l.clock.After(watchRetryPause):
		return false, nil
	}
}
