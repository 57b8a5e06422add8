package main

import (
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

type clients struct {
	client.Client
}

// newClients makes a client without client-side throttling, so the
// baseline measures the API server, not a rate limiter.
func newClients(env *testenv.Env) (*clients, error) {
	cfg := *env.Config
	cfg.QPS, cfg.Burst = 10000, 20000
	c, err := client.New(&cfg, client.Options{Scheme: testenv.Scheme})
	if err != nil {
		return nil, err
	}
	return &clients{Client: c}, nil
}
