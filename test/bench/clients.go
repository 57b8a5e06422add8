package main

import (
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/test/testenv"
)

type clients struct {
	client.WithWatch
}

// newClients makes a client, which can also watch, without client-side throttling, so the
// baseline measures the API server, not a rate limiter.
func newClients(env *testenv.Env) (*clients, error) {
	cfg := *env.Config
	cfg.QPS, cfg.Burst = 10000, 20000
	c, err := client.NewWithWatch(&cfg, client.Options{Scheme: testenv.Scheme})
	if err != nil {
		return nil, err
	}
	return &clients{WithWatch: c}, nil
}
