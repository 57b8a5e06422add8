// Package version is the release the binaries were built from. Releases
// stamp it at build time, as `make build` does:
//
//	go build -ldflags "-X github.com/dspt-lessons/lessons-operator/internal/version.Version=v0.2.0" ./cmd
package version

import "runtime/debug"

// Version is set by the linker; empty in an unstamped build.
var Version string

// String is the stamped version; else the module's version when built by
// `go install ...@version`; else "dev".
func String() string {
	if Version != "" {
		return Version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}
