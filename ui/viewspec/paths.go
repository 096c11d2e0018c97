package viewspec

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"threatmap/ui/render"
)

// Read reads and parses the view file at path and resolves its files
// against the file's folder (Resolve). Warnings and the error name path.
func Read(path string) (*View, []string, error) {
	// A regular file or a named pipe ('--view <(jq ... v.json)', as data
	// files may be); a device (/dev/zero) or a folder is refused by name.
	if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() && st.Mode()&fs.ModeNamedPipe == 0 {
		return nil, nil, fmt.Errorf("%s is %s, not a view file", path, render.Irregular(st.Mode()))
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %v", path, err)
	}
	v, warns, err := Parse(data)
	for i, w := range warns {
		warns[i] = path + ": " + w
	}
	if err != nil {
		return nil, warns, fmt.Errorf("%s: %v", path, err)
	}
	v.Resolve(filepath.Dir(path))
	return v, warns, nil
}

// Resolve makes v's relative file names relative to dir (the view file's
// folder) instead: as they are read back from a file.
func (v *View) Resolve(dir string) {
	resolve := func(f string) string {
		if f == "" || filepath.IsAbs(f) {
			return f
		}
		return filepath.Join(dir, filepath.FromSlash(f))
	}
	for i, f := range v.Files {
		v.Files[i] = resolve(f)
	}
	v.GeoIP = resolve(v.GeoIP)
}

// Relative returns a copy of v whose files are written relative to dir
// (the folder of the view file to be written) when they lie inside it or
// beside it (briefing/views/v.json naming briefing/data/x.geojson as
// ../data/x.geojson), so that a folder of data and views can be moved or
// shared; the others are absolute. Names relative to the working directory are made absolute
// first.
func (v *View) Relative(dir string) *View {
	c := *v
	c.Files = make([]string, len(v.Files))
	absDir, errDir := filepath.Abs(dir)
	relative := func(f string) string {
		abs, err := filepath.Abs(f)
		if f == "" || err != nil {
			return f
		}
		if errDir != nil {
			return abs
		}
		if rel, err := filepath.Rel(absDir, abs); err == nil && upLevels(rel) <= 1 {
			return filepath.ToSlash(rel)
		}
		return abs
	}
	for i, f := range v.Files {
		c.Files[i] = relative(f)
	}
	c.GeoIP = relative(v.GeoIP)
	if len(c.Files) == 0 {
		c.Files = nil
	}
	return &c
}

// upLevels counts the leading ".." steps of the relative path rel.
func upLevels(rel string) int {
	n := 0
	for rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		n++
		rel = strings.TrimPrefix(strings.TrimPrefix(rel, ".."), string(filepath.Separator))
	}
	return n
}
