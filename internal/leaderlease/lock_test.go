package leaderlease

import (
	"context"
	"errors"
	"testing"
	"time"

	coordinationv1 "k8s.io/api/coordination/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/kubernetes/fake"
	k8stesting "k8s.io/client-go/testing"
	"k8s.io/client-go/tools/leaderelection"
	"k8s.io/client-go/tools/leaderelection/resourcelock"
	"k8s.io/utils/clock"
	"k8s.io/utils/ptr"
)

const (
	testNamespace = "lessons-system"
	testLease     = "lessons-operator.lessons.dspt.io"
)

// got is what one Get answered, and when.
type got struct {
	record *resourcelock.LeaderElectionRecord
	err    error
	at     time.Time
}

func newLock(t *testing.T, client *fake.Clientset, identity string) *Lock {
	t.Helper()
	return New(Config{
		Namespace: testNamespace, Name: testLease, Identity: identity,
		Client: client.CoordinationV1(), Watcher: client.CoordinationV1(), Clock: clock.RealClock{},
	})
}

// heldLease is the Lease as its holder writes it, renewed now.
func heldLease(holder string, seconds int32) *coordinationv1.Lease {
	now := metav1.NewMicroTime(time.Now())
	return &coordinationv1.Lease{
		ObjectMeta: metav1.ObjectMeta{Namespace: testNamespace, Name: testLease},
		Spec: coordinationv1.LeaseSpec{
			HolderIdentity: ptr.To(holder), LeaseDurationSeconds: ptr.To(seconds),
			AcquireTime: &now, RenewTime: &now,
		},
	}
}

// renew writes the Lease as its holder renewing it, and returns when the
// write began: a watch cannot have seen it earlier.
func renew(t *testing.T, client *fake.Clientset, holder string, seconds int32) time.Time {
	t.Helper()
	began := time.Now()
	if _, err := client.CoordinationV1().Leases(testNamespace).Update(context.Background(), heldLease(holder, seconds), metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	return began
}

// standbyGet has replica b ask client for the Lease in the background, for
// at most 10 s.
func standbyGet(t *testing.T, client *fake.Clientset) <-chan got {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return getInBackground(ctx, newLock(t, client, "b"))
}

// getInBackground calls Get and delivers its answer.
func getInBackground(ctx context.Context, l *Lock) <-chan got {
	answer := make(chan got, 1)
	go func() {
		record, _, err := l.Get(ctx)
		answer <- got{record: record, err: err, at: time.Now()}
	}()
	return answer
}

func TestGetAnswersAtOnceUnlessAnotherReplicaHoldsTheLease(t *testing.T) {
	for _, tc := range []struct {
		name   string
		lease  *coordinationv1.Lease
		holder string
	}{
		{name: "held by this replica", lease: heldLease("b", 15), holder: "b"},
		{name: "released by its last holder", lease: heldLease("", 15), holder: ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			client := fake.NewClientset(tc.lease)
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			record, _, err := newLock(t, client, "b").Get(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if record.HolderIdentity != tc.holder {
				t.Errorf("holder %q, want %q", record.HolderIdentity, tc.holder)
			}
		})
	}
	t.Run("absent", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if _, _, err := newLock(t, fake.NewClientset(), "b").Get(ctx); !apierrors.IsNotFound(err) {
			t.Errorf("error %v, want NotFound so that the elector creates the Lease", err)
		}
	})
}

func TestStandbyGetWaitsOutEachRenewalAndAnswersTheLeaseFreeOnceItExpires(t *testing.T) {
	client := fake.NewClientset(heldLease("a", 1))
	answer := standbyGet(t, client)

	var lastRenewal time.Time
	for range 3 {
		time.Sleep(600 * time.Millisecond)
		select {
		case g := <-answer:
			t.Fatalf("answered %+v while the holder renews every 600ms a Lease of 1s", g.record)
		default:
		}
		lastRenewal = renew(t, client, "a", 1)
	}
	g := <-answer
	if g.err != nil {
		t.Fatal(g.err)
	}
	if g.record.HolderIdentity != "" {
		t.Errorf("answered the Lease held by %q, want it free", g.record.HolderIdentity)
	}
	waited := g.at.Sub(lastRenewal)
	if waited < time.Second {
		t.Errorf("answered the Lease free %s after its last renewal, before its lease of 1s ran out", waited)
	}
	// A poll every retry period would answer up to 2.2 of them late; the
	// watch answers within milliseconds, and the margin is for a slow
	// machine.
	if waited > 1500*time.Millisecond {
		t.Errorf("answered the Lease free %s after its last renewal, not as its lease of 1s ran out", waited)
	}
}

