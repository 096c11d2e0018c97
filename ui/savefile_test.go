package ui

import (
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/storage/repository"
	"fyne.io/fyne/v2/test"
)

// TestLazyFiles: what the save dialog does with the file a user names
// (open a writer, hand it over, the app closes it) leaves that file as it
// was, and creates none; a writer that writes still writes.
func TestLazyFiles(t *testing.T) {
	test.NewTempApp(t)
	registerLazyFiles()
	if r, _ := repository.ForScheme("file"); r == nil {
		t.Fatal("no file repository")
	} else if _, ok := r.(lazyFiles); !ok {
		t.Fatalf("file repository is %T, not lazyFiles", r)
	}
	dir := t.TempDir()
	input := filepath.Join(dir, "hosts.geojson")
	if err := os.WriteFile(input, []byte(`{"type":"FeatureCollection","features":[]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{input, filepath.Join(dir, "map")} {
		w, err := storage.Writer(storage.NewFileURI(p))
		if err != nil {
			t.Fatal(err)
		}
		w.Close()
	}
	if b, _ := os.ReadFile(input); len(b) == 0 {
		t.Error("the named input was truncated")
	}
	if _, err := os.Stat(filepath.Join(dir, "map")); err == nil {
		t.Error("a file was created for a name the app only read")
	}
	w, _ := storage.Writer(storage.NewFileURI(filepath.Join(dir, "x.txt")))
	if _, err := w.Write([]byte("ok")); err != nil {
		t.Fatal(err)
	}
	w.Close()
	if b, _ := os.ReadFile(filepath.Join(dir, "x.txt")); string(b) != "ok" {
		t.Errorf("written %q", b)
	}
}
