package v1alpha1

// What people write is shown on terminals (kubectl get, kubectl lessons
// status) and in documents. A control character in it could move the
// cursor, clear the screen or write a row that is not on record, so the API
// server refuses one in every field meant to be read. The types below are
// strings in Go and in JSON alike: they only carry the rule, each field
// its own bounds. Text stored before the rule stays readable, and its
// object editable in its other fields: the API server does not judge again
// a value that a write leaves as it was (validation ratcheting), though it
// judges every entry of a list that a write changes. The plugin and the
// documents show any such character as a visible escape.

// Line is one line of printable text: a title, a name, a reason, a
// reference. It holds no control character: no C0 control (U+0000 to
// U+001F: NUL, TAB, LF, CR, ESC, ...), no DEL (U+007F) and no C1 control
// (U+0080 to U+009F).
// +kubebuilder:validation:XValidation:rule=`self.matches('^[^\\p{Cc}]*$')`,message="must be a single line of printable text: no control characters (ESC, CR, LF, TAB, ...)"
type Line = string

// A Text field that the manager's rules do not read in full (only the
// documents do) is tagged `lessons:"document"`: the manager's cache keeps
// only its start (internal/cachetrim).

// Text is printable text of any number of lines: a summary, a description,
// a narrative, a comment. Line breaks (LF) and tabs are kept; every other
// control character (ESC, CR, NUL, DEL, the C1 controls ...) is refused,
// as in a Line.
// +kubebuilder:validation:XValidation:rule=`self.matches('^[\\P{Cc}\\t\\n]*$')`,message="must be printable text: line breaks (LF) and tabs are allowed, but no other control characters (ESC, CR, NUL, ...)"
type Text = string
