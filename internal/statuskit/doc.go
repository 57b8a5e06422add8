// Package statuskit is the toolkit every status computation shares:
// conditions stamped with the generation, the collection of deadlines a
// controller requeues for, announcements (events) and when they are news,
// and how status times are stored and shown to people. It holds no rule of
// the product; packages review and report do.
package statuskit
