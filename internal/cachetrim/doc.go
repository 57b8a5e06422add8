// Package cachetrim trims an object to what the manager's rules read before
// its cache keeps it, which is most of the manager's memory: one copy of
// every review for as long as it runs.
//
// What goes, and why nothing a user sees changes:
//   - managed fields and the last-applied-configuration annotation, which
//     the rules never read;
//   - of free text that only the documents read in full (fields tagged
//     `lessons:"document"`), all but the first MaxRunes characters and a
//     Marker: the rules read only whether it is there, and the report
//     quotes at most its first 1,000 characters of lessons, which a
//     shortened lesson still gives exactly (a lesson is kept whole when
//     it would not). The documents read the objects from the API server.
//   - spare capacity of slices, and empty maps.
//
// Strings that many objects share (the vocabulary of enumerations and
// conditions, people, namespaces, references to an incident) are kept once
// (package unique) instead of once per object.
//
// Controllers write only the status subresource, which takes nothing but
// the status from a write, so nothing trimmed here is ever written back.
package cachetrim
