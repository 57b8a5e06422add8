package main

import (
	"fmt"
	"os"
	"strings"
	"time"

	"k8s.io/apimachinery/pkg/util/uuid"
	coordinationv1client "k8s.io/client-go/kubernetes/typed/coordination/v1"
	"k8s.io/client-go/rest"
	"k8s.io/utils/clock"

	"github.com/dspt-lessons/lessons-operator/internal/leaderlease"
)

// inClusterNamespaceFile holds the namespace of the pod's service account.
const inClusterNamespaceFile = "/var/run/secrets/kubernetes.io/serviceaccount/namespace"

// leaderLock is the Lease lock the replicas elect their leader with: a
// standby takes over as the crashed leader's Lease expires, not at its next
// poll (see package leaderlease).
func leaderLock(cfg *rest.Config, f *flags) (*leaderlease.Lock, error) {
	namespace := f.leaderElectionNS
	if namespace == "" {
		data, err := os.ReadFile(inClusterNamespaceFile)
		if err != nil {
			return nil, fmt.Errorf("--leader-election-namespace is needed outside a cluster: %w", err)
		}
		namespace = strings.TrimSpace(string(data))
	}
	host, err := os.Hostname()
	if err != nil {
		return nil, err
	}
	cfg = rest.AddUserAgent(rest.CopyConfig(cfg), "leader-election")
	// A request to read or renew the Lease gives up well within the renew
	// deadline, so one hung request cannot cost the leader its Lease; the
	// standby's watch lasts as long as the leader does.
	requests := rest.CopyConfig(cfg)
	requests.Timeout = max(f.renewDeadline/2, time.Second)
	client, err := coordinationv1client.NewForConfig(requests)
	if err != nil {
		return nil, err
	}
	watcher, err := coordinationv1client.NewForConfig(cfg)
	if err != nil {
		return nil, err
	}
	return leaderlease.New(leaderlease.Config{
		Namespace: namespace,
		Name:      f.leaderElectionID,
		Identity:  host + "_" + string(uuid.NewUUID()),
		Client:    client,
		Watcher:   watcher,
		Clock:     clock.RealClock{},
	}), nil
}
