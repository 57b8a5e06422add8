package metrics

import "unicode/utf8"

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
// its longest prefix that ends on a character boundary and leaves room for
// the marker, followed by the marker.
func boundLabel(v string) string {
	if len(v) <= MaxLabelBytes {
		return v
	}
	cut := MaxLabelBytes - len(truncationMarker)
	for cut > 0 && !utf8.RuneStart(v[cut]) {
		cut--
	}
	return v[:cut] + truncationMarker
}
