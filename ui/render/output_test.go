package render

import "testing"

// TestDirOf: the directory a name is created in, uncleaned.
func TestDirOf(t *testing.T) {
	for in, want := range map[string]string{"m.png": ".", "/m.png": "/", "a/m.png": "a", "a/../b/m.png": "a/../b", "/a/b/m.png": "/a/b"} {
		if got := dirOf(in); got != want {
			t.Errorf("dirOf(%q) = %q, want %q", in, got, want)
		}
	}
}
