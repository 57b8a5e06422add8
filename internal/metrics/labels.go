package metrics

import "github.com/dspt-lessons/lessons-operator/internal/statuskit"

// MaxLabelBytes bounds every label value of the per-item series. It is
// above the longest object name Kubernetes accepts (253) and the longest
// person the API accepts (254), so names and owners are served whole and
// no two series can collide; free text past it, a link's URL up to 2,048
// characters, is cut. A scrape then grows by a bounded amount with each
// overdue item, however long its fields.
const MaxLabelBytes = 256

// truncationMarker ends a label value that was cut, so a reader of an
// alert sees that it is not whole.
const truncationMarker = "…"

// boundLabel returns v whole when it fits in MaxLabelBytes, and otherwise
// its longest whole-character prefix that leaves room for the marker,
// followed by the marker.
func boundLabel(v string) string {
	return statuskit.Clip(v, MaxLabelBytes)
}
