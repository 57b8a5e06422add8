package cached

import "fmt"

// ListError is a read of one resource that failed. It names the resource
// and the namespace so that the kubectl plugin can say what to do (install
// the CRDs, ask for the right to list) without knowing which of a
// Reader's reads failed.
type ListError struct {
	// Resource is the plural resource name, as RBAC rules spell it
	// ("incidents").
	Resource string
	// Namespace read; "" for every namespace.
	Namespace string
	Err       error
}

func (e *ListError) Error() string {
	where := fmt.Sprintf("in namespace %q", e.Namespace)
	if e.Namespace == "" {
		where = "in any namespace"
	}
	return fmt.Sprintf("list %s %s: %v", e.Resource, where, e.Err)
}

func (e *ListError) Unwrap() error { return e.Err }
