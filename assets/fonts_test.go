package assets

import (
	"io/fs"
	"slices"
	"testing"
)

// TestFallbackFonts: each font of FallbackFonts is embedded, listed once,
// and each embedded font is listed (a font added to fonts/ but not to the
// list would only grow the binary).
func TestFallbackFonts(t *testing.T) {
	for i, name := range FallbackFonts {
		if b, err := Fonts.ReadFile(name); err != nil || len(b) < 1000 {
			t.Errorf("%s: %d bytes, %v", name, len(b), err)
		}
		if slices.Index(FallbackFonts, name) != i {
			t.Errorf("%s listed twice", name)
		}
	}
	embedded, err := fs.Glob(Fonts, "fonts/*.woff")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range embedded {
		if !slices.Contains(FallbackFonts, name) {
			t.Errorf("%s is embedded but not in FallbackFonts", name)
		}
	}
}
