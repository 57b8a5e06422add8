package plugin

import (
	"fmt"
	"io"

	"github.com/dspt-lessons/lessons-operator/internal/visible"
)

// What the plugin writes for people can quote what users wrote: an owner,
// a reference, why an object cannot be read, the API server's refusal.
// Text stored before the API server refused control characters, or read
// from a file, may still hold them, so every such value reaches the
// terminal through the visible package: a table cell, a finding or a
// warning as one line (visible.Line), an error as lines (visible.Text).

// warnf writes a warning of one line to w.
func warnf(w io.Writer, format string, args ...any) {
	fmt.Fprintln(w, "warning: "+visible.Line(fmt.Sprintf(format, args...)))
}
