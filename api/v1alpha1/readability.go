package v1alpha1

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	utiljson "k8s.io/apimachinery/pkg/util/json"
)

// Every kind reads itself tolerantly. An object the API server holds but Go
// cannot read (a time with an offset of +25:00, stored before the CRD
// refused it, or written around validation) would otherwise fail the whole
// list it is in, and with it every object of its kind in every namespace.
// Read tolerantly, it arrives with its metadata and the reason it could not
// be read (Unreadable), so the operator reports it and goes on with the
// rest.

// header is the part of an object that is read even when the rest is not.
type header struct {
	metav1.TypeMeta `json:",inline"`
	Metadata        metav1.ObjectMeta `json:"metadata,omitempty"`
}

// readTolerantly reads data into plain (the kind's fields, without this
// method). When that fails but the metadata can be read, keep is given the
// metadata and the reason, and no error is returned; an object whose very
// metadata is unreadable is an error as before.
func readTolerantly(data []byte, plain any, keep func(header, string)) error {
	err := utiljson.Unmarshal(data, plain)
	if err == nil {
		return nil
	}
	var h header
	if utiljson.Unmarshal(data, &h) != nil || h.Metadata.Name == "" {
		return err
	}
	keep(h, err.Error())
	return nil
}

// UnmarshalJSON reads an Incident, tolerating an unreadable spec or status.
func (in *Incident) UnmarshalJSON(data []byte) error {
	type plain Incident
	return readTolerantly(data, (*plain)(in), func(h header, why string) {
		*in = Incident{TypeMeta: h.TypeMeta, ObjectMeta: h.Metadata, ReadError: why}
	})
}

// Unreadable is why the object as stored could not be read; empty when it
// was read whole. An unreadable object carries only its metadata.
func (in *Incident) Unreadable() string { return in.ReadError }

// UnmarshalJSON reads a RootCauseAnalysis, tolerating an unreadable spec or status.
func (in *RootCauseAnalysis) UnmarshalJSON(data []byte) error {
	type plain RootCauseAnalysis
	return readTolerantly(data, (*plain)(in), func(h header, why string) {
		*in = RootCauseAnalysis{TypeMeta: h.TypeMeta, ObjectMeta: h.Metadata, ReadError: why}
	})
}

// Unreadable is why the object as stored could not be read; empty when it
// was read whole. An unreadable object carries only its metadata.
func (in *RootCauseAnalysis) Unreadable() string { return in.ReadError }

// UnmarshalJSON reads an ImprovementAction, tolerating an unreadable spec or status.
func (in *ImprovementAction) UnmarshalJSON(data []byte) error {
	type plain ImprovementAction
	return readTolerantly(data, (*plain)(in), func(h header, why string) {
		*in = ImprovementAction{TypeMeta: h.TypeMeta, ObjectMeta: h.Metadata, ReadError: why}
	})
}

// Unreadable is why the object as stored could not be read; empty when it
// was read whole. An unreadable object carries only its metadata.
func (in *ImprovementAction) Unreadable() string { return in.ReadError }

// UnmarshalJSON reads a LessonsReport, tolerating an unreadable spec or status.
func (in *LessonsReport) UnmarshalJSON(data []byte) error {
	type plain LessonsReport
	return readTolerantly(data, (*plain)(in), func(h header, why string) {
		*in = LessonsReport{TypeMeta: h.TypeMeta, ObjectMeta: h.Metadata, ReadError: why}
	})
}

// Unreadable is why the object as stored could not be read; empty when it
// was read whole. An unreadable object carries only its metadata.
func (in *LessonsReport) Unreadable() string { return in.ReadError }

// UnmarshalJSON reads a ProcessReview, tolerating an unreadable spec or status.
func (in *ProcessReview) UnmarshalJSON(data []byte) error {
	type plain ProcessReview
	return readTolerantly(data, (*plain)(in), func(h header, why string) {
		*in = ProcessReview{TypeMeta: h.TypeMeta, ObjectMeta: h.Metadata, ReadError: why}
	})
}

// Unreadable is why the object as stored could not be read; empty when it
// was read whole. An unreadable object carries only its metadata.
func (in *ProcessReview) Unreadable() string { return in.ReadError }
