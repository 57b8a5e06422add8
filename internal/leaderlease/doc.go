// Package leaderlease lets a standby replica take over the moment a crashed
// leader's Lease expires, rather than seconds later.
//
// client-go's leader election judges expiry by the standby's own clock: the
// Lease has expired once its record has stayed unchanged for the lease
// duration since the standby saw it change. A standby sees a change only
// when it polls, every retry period stretched by up to 120% jitter, so it
// sees the leader's last renewal up to 2.2 retry periods late and notices
// the expiry up to 2.2 retry periods after that: with a 2 s retry period, a
// crashed leader's work resumes up to 9 s after its Lease ran out.
//
// Lock is the Lease lock with one difference: asked for the record while
// another replica holds it, it watches the Lease and answers when the
// holder changes or when the record has stayed unchanged for the lease
// duration since the watch saw it change, and then answers it as held by
// no one, so the elector takes the Lease at once. Expiry is still judged by
// this replica's clock from changes it saw itself, so clock skew between
// replicas does not enter, and a watch sees a change no later than a poll
// would: the standby never takes over sooner than client-go allows, only
// without the wait for its next poll.
package leaderlease
