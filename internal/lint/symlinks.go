package lint

import (
	"io/fs"
	"path/filepath"
)

// realPath is the absolute path of a file with every symbolic link on the
// way resolved; an error for a link that loops or whose target is
// missing.
func realPath(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	return filepath.EvalSymlinks(abs)
}

// within tells whether a real path is folder or inside it.
func within(folder, path string) bool {
	rel, err := filepath.Rel(folder, path)
	return err == nil && filepath.IsLocal(rel)
}

// linkLeadsNowhere refuses a link that loops or whose target is missing;
// scope names the folder it was found in.
func linkLeadsNowhere(link, scope string) error {
	return &refusal{
		path: link,
		why:  "a symbolic link that cannot be followed (a loop, or a missing target)",
		todo: "remove it, or point it at a file inside " + scope,
	}
}

// linkLeadsOut refuses a link whose target is outside the folder linted,
// without reading the target; info describes the target.
func linkLeadsOut(link string, target fs.FileInfo, scope string) error {
	what := "a file"
	if target.IsDir() {
		what = "a folder"
	}
	return &refusal{
		path: link,
		why:  "a symbolic link to " + what + " outside " + scope + "; lint follows links only within the folder it checks",
		todo: "remove the link, or lint its target on its own",
	}
}

// describeFolder names a folder given on the command line in messages.
func describeFolder(p string) string {
	if filepath.Clean(p) == "." {
		return "the current folder"
	}
	return p
}
