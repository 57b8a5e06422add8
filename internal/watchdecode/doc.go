// Package watchdecode decodes the watches of the manager's cache for its
// own kinds in fewer passes over the bytes than client-go's standard
// decoding, which reads each byte of a watch about eleven times: the JSON
// framer scans an event twice and copies it twice, the event and then its
// object are each read whole once to find their kind and again to decode
// them, and a kind that reads itself (as every kind of the project does,
// to tolerate an unreadable object) is validated and skipped over once
// more before it is handed its bytes.
//
// A starting manager reads every review this way, several hundred
// megabytes of JSON at 100,000 reviews once their statuses are written,
// so this is most of a restart's work and most of what a warming standby
// does.
//
// Here a frame's end is found by following nesting and strings only; an
// event written as the API server writes one ({"type":…,"object":…}) is
// split without reading its object; and an object that begins with the
// apiVersion and kind of the informer's kind (the API server writes a
// custom resource's keys in order) is handed straight to its type. The
// object is validated as it is decoded, and comes out as the standard
// decoder's would. Whatever does not take that path (an ERROR event's
// Status, an event or object written otherwise) goes the standard way.
package watchdecode
