package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	coordinationv1 "k8s.io/api/coordination/v1"
	corev1 "k8s.io/api/core/v1"
	eventsv1 "k8s.io/api/events/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/test/fixtures"
)

// failoverNamespace holds the actions whose deadlines fall due around the
// leader's death.
const failoverNamespace = "failover"

// The leader-election settings of the failover, the manager's defaults.
const (
	leaseDuration = 15 * time.Second
	leaseName     = "lessons-bench-failover"
)

// failover is what the failover measured.
type failover struct {
	tookOver   time.Duration // from the kill until the standby took the Lease
	expired    time.Duration // from the kill until the lease expired: its last renewal and its duration
	firstEvent time.Duration // from the kill until a watch saw the first event of a deadline that passed after it
	missed     []time.Duration
	deadlines  int // every timed deadline, announced before the kill or after
	duplicates int // events beyond one per action, and repeats counted on one event
}

// String shows the failover for the results table.
func (f failover) String() string {
	return fmt.Sprintf("the lease expired %s after the kill (its last renewal + %s); standby leads %s after the kill; first event %s after it (target lease %s + 2 s = %s); the %d deadlines that passed with no leader announced after %s (p50 / p99 / max from each due date); %d deadlines, duplicates %d (target 0)",
		f.expired.Round(time.Millisecond), leaseDuration, f.tookOver.Round(time.Millisecond), f.firstEvent.Round(time.Millisecond), leaseDuration, leaseDuration+2*time.Second,
		len(f.missed), quantiles(f.missed), f.deadlines, f.duplicates)
}

