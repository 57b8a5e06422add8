package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// clockTicks is the kernel's USER_HZ, the unit of /proc/<pid>/stat times.
const clockTicks = 100

// cpuUse is the CPU time each process has used, by name.
type cpuUse map[string]time.Duration

// measuredProcesses names the processes whose CPU time a phase reports: the
// control plane started by this benchmark, the manager and the benchmark
// itself (its watcher and writers).
func measuredProcesses(manager int) map[string]int {
	procs := map[string]int{"benchmark": os.Getpid()}
	if manager != 0 {
		procs["manager"] = manager
	}
	for _, name := range []string{"kube-apiserver", "etcd"} {
		if pid := childNamed(name); pid != 0 {
			procs[name] = pid
		}
	}
	return procs
}

// cpuNow reads the CPU time used so far by each process.
func cpuNow(procs map[string]int) cpuUse {
	use := cpuUse{}
	for name, pid := range procs {
		use[name] = cpuTime(pid)
	}
	return use
}

// since is the CPU time used since before.
func (u cpuUse) since(before cpuUse) cpuUse {
	d := cpuUse{}
	for name, t := range u {
		d[name] = t - before[name]
	}
	return d
}

func (u cpuUse) String() string {
	var parts []string
	for _, name := range []string{"kube-apiserver", "etcd", "manager", "benchmark"} {
		if t, ok := u[name]; ok {
			parts = append(parts, fmt.Sprintf("%s %.1fs", name, t.Seconds()))
		}
	}
	return strings.Join(parts, ", ")
}

// cpuTime is a process's user and system time from /proc/<pid>/stat.
func cpuTime(pid int) time.Duration {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// Fields after the parenthesised command name, which may hold spaces.
	fields := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:]))
	if len(fields) < 13 {
		return 0
	}
	utime, _ := strconv.ParseInt(fields[11], 10, 64)
	stime, _ := strconv.ParseInt(fields[12], 10, 64)
	return time.Duration(utime+stime) * time.Second / clockTicks
}

// childNamed finds this process's child with the given command name.
func childNamed(name string) int {
	stats, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, path := range stats {
		stat, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		s := string(stat)
		open, end := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
		if open < 0 || end < open || s[open+1:end] != name {
			continue
		}
		fields := strings.Fields(s[end+1:])
		if len(fields) > 1 && fields[1] == strconv.Itoa(os.Getpid()) {
			pid, _ := strconv.Atoi(strings.Fields(s)[0])
			return pid
		}
	}
	return 0
}
