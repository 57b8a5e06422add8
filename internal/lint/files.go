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
// check, in order and each once: directories recursively (*.yaml, *.yml;
// hidden directories and the patch files of a kustomization are skipped),
// files as named, whatever their name. A path that cannot be read is an
// error naming it.
func FindFiles(paths []string) ([]string, error) {
	var files []string
	seen := map[string]bool{}
	add := func(f string) {
		if !seen[f] {
			seen[f] = true
			files = append(files, f)
		}
	}
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("cannot read %s: %w", p, errors.Unwrap(err))
		}
		if !info.IsDir() {
			add(p)
			continue
		}
		patches := map[string]bool{}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if path != p && strings.HasPrefix(d.Name(), ".") {
					return filepath.SkipDir
				}
				for _, f := range kustomizePatches(path) {
					patches[f] = true
				}
				return nil
			}
			switch strings.ToLower(filepath.Ext(path)) {
			case ".yaml", ".yml":
				if !patches[filepath.Clean(path)] {
					add(path)
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return files, nil
}

// kustomizePatches lists the patch files a directory's kustomization
// names: they hold partial objects, which are not meant to validate alone.
func kustomizePatches(dir string) []string {
	for _, name := range []string{"kustomization.yaml", "kustomization.yml", "Kustomization"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
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
