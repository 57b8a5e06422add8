package controller

import (
	corev1 "k8s.io/api/core/v1"
	"k8s.io/client-go/tools/events"
	"sigs.k8s.io/controller-runtime/pkg/client"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
	"github.com/dspt-lessons/lessons-operator/internal/statuskit"
)

// eventAction is the events.k8s.io "action" of every event the operator records.
const eventAction = "Review"

// announce records the announcements on obj and, where asked, on its
// incident (with obj as the related object). Call it only after the status
// that remembers them is written.
func announce(rec events.EventRecorder, obj client.Object, incident *v1alpha1.Incident, list []statuskit.Announcement) {
	for _, a := range list {
		eventType := corev1.EventTypeNormal
		if a.Reason.IsWarning() {
			eventType = corev1.EventTypeWarning
		}
		rec.Eventf(obj, nil, eventType, string(a.Reason), eventAction, "%s", a.Message)
		if a.AlsoOnIncident && incident != nil {
			rec.Eventf(incident, obj, eventType, string(a.Reason), eventAction, "%s %s: %s", kindOf(obj), obj.GetName(), a.Message)
		}
	}
}

// kindOf names the kind of a typed object, whose TypeMeta the cache leaves empty.
func kindOf(obj client.Object) string {
	switch obj.(type) {
	case *v1alpha1.RootCauseAnalysis:
		return "RootCauseAnalysis"
	case *v1alpha1.ImprovementAction:
		return "ImprovementAction"
	case *v1alpha1.Incident:
		return "Incident"
	case *v1alpha1.LessonsReport:
		return "LessonsReport"
	}
	return obj.GetObjectKind().GroupVersionKind().Kind
}