// measureFailover runs two replicas with leader election, as the
// Deployment can, and SIGKILLs the leader while n deadlines fall due: from
// a few seconds before the kill until some after the standby took over.
// It measures how soon the standby announces the deadlines that passed
// with no leader, and that each deadline is announced exactly once.
func (r *results) measureFailover(ctx context.Context, c config, cl *clients, kubeconfig, dir string, objects int) error {
	args := []string{"--leader-elect", "--leader-election-namespace=default", "--leader-election-id=" + leaseName}
	leaderConfig := c
	leaderConfig.managerArgs = strings.Join(append(args, c.managerArgs), " ")
	var replicas []*manager
	defer func() {
		for _, m := range replicas {
			m.stop()
		}
	}()
	for i := range 2 {
		logs := filepath.Join(dir, fmt.Sprintf("replica-%d", i))
		if err := os.MkdirAll(logs, 0o755); err != nil {
			return err
		}
		m, err := startManager(leaderConfig, kubeconfig, logs)
		if err != nil {
			return err
		}
		replicas = append(replicas, m)
	}
	var leader, standby *manager
	for deadline := time.Now().Add(patience(objects)); leader == nil; time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			return fmt.Errorf("no replica took the lease")
		}
		for i, m := range replicas {
			if m.Leads() {
				leader, standby = m, replicas[1-i]
			}
		}
	}
	if _, err := standby.untilReady(patience(objects)); err != nil {
		return err
	}
	if _, err := leader.untilReconciled(objects, patience(objects)); err != nil {
		return err
	}

	if err := cl.Create(ctx, &corev1.Namespace{ObjectMeta: metav1.ObjectMeta{Name: failoverNamespace}}); err != nil {
		return err
	}
	if err := cl.Create(ctx, fixtures.Incident("timed", fixtures.InNamespace[v1alpha1.Incident](failoverNamespace))); err != nil {
		return err
	}
	seen, err := watchOverdueEvents(ctx, cl, failoverNamespace)
	if err != nil {
		return err
	}
	defer seen.stop()
	// One deadline a second from 5 s before the kill until 10 s after the
	// lease could have lapsed at the latest.
	n := int((5*time.Second + leaseDuration + 15*time.Second) / time.Second)
	killAt := time.Now().Add(10 * time.Second).Truncate(time.Second)
	due := map[string]time.Time{}
	actions := make([]*v1alpha1.ImprovementAction, n)
	for i := range actions {
		at := killAt.Add(time.Duration(i-5) * time.Second)
		actions[i] = fixtures.Action(fmt.Sprintf("timed-%02d", i), "timed", at, fixtures.InNamespace[v1alpha1.ImprovementAction](failoverNamespace))
		due[actions[i].Name] = at
	}
	if err := parallel(n, 8, func(i int) error { return cl.Create(ctx, actions[i]) }); err != nil {
		return err
	}
	time.Sleep(time.Until(killAt))
	if err := leader.Kill(); err != nil {
		return err
	}
	killed := time.Now()
	var lease coordinationv1.Lease
	if err := cl.Get(ctx, client.ObjectKey{Namespace: "default", Name: leaseName}, &lease); err != nil {
		return err
	}
	if lease.Spec.RenewTime != nil {
		r.failover.expired = lease.Spec.RenewTime.Add(leaseDuration).Sub(killed)
	}
	for !standby.Leads() {
		if time.Since(killed) > 2*leaseDuration+time.Minute {
			return fmt.Errorf("the standby did not take over within %s of the leader's death", time.Since(killed).Round(time.Second))
		}
		time.Sleep(50 * time.Millisecond)
	}
	// The Lease says when the standby took it: its metrics, scraped above,
	// say so only as fast as a scrape (seconds at 100,000 objects).
	r.failover.tookOver = time.Since(killed)
	if err := cl.Get(ctx, client.ObjectKey{Namespace: "default", Name: leaseName}, &lease); err != nil {
		return err
	}
	if lease.Spec.AcquireTime != nil {
		r.failover.tookOver = lease.Spec.AcquireTime.Sub(killed)
	}
	at, err := seen.waitFor(n, time.Now().Add(patience(objects)))
	if err != nil {
		return err
	}
	var firstEvent time.Time
	for name, t := range at {
		if due[name].After(killed) && (firstEvent.IsZero() || t.Before(firstEvent)) {
			firstEvent = t
		}
		// A deadline that passed with the leader dead and before the
		// standby led was missed; the standby announces it on taking over.
		if due[name].After(killed) && due[name].Before(killed.Add(r.failover.tookOver)) {
			r.failover.missed = append(r.failover.missed, t.Sub(due[name]))
		}
	}
	slices.Sort(r.failover.missed)
	r.failover.firstEvent = firstEvent.Sub(killed)
	r.failover.deadlines = n
	// Anything announced twice would have been by now: the standby has
	// reconciled each timed action since.
	if _, err := standby.untilReconciled(objects+n, patience(objects)); err != nil {
		return err
	}
	r.failover.duplicates, err = duplicateAnnouncements(ctx, cl, failoverNamespace)
	return err
}

// duplicateAnnouncements counts the ActionOverdue events of the namespace
// beyond one per action and one per action on its incident (the
// incident's copy, which names the action as related), and the repeats an
// event series counted.
func duplicateAnnouncements(ctx context.Context, cl *clients, namespace string) (int, error) {
	var events eventsv1.EventList
	if err := cl.List(ctx, &events, client.InNamespace(namespace)); err != nil {
		return 0, err
	}
	per := map[string]int{}
	extra := 0
	for _, e := range events.Items {
		if e.Reason != string(v1alpha1.EventActionOverdue) {
			continue
		}
		key := e.Regarding.Kind + "/" + e.Regarding.Name
		if e.Related != nil {
			key += " " + e.Related.Kind + "/" + e.Related.Name
		}
		per[key]++
		if e.Series != nil {
			extra += int(e.Series.Count) - 1
		}
		if e.DeprecatedCount > 1 {
			extra += int(e.DeprecatedCount) - 1
		}
	}
	for _, n := range per {
		extra += n - 1
	}
	return extra, nil
}
