package viewspec

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"threatmap/ui/render"
)

// MaxFileSize bounds a view file: a view is a few hundred bytes, a
// thousand-file view a few hundred kilobytes, and a stack of 100,000
// hosts selected together 3 MB (IPv4 addresses) to 6 MB (IPv6). Reading
// 16 MiB takes about a second; Marshal writes no view it cannot read.
const MaxFileSize = 16 << 20

// Parse reads a view file's bytes. It returns the view, a warning per key
// it does not know (ignored, named by its path: "filters.contries"), or an
// error that says where: "line 3, column 15: ..." for broken JSON or a
// value of the wrong type, the field's name for a bad value. Times, names
// and numbers are checked (View.Check); files are not opened.
func Parse(data []byte) (*View, []string, error) {
	if len(data) > MaxFileSize {
		return nil, nil, fmt.Errorf("%d bytes: too large for a view (at most %d)", len(data), MaxFileSize)
	}
	// A UTF-8 byte order mark, which Windows editors put first, is not
	// JSON: without it lines and columns count as the editor shows them.
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	var raw any
	if err := json.Unmarshal(data, &raw); err != nil {
		return nil, nil, located(data, err)
	}
	top, ok := raw.(map[string]any)
	if !ok {
		return nil, nil, errors.New("not a threatmap view: the file is not a JSON object")
	}
	ver, ok := lookup(top, "threatmap_view")
	if !ok {
		return nil, nil, errors.New(`not a threatmap view: no "threatmap_view" key`)
	}
	if n, ok := ver.(float64); !ok || n != float64(int(n)) || n < 1 {
		return nil, nil, fmt.Errorf("threatmap_view: %v is not a version number", ver)
	} else if n > Version {
		return nil, nil, fmt.Errorf("threatmap_view: version %v was written by a newer threatmap (this one reads version %d)", n, Version)
	}
	v := new(View)
	if err := json.Unmarshal(data, v); err != nil {
		return nil, nil, located(data, err)
	}
	if len(v.Files) == 0 {
		v.Files = nil // "files": [] is the embedded data, as no key
	}
	var warns []string
	unknownKeys(top, reflect.TypeOf(*v), "", &warns)
	if err := v.Check(); err != nil {
		return nil, warns, err
	}
	return v, warns, nil
}

// Marshal writes v as an indented JSON file, ending with a newline. A
// view over MaxFileSize, which Parse would refuse, is an error.
func Marshal(v *View) ([]byte, error) {
	c := *v
	c.Version = Version
	if err := c.Selection.check(); err != nil {
		return nil, err
	}
	b, err := json.MarshalIndent(&c, "", "  ")
	if err != nil {
		return nil, err
	}
	if len(b) >= MaxFileSize {
		why := ""
		if n := len(v.Selection.Hosts); n > 0 {
			why = fmt.Sprintf(": it selects %s hosts; select fewer", render.Count(n))
		}
		return nil, fmt.Errorf("the view takes %.1f MiB, more than a view file may (%d MiB)%s", float64(len(b))/(1<<20), MaxFileSize>>20, why)
	}
	return append(b, '\n'), nil
}

// located turns a JSON error into one that names the line and column.
func located(data []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		line, col := lineCol(data, syn.Offset)
		return fmt.Errorf("line %d, column %d: %s", line, col, strings.TrimPrefix(syn.Error(), "json: "))
	case errors.As(err, &typ):
		line, col := lineCol(data, typ.Offset)
		field := typ.Field
		if field == "" {
			field = "value"
		}
		return fmt.Errorf("line %d, column %d: %s: want %s, not a JSON %s", line, col, field, typeName(typ.Type), typ.Value)
	}
	return err
}

// lineCol converts a byte offset (the byte after the error, as
// encoding/json reports it) to a 1-based line and column.
func lineCol(data []byte, off int64) (line, col int) {
	off = min(max(off, 1), int64(len(data)))
	before := data[:off]
	line = bytes.Count(before, []byte{'\n'}) + 1
	col = len(before) - bytes.LastIndexByte(before, '\n') - 1
	return line, max(col, 1)
}

func typeName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Slice, reflect.Array:
		return "a list of " + typeName(t.Elem()) + "s"
	case reflect.String:
		return "string"
	case reflect.Int:
		return "whole number"
	case reflect.Float64:
		return "number"
	case reflect.Bool:
		return "true or false"
	case reflect.Pointer:
		return typeName(t.Elem())
	case reflect.Struct:
		return "object"
	}
	return t.String()
}

// lookup finds key in m as encoding/json matches it: exactly, else
// ignoring case.
func lookup(m map[string]any, key string) (any, bool) {
	if v, ok := m[key]; ok {
		return v, true
	}
	for k, v := range m {
		if strings.EqualFold(k, key) {
			return v, true
		}
	}
	return nil, false
}

// unknownKeys appends a warning for each key of m that t (a struct type,
// read through its json tags) does not have, and recurses into the
// objects it does have.
func unknownKeys(m map[string]any, t reflect.Type, path string, warns *[]string) {
	known := map[string]reflect.Type{}
	for f := range t.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		ft := f.Type
		if ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		known[strings.ToLower(name)] = ft
	}
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		ft, ok := known[strings.ToLower(k)]
		switch {
		case !ok:
			*warns = append(*warns, fmt.Sprintf("unknown key %q ignored", path+k))
		case ft.Kind() == reflect.Struct:
			if sub, ok := m[k].(map[string]any); ok {
				unknownKeys(sub, ft, path+k+".", warns)
			}
		}
	}
}
