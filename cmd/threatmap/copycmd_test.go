package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"threatmap/ui"
)

// TestCopiedCommandReproducesWindow: the command Help › Copy export
// command puts on the clipboard, run through a shell's word splitting and
// this command's export, draws exactly what the window's own export
// draws. The window's state comes from its widgets: a view opened
// through File › Open view sets the filter panels, the selection, theme,
// projection and layers; the map is then zoomed and panned, and the
// timeline stepped, as a user would.
func TestCopiedCommandReproducesWindow(t *testing.T) {
	dir := ghostnetDir(t)
	view := filepath.Join(dir, "start.json")
	must(t, os.WriteFile(view, []byte(`{"threatmap_view": 1, "files": ["data/ghostnet.geojson"],
	  "filters": {"countries": ["TW", "IN", "VN", "BT", "US"], "confidence": ["high", "medium"]},
	  "selection": {"server": "ctl1"}, "projection": "equirectangular", "theme": "light",
	  "layers": ["basemap", "graticule", "links", "hosts", "servers", "legend", "caption"],
	  "playback": {"mode": "cumulative"}}`), 0o644))

	a := test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	u := ui.New(a, w, ui.Options{Synchronous: true, Version: "test"})
	w.Resize(fyne.NewSize(1400, 900))
	w.Canvas().(test.WindowlessCanvas).Capture()
	must(t, u.OpenView(view))
	u.Zoom(1.5)
	u.Pan(0.1, -0.05)
	u.End()
	u.Step(-1) // a playback instant: hosts first seen up to the day before the last
	w.Canvas().(test.WindowlessCanvas).Capture()

	u.CopyExportCommand()
	cmdline := a.Clipboard().Content()
	s := u.MapSettings()
	for _, want := range []string{"threatmap export ", "--width " + itoa(s.Width) + " --height " + itoa(s.Height),
		"--select-server ctl1", "--first-seen", "--theme light", "--projection equirectangular", filepath.Join(dir, "data", "ghostnet.geojson")} {
		if !strings.Contains(cmdline, want) {
			t.Fatalf("copied command lacks %q:\n%s", want, cmdline)
		}
	}
	out := filepath.Join(dir, "threatmap.png")
	args := shellWords(t, strings.TrimPrefix(cmdline, "threatmap export "))
	for i := range args {
		if args[i] == "-o" {
			args[i+1] = out // the command names threatmap.png in the working directory
		}
	}
	exportOK(t, args...)
	t.Logf("copied: %s", cmdline)

	want, err := u.ExportImage(s)
	must(t, err)
	samePixels(t, "the copied command against the window's export", want, readRGBA(t, out))
}

// shellWords splits a command line as sh does.
func shellWords(t *testing.T, line string) []string {
	t.Helper()
	b, err := exec.Command("sh", "-c", `for a in `+line+`; do printf '%s\0' "$a"; done`).Output()
	must(t, err)
	return strings.Split(strings.TrimSuffix(string(b), "\x00"), "\x00")
}

func itoa(n int) string { return strconv.Itoa(n) }
