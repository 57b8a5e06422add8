package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
)

// cgroupMemoryRoot is where a cgroup v1 memory hierarchy is mounted.
const cgroupMemoryRoot = "/sys/fs/cgroup/memory"

// memoryCap holds a process in a cgroup v1 memory group of its own with a
// hard limit, as a container's limits.memory does: the kernel kills the
// process when it needs more, so a run that completes proves it fits. A
// limit on address space (RLIMIT_AS) would not do: the Go runtime reserves
// far more address space than it uses.
type memoryCap struct {
	dir   string
	limit int64
}

// newMemoryCap makes a memory group limited to limit bytes. Where cgroups
// are not writable (not root, cgroup v2 only, a read-only mount) it fails
// with the reason, and the caller runs the manager uncapped.
// memoryCaps numbers the memory groups made.
var memoryCaps atomic.Int64

func newMemoryCap(limit int64) (*memoryCap, error) {
	// Replicas run side by side, each in a group of its own.
	dir := filepath.Join(cgroupMemoryRoot, fmt.Sprintf("lessons-bench-%d-%d-%d", os.Getpid(), limit, memoryCaps.Add(1)))
	if err := os.Mkdir(dir, 0o755); err != nil {
		return nil, fmt.Errorf("cannot make a memory cgroup under %s: %w", cgroupMemoryRoot, err)
	}
	c := &memoryCap{dir: dir, limit: limit}
	// What the process touched before it was moved in moves with it, as
	// far as this kernel supports that.
	_ = c.write("memory.move_charge_at_immigrate", "3")
	if err := c.write("memory.limit_in_bytes", strconv.FormatInt(limit, 10)); err != nil {
		c.remove()
		return nil, err
	}
	return c, nil
}

// add moves a process into the group.
func (c *memoryCap) add(pid int) error { return c.write("cgroup.procs", strconv.Itoa(pid)) }

// peak is the most memory the group's processes have been charged, in bytes.
func (c *memoryCap) peak() int64 {
	v, _ := c.read("memory.max_usage_in_bytes")
	n, _ := strconv.ParseInt(v, 10, 64)
	return n
}

// oomKills counts the processes the kernel killed for reaching the limit.
func (c *memoryCap) oomKills() int {
	v, _ := c.read("memory.oom_control")
	for _, line := range strings.Split(v, "\n") {
		if rest, ok := strings.CutPrefix(line, "oom_kill "); ok {
			n, _ := strconv.Atoi(rest)
			return n
		}
	}
	return 0
}

// remove deletes the group once its processes have exited.
func (c *memoryCap) remove() { _ = os.Remove(c.dir) }

func (c *memoryCap) write(file, value string) error {
	if err := os.WriteFile(filepath.Join(c.dir, file), []byte(value), 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", file, err)
	}
	return nil
}

func (c *memoryCap) read(file string) (string, error) {
	b, err := os.ReadFile(filepath.Join(c.dir, file))
	return strings.TrimSpace(string(b)), err
}
