package lint

import (
	"io"
	"io/fs"
	"os"
)

// readYAML reads a file to check, refusing one over limit bytes:
// MaxFileSize, or less when the run has nearly read MaxTotalSize. What is
// not a regular file is refused before it is opened (opening a named pipe
// waits for a writer), and reading stops past the limit rather than
// reading a file whole and then measuring it.
func readYAML(path string, limit int64) ([]byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if err := checkReadable(path, info, limit); err != nil {
		return nil, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// The path may have been replaced since it was looked at.
	if info, err = f.Stat(); err != nil {
		return nil, err
	}
	if err := checkReadable(path, info, limit); err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		// Longer than it said it was: growing, or a kernel file.
		if limit == MaxFileSize {
			return nil, tooBig(path, "more than "+describeSize(MaxFileSize))
		}
		return nil, overTotal(path)
	}
	return data, nil
}

// checkReadable refuses what readYAML must not read, from what is known
// of the file before reading it.
func checkReadable(path string, info fs.FileInfo, limit int64) error {
	switch {
	case !info.Mode().IsRegular():
		return notRegular(path, info.Mode(), "name YAML files or folders instead")
	case info.Size() > MaxFileSize:
		return tooBig(path, describeSize(info.Size()))
	case info.Size() > limit:
		return overTotal(path)
	}
	return nil
}
