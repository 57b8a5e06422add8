// Package v1alpha1 contains the lessons.dspt.io/v1alpha1 API: post-incident
// reviews (Incident, RootCauseAnalysis, ImprovementAction, LessonsReport) that
// evidence the DSPT outcome D2 "Lessons learned".
// +kubebuilder:object:generate=true
// +groupName=lessons.dspt.io
package v1alpha1

import (
	"k8s.io/apimachinery/pkg/runtime/schema"
	"sigs.k8s.io/controller-runtime/pkg/scheme"
)

var (
	// GroupVersion is the group and version of every kind in this package.
	GroupVersion = schema.GroupVersion{Group: "lessons.dspt.io", Version: "v1alpha1"}

	// SchemeBuilder registers the kinds of this package with a scheme.
	SchemeBuilder = &scheme.Builder{GroupVersion: GroupVersion}

	// AddToScheme adds the kinds of this package to a scheme.
	AddToScheme = SchemeBuilder.AddToScheme
)
