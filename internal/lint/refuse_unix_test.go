//go:build unix

package lint

import (
	"context"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// The files that never end or block: lint must refuse them unopened.

func TestRefusesADeviceNamed(t *testing.T) {
	_, err := FindFiles([]string{"/dev/zero"})
	assertRefused(t, err, "/dev/zero: a character device, not a regular file; lint reads only regular files: name YAML files or folders instead")

	_, err = Check(context.Background(), []string{"/dev/zero"}, lintNow)
	assertRefused(t, err, "/dev/zero: a character device, not a regular file; lint reads only regular files: name YAML files or folders instead")
}

func TestRefusesALinkToADevice(t *testing.T) {
	dir := writeFiles(t, map[string]string{"incident.yaml": "kind: ConfigMap\n"})
	symlink(t, "/dev/zero", filepath.Join(dir, "zero.yaml"))
	_, err := FindFiles([]string{dir})
	assertRefused(t, err, filepath.Join(dir, "zero.yaml")+": a symbolic link to a file outside "+dir+"; lint follows links only within the folder it checks: remove the link, or lint its target on its own")
}

func TestRefusesANamedPipe(t *testing.T) {
	dir := writeFiles(t, map[string]string{"incident.yaml": "kind: ConfigMap\n"})
	pipe := filepath.Join(dir, "pipe.yaml")
	if err := syscall.Mkfifo(pipe, 0o644); err != nil {
		t.Skipf("cannot make a named pipe here: %v", err)
	}
	// A link to it inside the folder is refused too.
	symlink(t, "pipe.yaml", filepath.Join(dir, "pipe-link.yml"))

	// Opening a named pipe waits for a writer: fail rather than hang.
	errs := make(chan []error, 1)
	go func() {
		_, inFolder := FindFiles([]string{dir})
		_, named := FindFiles([]string{pipe})
		_, listed := Check(context.Background(), []string{pipe}, lintNow)
		errs <- []error{inFolder, named, listed}
	}()
	var got []error
	select {
	case got = <-errs:
	case <-time.After(30 * time.Second):
		// Let the open return, so the run ends.
		if w, err := os.OpenFile(pipe, os.O_WRONLY, 0); err == nil {
			w.Close()
		}
		t.Fatal("lint opened the named pipe and waited for a writer")
	}
	assertRefused(t, got[0],
		filepath.Join(dir, "pipe-link.yml")+": a named pipe (FIFO), not a regular file; lint reads only regular files: remove it from the folder",
		pipe+": a named pipe (FIFO), not a regular file; lint reads only regular files: remove it from the folder",
	)
	for _, err := range got[1:] {
		assertRefused(t, err, pipe+": a named pipe (FIFO), not a regular file; lint reads only regular files: name YAML files or folders instead")
	}
}
