package render

import (
	"fmt"
	"strings"

	"github.com/dspt-lessons/lessons-operator/api/v1alpha1"
)

// What an organisation-wide report (spec.namespaceSelector) adds to the
// documents: where its lessons and actions come from, and what it leaves
// unnamed. A one-namespace report shows none of it.

// scopeNotices tells the reader of an organisation-wide report how many
// namespaces its figures span, that confidential namespaces are counted
// without being named, and which namespaces' actions could not be read.
func scopeNotices(r *v1alpha1.LessonsReport, reg Register) []string {
	var n []string
	st := &r.Status
	if st.Namespaces > 0 {
		n = append(n, fmt.Sprintf("This organisation-wide report rolls up the incidents of %s.", plural(st.Namespaces, "namespace", "namespaces")))
	}
	if st.ConfidentialNamespaces > 0 {
		n = append(n, fmt.Sprintf("The figures include those of %s labelled confidential, whose incidents, actions and lessons are not named in this report.", plural(st.ConfidentialNamespaces, "namespace", "namespaces")))
	}
	if len(reg.Unread) > 0 {
		n = append(n, fmt.Sprintf("The action register leaves out the actions of %s, which could not be read: %s.", plural(int32(len(reg.Unread)), "namespace", "namespaces"), strings.Join(reg.Unread, ", ")))
	}
	return n
}

// lessonSource names a quoted lesson's incident, with its namespace when it
// comes from another namespace than the report's.
func lessonSource(l v1alpha1.Lesson) string {
	return qualified(l.Namespace, l.Incident)
}

// lessonShared says who heard a lesson: "shared with Staff, Reporter";
// "" when nobody is on record.
func lessonShared(l v1alpha1.Lesson) string {
	if len(l.SharedWith) == 0 {
		return ""
	}
	names := make([]string, len(l.SharedWith))
	for i, a := range l.SharedWith {
		names[i] = string(a)
	}
	return "shared with " + strings.Join(names, ", ")
}

// incidentOf names an action's incident in the register, with the
// incident's namespace when it is not the report's.
func (reg Register) incidentOf(namespace, incident string) string {
	if reg.Namespace == "" || namespace == reg.Namespace {
		return incident
	}
	return qualified(namespace, incident)
}

func qualified(namespace, name string) string {
	if namespace == "" {
		return name
	}
	return namespace + "/" + name
}
