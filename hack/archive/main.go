// Command archive packs files into one release archive that is the same
// byte for byte on every machine: each file under its base name, in the
// order given, owned by root, dated -mtime, executable only if the file is.
// The name chooses the format: .tar.gz or .zip. `make release` runs it for
// the plugin archives.
//
//	go run ./hack/archive -o kubectl-lessons_v0.2.0_linux_amd64.tar.gz [-mtime UNIX] FILE...
package main

import (
	"archive/tar"
	"archive/zip"
	"compress/gzip"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

func main() {
	out := flag.String("o", "", "the archive to write: NAME.tar.gz or NAME.zip")
	mtime := flag.Int64("mtime", 315532800, "the time every entry carries, in seconds since 1970 (default 1980-01-01, the earliest a zip can hold)")
	flag.Parse()
	if *out == "" || flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: archive -o NAME.tar.gz|NAME.zip [-mtime UNIX] FILE...")
		os.Exit(2)
	}
	if err := write(*out, time.Unix(*mtime, 0).UTC(), flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "archive:", err)
		os.Exit(1)
	}
}

// entry is one file to pack.
type entry struct {
	name string
	mode fs.FileMode // 0755 or 0644
	data []byte
}

func read(paths []string) ([]entry, error) {
	seen := map[string]bool{}
	var entries []entry
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		if !info.Mode().IsRegular() {
			return nil, fmt.Errorf("%s is not a regular file", p)
		}
		name := filepath.Base(p)
		if seen[name] {
			return nil, fmt.Errorf("two files named %s", name)
		}
		seen[name] = true
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		mode := fs.FileMode(0o644)
		if info.Mode()&0o111 != 0 {
			mode = 0o755
		}
		entries = append(entries, entry{name: name, mode: mode, data: data})
	}
	return entries, nil
}

func write(out string, mtime time.Time, paths []string) (err error) {
	entries, err := read(paths)
	if err != nil {
		return err
	}
	var pack func(io.Writer, time.Time, []entry) error
	switch {
	case strings.HasSuffix(out, ".tar.gz"):
		pack = packTarGz
	case strings.HasSuffix(out, ".zip"):
		pack = packZip
	default:
		return fmt.Errorf("%s: the name must end in .tar.gz or .zip", out)
	}
	f, err := os.Create(out)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, f.Close()) }()
	return pack(f, mtime, entries)
}

func packTarGz(w io.Writer, mtime time.Time, entries []entry) error {
	// No name and no time in the gzip header, so that only the contents
	// make the bytes.
	gz, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	tw := tar.NewWriter(gz)
	for _, e := range entries {
		hdr := &tar.Header{
			Typeflag: tar.TypeReg,
			Name:     e.name,
			Mode:     int64(e.mode),
			Size:     int64(len(e.data)),
			ModTime:  mtime,
			Uname:    "root",
			Gname:    "root",
			Format:   tar.FormatUSTAR,
		}
		if err := tw.WriteHeader(hdr); err != nil {
			return err
		}
		if _, err := tw.Write(e.data); err != nil {
			return err
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return gz.Close()
}

func packZip(w io.Writer, mtime time.Time, entries []entry) error {
	zw := zip.NewWriter(w)
	for _, e := range entries {
		hdr := &zip.FileHeader{Name: e.name, Method: zip.Deflate, Modified: mtime}
		hdr.SetMode(e.mode)
		fw, err := zw.CreateHeader(hdr)
		if err != nil {
			return err
		}
		if _, err := fw.Write(e.data); err != nil {
			return err
		}
	}
	return zw.Close()
}
