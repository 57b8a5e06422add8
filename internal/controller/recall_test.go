package controller

import (
	"context"
	"testing"
	"time"

	eventsv1 "k8s.io/api/events/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	clocktesting "k8s.io/utils/clock/testing"
	"sigs.k8s.io/controller-runtime/pkg/client"
	"sigs.k8s.io/controller-runtime/pkg/client/fake"
	"sigs.k8s.io/controller-runtime/pkg/manager"
)

// countingReader counts the lists made through it.
type countingReader struct {
	client.Reader
	lists int
}

func (r *countingReader) List(ctx context.Context, list client.ObjectList, opts ...client.ListOption) error {
	r.lists++
	return r.Reader.List(ctx, list, opts...)
}

// A standby recalls the events as it starts, before it leads: when it
// takes over, its first delivery lists nothing and knows what exists.
func TestAStandbyRecallsTheEventsAsItStarts(t *testing.T) {
	clk := clocktesting.NewFakeClock(time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC))
	scheme := runtime.NewScheme()
	if err := eventsv1.AddToScheme(scheme); err != nil {
		t.Fatal(err)
	}
	existing := &eventsv1.Event{ObjectMeta: metav1.ObjectMeta{Name: "mfa.0123456789abcdef", Namespace: "wards", CreationTimestamp: metav1.NewTime(clk.Now().Add(-time.Minute))}}
	reader := &countingReader{Reader: fake.NewClientBuilder().WithScheme(scheme).WithObjects(existing).Build()}
	a := &Announcer{Reader: reader}
	var r manager.Runnable = recallOnStart{announcer: a, clock: clk}
	if le, ok := r.(manager.LeaderElectionRunnable); !ok || le.NeedLeaderElection() {
		t.Fatal("the recall waits for leadership; a standby would list every event only when it takes over")
	}
	if err := r.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	if reader.lists != 1 {
		t.Fatalf("listed %d times on start, want 1", reader.lists)
	}
	if !a.known(context.Background(), existing.Name, clk.Now()) {
		t.Error("the recalled event is not known")
	}
	if reader.lists != 1 {
		t.Errorf("the first delivery listed the events again (%d lists)", reader.lists)
	}
}