func TestStandbyGetAnswersAtOnceWhenTheLeaseChangesHands(t *testing.T) {
	client := fake.NewClientset(heldLease("a", 15))
	answer := standbyGet(t, client)
	time.Sleep(300 * time.Millisecond)
	handedOver := renew(t, client, "c", 15)
	select {
	case g := <-answer:
		if g.err != nil || g.record.HolderIdentity != "c" {
			t.Errorf("answered %+v (error %v), want the Lease held by c", g.record, g.err)
		}
		if waited := g.at.Sub(handedOver); waited > time.Second {
			t.Errorf("answered %s after the Lease changed hands", waited)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no answer after the Lease changed hands")
	}
}

func TestStandbyGetStopsWithItsContext(t *testing.T) {
	client := fake.NewClientset(heldLease("a", 15))
	ctx, cancel := context.WithCancel(context.Background())
	answer := getInBackground(ctx, newLock(t, client, "b"))
	time.Sleep(200 * time.Millisecond)
	cancel()
	select {
	case g := <-answer:
		if g.err == nil {
			t.Errorf("answered %+v after its context ended, want the context's error", g.record)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("still waiting after its context ended")
	}
}

// TestElectorTakesAnExpiredLeaseAtOnce runs client-go's elector on the
// Lock: a standby polling every 2 s would take a Lease of 3 s unrenewed
// since it started 3 to 7.4 s later; on the Lock it takes it as it expires.
func TestElectorTakesAnExpiredLeaseAtOnce(t *testing.T) {
	client := fake.NewClientset(heldLease("a", 3))
	renewed := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	leading := make(chan time.Time, 1)
	elector, err := leaderelection.NewLeaderElector(leaderelection.LeaderElectionConfig{
		Lock:          newLock(t, client, "b"),
		LeaseDuration: 3 * time.Second, RenewDeadline: 2500 * time.Millisecond, RetryPeriod: 2 * time.Second,
		Callbacks: leaderelection.LeaderCallbacks{
			OnStartedLeading: func(context.Context) { leading <- time.Now() },
			OnStoppedLeading: func() {},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	go elector.Run(ctx)
	select {
	case at := <-leading:
		after := at.Sub(renewed)
		if after < 3*time.Second || after > 3800*time.Millisecond {
			t.Errorf("took the Lease %s after its last renewal, want as its lease of 3s ran out", after)
		}
	case <-ctx.Done():
		t.Fatal("never took the Lease")
	}
	lease, err := client.CoordinationV1().Leases(testNamespace).Get(context.Background(), testLease, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if holder := ptr.Deref(lease.Spec.HolderIdentity, ""); holder != "b" {
		t.Errorf("the Lease is held by %q, want b", holder)
	}
	if transitions := ptr.Deref(lease.Spec.LeaseTransitions, 0); transitions != 1 {
		t.Errorf("the Lease records %d transitions, want 1", transitions)
	}
	// The elector stamped its record before its Get waited 3 s; the Lease
	// says when it was taken.
	if acquired := lease.Spec.AcquireTime.Sub(renewed); acquired < 3*time.Second {
		t.Errorf("the Lease says it was taken %s after the last renewal, when the elector began waiting", acquired)
	}
}

func TestLeaderKeepsItsAcquireTimeAndWritesEachRenewalsTime(t *testing.T) {
	client := fake.NewClientset()
	ctx := context.Background()
	l := newLock(t, client, "b")
	stale := metav1.NewTime(time.Now().Add(-time.Hour))
	record := resourcelock.LeaderElectionRecord{HolderIdentity: "b", LeaseDurationSeconds: 15, AcquireTime: stale, RenewTime: stale}
	if err := l.Create(ctx, record); err != nil {
		t.Fatal(err)
	}
	if _, _, err := l.Get(ctx); err != nil {
		t.Fatal(err)
	}
	acquired := l.lease.Spec.AcquireTime
	before := time.Now()
	if err := l.Update(ctx, record); err != nil {
		t.Fatal(err)
	}
	lease, err := client.CoordinationV1().Leases(testNamespace).Get(ctx, testLease, metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !lease.Spec.AcquireTime.Equal(acquired) {
		t.Errorf("a renewal moved the acquire time from %s to %s", acquired, lease.Spec.AcquireTime)
	}
	if lease.Spec.RenewTime.Time.Before(before) {
		t.Errorf("a renewal wrote the renew time %s, before the write began at %s", lease.Spec.RenewTime, before)
	}
}

func TestStandbyGetThatCannotWatchStillAnswersTheLeaseFreeOnceItExpires(t *testing.T) {
	client := fake.NewClientset(heldLease("a", 1))
	client.PrependWatchReactor("leases", func(k8stesting.Action) (bool, watch.Interface, error) {
		return true, nil, apierrors.NewForbidden(coordinationv1.Resource("leases"), testLease, errors.New("no watch"))
	})
	started := time.Now()
	g := <-standbyGet(t, client)
	if g.err != nil || g.record.HolderIdentity != "" {
		t.Fatalf("answered %+v (error %v), want the Lease free: a standby that cannot watch must still take over", g.record, g.err)
	}
	if waited := g.at.Sub(started); waited < time.Second {
		t.Errorf("answered after %s, before the lease of 1s ran out", waited)
	}
}
