package lint

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"sigs.k8s.io/yaml"
)

// FindFiles expands the paths given on the command line into the files to
// check, in order and each once, however often it is named or linked to:
// directories recursively (*.yaml, *.yml; hidden directories and the patch
// files of a kustomization are skipped), files as named, whatever their
// name.
//
// What lint must not read is refused, with ErrRefused: anything but a
// regular file, and a symbolic link that does not resolve or leads out of
// the folder being linted (for a path named, out of the folder holding
// it). A link to a folder inside is not followed: that folder is linted
// under its own name. The refusals are returned together. A path that
// cannot be read is an error naming it.
func FindFiles(paths []string) ([]string, error) {
	s := &selection{seen: map[string]bool{}}
	for _, p := range paths {
		if err := s.addPath(p); err != nil {
			return nil, err
		}
	}
	if err := errors.Join(s.refused...); err != nil {
		return nil, err
	}
	return s.files, nil
}

// selection gathers the files of a run, and the paths refused.
type selection struct {
	files   []string
	seen    map[string]bool // the real paths of files, links resolved
	refused []error
}

// add lists a file by the name it was found under, unless its real path
// is listed already.
func (s *selection) add(name, real string) {
	if !s.seen[real] {
		s.seen[real] = true
		s.files = append(s.files, name)
	}
}

func (s *selection) refuse(err error) { s.refused = append(s.refused, err) }

// addPath adds a path named on the command line.
func (s *selection) addPath(p string) error {
	info, err := os.Lstat(p)
	if err != nil {
		return cannotRead(p, err)
	}
	real, err := realPath(p)
	if err != nil {
		s.refuse(linkLeadsNowhere(p, "the folder that holds it"))
		return nil
	}
	if info.Mode()&fs.ModeSymlink != 0 {
		holder, err := realPath(filepath.Dir(filepath.Clean(p)))
		if err != nil {
			return cannotRead(p, err)
		}
		if info, err = os.Stat(real); err != nil {
			return cannotRead(p, err)
		}
		if !within(holder, real) {
			s.refuse(linkLeadsOut(p, info, "the folder that holds it"))
			return nil
		}
	}
	switch {
	case info.IsDir():
		return s.addFolder(p, real)
	case info.Mode().IsRegular():
		s.add(p, real)
	default:
		s.refuse(notRegular(p, info.Mode(), "name YAML files or folders instead"))
	}
	return nil
}

// addFolder adds the YAML files of a folder named p, whose real path is
// root. Entries are named under p, as given.
func (s *selection) addFolder(p, root string) error {
	scope := describeFolder(p)
	patches := map[string]bool{}
	return filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		rel, _ := filepath.Rel(root, path)
		name := filepath.Join(p, rel)
		if err != nil {
			return cannotRead(name, err)
		}
		switch {
		case d.IsDir():
			if path != root && isHidden(d.Name()) {
				return filepath.SkipDir
			}
			for _, f := range kustomizePatches(path) {
				patches[f] = true
			}
		case d.Type()&fs.ModeSymlink != 0:
			s.addLink(name, path, root, scope, patches)
		case !isYAML(d.Name()) || patches[path]:
			// not lint's to read
		case !d.Type().IsRegular():
			s.refuse(notRegular(name, d.Type(), "remove it from the folder"))
		default:
			s.add(name, path)
		}
		return nil
	})
}

// addLink adds the target of a symbolic link found in a folder (root, its
// real path) when it is a YAML file the walk would have read, inside the
// folder. Links to folders are not followed, so they cannot loop.
func (s *selection) addLink(name, path, root, scope string, patches map[string]bool) {
	target, err := realPath(path)
	if err != nil {
		if isYAML(name) {
			s.refuse(linkLeadsNowhere(name, scope))
		}
		return // perhaps a link to a folder; nothing to read either way
	}
	info, err := os.Stat(target)
	if err != nil {
		s.refuse(linkLeadsNowhere(name, scope))
		return
	}
	inside := within(root, target)
	switch {
	case info.IsDir() && (inside || isHidden(filepath.Base(name))):
		// linted under its own name, or hidden like a hidden folder
	case !info.IsDir() && (!isYAML(name) || patches[path]):
		// not lint's to read
	case !inside:
		s.refuse(linkLeadsOut(name, info, scope))
	case !info.Mode().IsRegular():
		s.refuse(notRegular(name, info.Mode(), "remove it from the folder"))
	default:
		s.add(name, target)
	}
}

func isYAML(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".yaml", ".yml":
		return true
	}
	return false
}

func isHidden(name string) bool { return strings.HasPrefix(name, ".") }

// cannotRead names a path that cannot be read, and the system's reason.
func cannotRead(path string, err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return fmt.Errorf("cannot read %s: %w", path, err)
}

// kustomizePatches lists the patch files a directory's kustomization
// names: they hold partial objects, which are not meant to validate alone.
func kustomizePatches(dir string) []string {
	for _, name := range []string{"kustomization.yaml", "kustomization.yml", "Kustomization"} {
		b, err := readKustomization(filepath.Join(dir, name))
		if err != nil {
			continue
		}
		var k struct {
			Patches []struct {
				Path string `json:"path"`
			} `json:"patches"`
			PatchesStrategicMerge []string `json:"patchesStrategicMerge"`
			PatchesJSON6902       []struct {
				Path string `json:"path"`
			} `json:"patchesJson6902"`
		}
		if yaml.Unmarshal(b, &k) != nil {
			return nil
		}
		var out []string
		add := func(p string) {
			if p != "" && !strings.Contains(p, "\n") {
				out = append(out, filepath.Clean(filepath.Join(dir, p)))
			}
		}
		for _, p := range k.Patches {
			add(p.Path)
		}
		for _, p := range k.PatchesStrategicMerge {
			add(p)
		}
		for _, p := range k.PatchesJSON6902 {
			add(p.Path)
		}
		return out
	}
	return nil
}

// readKustomization reads a kustomization that is a regular file itself,
// not a link (a link is refused or followed as the walk reaches it).
func readKustomization(path string) ([]byte, error) {
	info, err := os.Lstat(path)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, notRegular(path, info.Mode(), "remove it from the folder")
	}
	return readYAML(path, MaxFileSize)
}
