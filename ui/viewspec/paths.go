package viewspec

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// Read reads and parses the view file at path and resolves its files
// against the file's folder (Resolve). Warnings and the error name path.
func Read(path string) (*View, []string, error) {
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
	for i, f := range v.Files {
		if !filepath.IsAbs(f) {
			v.Files[i] = filepath.Join(dir, filepath.FromSlash(f))
		}
	}
}

// Relative returns a copy of v whose files are written relative to dir
// (the folder of the view file to be written) when they lie inside it, so
// that a folder of data and views can be moved or shared; the others are
// absolute. Names relative to the working directory are made absolute
// first.
func (v *View) Relative(dir string) *View {
	c := *v
	c.Files = make([]string, len(v.Files))
	absDir, errDir := filepath.Abs(dir)
	for i, f := range v.Files {
		abs, err := filepath.Abs(f)
		if err != nil {
			c.Files[i] = f
			continue
		}
		c.Files[i] = abs
		if errDir != nil {
			continue
		}
		if rel, err := filepath.Rel(absDir, abs); err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			c.Files[i] = filepath.ToSlash(rel)
		}
	}
	if len(c.Files) == 0 {
		c.Files = nil
	}
	return &c
}
