package controller

import (
	"context"

	"sigs.k8s.io/controller-runtime/pkg/client"
)

// readable is an object of the operator's kinds, which knows whether it
// could be read whole (see v1alpha1's Unreadable).
type readable interface {
	client.Object
	Unreadable() string
}

// leftOut tells a reconciler to leave alone an object that could not be
// read, after reporting it: its status is never written from a spec that
// was not read, and it holds up no other object.
func (d Deps) leftOut(ctx context.Context, obj readable) (bool, error) {
	why := obj.Unreadable()
	if why == "" {
		return false, nil
	}
	return true, d.Announcer.ReportUnreadable(ctx, obj, why, d.Clock.Now())
}
