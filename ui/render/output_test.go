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
