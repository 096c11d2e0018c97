package render

import (
	"image"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDirOf: the directory a name is created in, uncleaned.
func TestDirOf(t *testing.T) {
	for in, want := range map[string]string{"m.png": ".", "/m.png": "/", "a/m.png": "a", "a/../b/m.png": "a/../b", "/a/b/m.png": "/a/b"} {
		if got := dirOf(in); got != want {
			t.Errorf("dirOf(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestSameOutput: two names that would write one file, through a link to
// their folder, a link to the other name or a hard link, are the same
// output; distinct names, or a link's own name beside an unrelated file,
// are not.
func TestSameOutput(t *testing.T) {
	dir := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.Mkdir(filepath.Join(dir, "sub"), 0o755))
	must(os.Symlink(".", filepath.Join(dir, "here")))
	must(os.Symlink("sub/..", filepath.Join(dir, "up")))
	must(os.Symlink("m.png", filepath.Join(dir, "to-m.json")))
	must(os.WriteFile(filepath.Join(dir, "a.png"), nil, 0o644))
	must(os.Link(filepath.Join(dir, "a.png"), filepath.Join(dir, "b.json")))
	for _, tc := range []struct {
		name string
		a, b string
		same bool
	}{
		{"one name", "m.png", "./m.png", true},
		{"link to the folder", "here/m.png", "m.png", true},
		{"link through ..", "up/m.png", "m.png", true},
		{"link to the other name", "to-m.json", "m.png", true},
		{"hard link", "a.png", "b.json", true},
		{"two names", "m.png", "m.json", false},
		{"link's folder differs", "sub/m.png", "m.png", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, b := filepath.Join(dir, tc.a), filepath.Join(dir, tc.b)
			if got := SameOutput(a, b); got != tc.same {
				t.Errorf("SameOutput(%s, %s) = %v, want %v", tc.a, tc.b, got, tc.same)
			}
		})
	}
}

// TestCreateOutputNamesTheFolder: a folder where no file can be made
// (procfs refuses any, to root as well) is named with the reason, and a
// failed write gives its reason alone; the messages named the hidden
// temporary file ("open /ro/.threatmap-1s8s5cg5xged0.tmp: permission
// denied", "write /small/.threatmap-….tmp: no space left on device").
func TestCreateOutputNamesTheFolder(t *testing.T) {
	_, err := CreateOutput("/proc/map.png", nil, false)
	if want := "cannot write /proc/map.png: cannot create a file in /proc: "; err == nil || !strings.HasPrefix(err.Error(), want) || strings.Contains(err.Error(), ".threatmap-") {
		t.Errorf("error %v, want %q and a reason", err, want)
	}
	// A failed write says why alone; its caller names the output.
	o, err := CreateOutput(filepath.Join(t.TempDir(), "map.png"), nil, false)
	if err != nil {
		t.Fatal(err)
	}
	defer o.Abort()
	o.f.Close()
	if _, err := o.Write([]byte("x")); err == nil || strings.Contains(err.Error(), ".threatmap-") {
		t.Errorf("write error %v names the temporary file", err)
	}
}

// TestWritePNGNeverOverAnInput: the window's export names the loaded files
// as inputs; with overwrite, one of them is still refused, and left as it
// was.
func TestWritePNGNeverOverAnInput(t *testing.T) {
	in := filepath.Join(t.TempDir(), "hosts.geojson")
	if err := os.WriteFile(in, []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	err := WritePNG(in, image.NewRGBA(image.Rect(0, 0, 2, 2)), true, in)
	if err == nil || !strings.Contains(err.Error(), "is the input file") {
		t.Fatalf("err %v", err)
	}
	if b, _ := os.ReadFile(in); string(b) != "{}" {
		t.Errorf("input now %q", b)
	}
}
