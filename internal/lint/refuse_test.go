package lint

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// symlink makes a symbolic link, or skips the test where links cannot be
// made (Windows without the privilege).
func symlink(t *testing.T, target, link string) {
	t.Helper()
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("cannot make symbolic links here: %v", err)
	}
}

// assertRefused checks that err refuses, with exactly the messages want.
func assertRefused(t *testing.T, err error, want ...string) {
	t.Helper()
	if !errors.Is(err, ErrRefused) {
		t.Fatalf("got %v, want a refusal", err)
	}
	if got := strings.Split(err.Error(), "\n"); !reflect.DeepEqual(got, want) {
		t.Errorf("got:\n%s\nwant:\n%s", err, strings.Join(want, "\n"))
	}
}

// A secret held outside the folder, shaped so that checking it would
// quote it: an invalid value is repeated in the message.
const secretOutside = `apiVersion: lessons.dspt.io/v1alpha1
kind: Incident
metadata:
  name: outside
spec:
  severity: the-secret-from-outside
`

func TestRefusesALinkToAFileOutsideTheFolder(t *testing.T) {
	outside := writeFiles(t, map[string]string{"secret.yaml": secretOutside})
	dir := writeFiles(t, map[string]string{"incident.yaml": "kind: ConfigMap\n"})
	symlink(t, filepath.Join(outside, "secret.yaml"), filepath.Join(dir, "leak.yaml"))

	_, err := FindFiles([]string{dir})
	assertRefused(t, err, filepath.Join(dir, "leak.yaml")+": a symbolic link to a file outside "+dir+"; lint follows links only within the folder it checks: remove the link, or lint its target on its own")
	if strings.Contains(err.Error(), "the-secret") || strings.Contains(err.Error(), outside) {
		t.Errorf("the message quotes what is outside: %v", err)
	}
}

func TestRefusesALinkToAFolderOutside(t *testing.T) {
	outside := writeFiles(t, map[string]string{"secret.yaml": secretOutside})
	dir := writeFiles(t, map[string]string{"incident.yaml": "kind: ConfigMap\n"})
	symlink(t, outside, filepath.Join(dir, "shared"))
	symlink(t, outside, filepath.Join(dir, ".cache")) // hidden, like a hidden folder: skipped

	_, err := FindFiles([]string{dir})
	assertRefused(t, err, filepath.Join(dir, "shared")+": a symbolic link to a folder outside "+dir+"; lint follows links only within the folder it checks: remove the link, or lint its target on its own")
}

// A path named on the command line may be a link within the folder that
// holds it, not beyond.
func TestNamedLinks(t *testing.T) {
	outside := writeFiles(t, map[string]string{"secret.yaml": secretOutside})
	dir := writeFiles(t, map[string]string{"reviews/incident.yaml": "kind: ConfigMap\n"})
	symlink(t, "reviews", filepath.Join(dir, "current"))
	symlink(t, filepath.Join(outside, "secret.yaml"), filepath.Join(dir, "leak.yaml"))

	current := filepath.Join(dir, "current")
	got, err := FindFiles([]string{current})
	if want := []string{filepath.Join(current, "incident.yaml")}; err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("a link to a sibling folder is linted under its name: %q, %v; want %q", got, err, want)
	}
	_, err = FindFiles([]string{filepath.Join(dir, "leak.yaml")})
	assertRefused(t, err, filepath.Join(dir, "leak.yaml")+": a symbolic link to a file outside the folder that holds it; lint follows links only within the folder it checks: remove the link, or lint its target on its own")
}

func TestLinkLoops(t *testing.T) {
	dir := writeFiles(t, map[string]string{"sub/incident.yaml": "kind: ConfigMap\n"})
	symlink(t, "a.yaml", filepath.Join(dir, "b.yaml"))
	symlink(t, "b.yaml", filepath.Join(dir, "a.yaml"))
	symlink(t, "..", filepath.Join(dir, "sub", "up"))
	symlink(t, "self", filepath.Join(dir, "self")) // not YAML: never read

	_, err := FindFiles([]string{dir})
	assertRefused(t, err,
		filepath.Join(dir, "a.yaml")+": a symbolic link that cannot be followed (a loop, or a missing target): remove it, or point it at a file inside "+dir,
		filepath.Join(dir, "b.yaml")+": a symbolic link that cannot be followed (a loop, or a missing target): remove it, or point it at a file inside "+dir,
	)

	// The folder that links back up is walked once.
	for _, f := range []string{"a.yaml", "b.yaml"} {
		if err := os.Remove(filepath.Join(dir, f)); err != nil {
			t.Fatal(err)
		}
	}
	got, err := FindFiles([]string{dir})
	if want := []string{filepath.Join(dir, "sub", "incident.yaml")}; err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("FindFiles = %q, %v; want %q", got, err, want)
	}
}

// A link inside the folder is followed, and the file it leads to read
// once.
func TestLinksWithinTheFolder(t *testing.T) {
	dir := writeFiles(t, map[string]string{"2026/incident.yaml": strings.Replace(incidentWithoutSIRO, "%s", "NearMiss", 1)})
	symlink(t, filepath.Join("2026", "incident.yaml"), filepath.Join(dir, "0-latest.yaml"))
	symlink(t, "2026", filepath.Join(dir, "1-this-year"))

	res, files := lintPaths(t, dir)
	if want := []string{filepath.Join(dir, "0-latest.yaml")}; !reflect.DeepEqual(files, want) {
		t.Errorf("files = %q, want %q", files, want)
	}
	assertFindings(t, res.Findings, nil)
}

func TestRefusesAFileOverTheLimit(t *testing.T) {
	dir := t.TempDir()
	atLimit, over := filepath.Join(dir, "at-limit.yaml"), filepath.Join(dir, "over.yaml")
	comment := []byte("# " + strings.Repeat("x", 1021) + "\n") // 1 KiB
	if err := os.WriteFile(atLimit, []byte(strings.Repeat(string(comment), MaxFileSize/len(comment))), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(over, append(mustReadBytes(t, atLimit), '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Check(context.Background(), []string{atLimit}, lintNow); err != nil {
		t.Errorf("a file of exactly %d bytes: %v", MaxFileSize, err)
	}
	_, err := Check(context.Background(), []string{atLimit, over}, lintNow)
	assertRefused(t, err, over+": 5.0 MiB (5242881 bytes), over the 5 MiB limit for one file: split it into smaller files")
}

// The run's total is checked as files are read: what remains of it is the
// limit readYAML is given.
func TestRefusesAFileOverWhatRemainsOfTheTotal(t *testing.T) {
	f := filepath.Join(writeFiles(t, map[string]string{"a.yaml": "kind: ConfigMap\n"}), "a.yaml")
	if _, err := readYAML(f, 16); err != nil {
		t.Errorf("16 bytes with 16 left: %v", err)
	}
	_, err := readYAML(f, 15)
	assertRefused(t, err, f+": reading it would take this run past 16 MiB of YAML, the limit for one run: lint the folder in smaller parts")
}

func TestRefusesAFolderNamedAsAFile(t *testing.T) {
	dir := t.TempDir()
	_, err := Check(context.Background(), []string{dir}, lintNow)
	assertRefused(t, err, dir+": a folder, not a regular file; lint reads only regular files: name YAML files or folders instead")
}

func mustReadBytes(t *testing.T, f string) []byte {
	t.Helper()
	b, err := os.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
