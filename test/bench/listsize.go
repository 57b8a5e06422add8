package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"

	"k8s.io/client-go/rest"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
)

// reviewKinds are the resources the manager's cache lists when it starts.
var reviewKinds = []string{"incidents", "rootcauseanalyses", "improvementactions", "lessonsreports", "processreviews"}

// listBytes is how many bytes of JSON the review kinds' lists are, as a
// starting manager's cache reads them: what its cold start decodes.
func listBytes(ctx context.Context, cfg *rest.Config) (int64, error) {
	hc, err := rest.HTTPClientFor(cfg)
	if err != nil {
		return 0, err
	}
	var total int64
	for _, kind := range reviewKinds {
		url := fmt.Sprintf("%s/apis/%s/%s", strings.TrimSuffix(cfg.Host, "/"), v1alpha1.GroupVersion.String(), kind)
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return 0, err
		}
		req.Header.Set("Accept", "application/json")
		resp, err := hc.Do(req)
		if err != nil {
			return 0, err
		}
		n, err := io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if err != nil {
			return 0, err
		}
		if resp.StatusCode != http.StatusOK {
			return 0, fmt.Errorf("listing %s: %s", kind, resp.Status)
		}
		total += n
	}
	return total, nil
}
