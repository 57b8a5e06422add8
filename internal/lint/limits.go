package lint

import (
	"errors"
	"fmt"
	"io/fs"
)

// The limits bound what a run reads, so that a folder from an untrusted
// pull request cannot exhaust the memory of the job that lints it: memory
// grows with the YAML read (the documents of the file being checked, and
// what the cross-object rules need of each object before).
const (
	// MaxFileSize is the largest file lint reads. A review is a few
	// kilobytes; the API server takes no request over 3 MiB.
	MaxFileSize = 5 << 20
	// MaxTotalSize is the most YAML one run reads, all files together:
	// thousands of reviews. With the worst YAML (tiny invalid objects,
	// each a finding) a run stays within about half a gigabyte.
	MaxTotalSize = 16 << 20
)

// ErrRefused marks an error about a path lint will not read: not a regular
// file, a symbolic link leading out of the folder it checks, or over a
// size limit. The error names the path and says what to do.
var ErrRefused = errors.New("refused")

// refusal is a path lint will not read: why, and what to do about it.
type refusal struct {
	path, why, todo string
}

func (r *refusal) Error() string { return r.path + ": " + r.why + ": " + r.todo }

// Is makes errors.Is(err, ErrRefused) true of every refusal.
func (r *refusal) Is(target error) bool { return target == ErrRefused }

// notRegular refuses what is not a plain file: reading a device, a named
// pipe or a socket may never end, or block.
func notRegular(path string, mode fs.FileMode, todo string) error {
	return &refusal{path: path, why: describeMode(mode) + ", not a regular file; lint reads only regular files", todo: todo}
}

func describeMode(mode fs.FileMode) string {
	switch {
	case mode.IsDir():
		return "a folder"
	case mode&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case mode&fs.ModeSocket != 0:
		return "a socket"
	case mode&fs.ModeCharDevice != 0:
		return "a character device"
	case mode&fs.ModeDevice != 0:
		return "a device"
	case mode&fs.ModeSymlink != 0:
		return "a symbolic link"
	}
	return "a special file"
}

// tooBig refuses a file over MaxFileSize; size says what is known of its
// size ("6.2 MiB", or "more than 5 MiB" when reading had to stop).
func tooBig(path, size string) error {
	return &refusal{
		path: path,
		why:  fmt.Sprintf("%s, over the %s limit for one file", size, describeSize(MaxFileSize)),
		todo: "split it into smaller files",
	}
}

// overTotal refuses the file that would take a run past MaxTotalSize.
func overTotal(path string) error {
	return &refusal{
		path: path,
		why:  fmt.Sprintf("reading it would take this run past %s of YAML, the limit for one run", describeSize(MaxTotalSize)),
		todo: "lint the folder in smaller parts",
	}
}

// describeSize writes a size in bytes, and in MiB from 1 MiB up.
func describeSize(n int64) string {
	const mib = 1 << 20
	switch {
	case n < mib:
		return fmt.Sprintf("%d bytes", n)
	case n%mib == 0:
		return fmt.Sprintf("%d MiB", n/mib)
	}
	return fmt.Sprintf("%.1f MiB (%d bytes)", float64(n)/mib, n)
}
