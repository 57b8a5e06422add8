package cachetrim

import "sync"

// The interner's bounds: what it pins stays small (at most about 16 MiB
// of strings) whatever the objects hold.
const (
	// internMaxLen is the longest string kept once: longer ones are an
	// object's own text, seldom shared.
	internMaxLen = 256
	// internMaxStrings is how many strings it holds before it starts
	// afresh: objects keep what they share, new objects share anew.
	internMaxStrings = 1 << 16
)

// interner keeps one copy of each string many objects hold. It holds them
// strongly: unique.Make's weak handles would be dropped at every garbage
// collection, which the cache's first list of thousands of objects runs
// many times, and each new copy would then be held on.
type interner struct {
	mu      sync.Mutex
	strings map[string]string
}

var shared = &interner{strings: map[string]string{}}

// intern returns the copy of s that is kept, s itself the first time.
func (in *interner) intern(s string) string {
	if len(s) > internMaxLen {
		return s
	}
	in.mu.Lock()
	defer in.mu.Unlock()
	if kept, ok := in.strings[s]; ok {
		return kept
	}
	if len(in.strings) >= internMaxStrings {
		in.strings = make(map[string]string, len(in.strings)/4)
	}
	in.strings[s] = s
	return s
}
