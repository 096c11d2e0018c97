package main

import (
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"threatmap/data/ingest"
	"threatmap/ui"
	"threatmap/ui/viewspec"
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

	a, w, u := windowWithView(t, view)
	u.Zoom(1.5)
	u.Pan(0.1, -0.05)
	u.End()
	u.Step(-1) // a playback instant: hosts first seen up to the day before the last
	w.Canvas().(test.WindowlessCanvas).Capture()

	copiedMatchesWindow(t, a, u, dir, "--select-server ctl1", "--first-seen", "--theme light", "--projection equirectangular")
}

// TestCopiedCommandReproducesStack: as TestCopiedCommandReproducesWindow,
// with hosts selected together: a view selecting the New Delhi hosts (one
// marker at world scale, a stack clicked in the window), opened in the
// window at a zoom that splits them, and one of them missing from the
// data.
func TestCopiedCommandReproducesStack(t *testing.T) {
	dir := ghostnetDir(t)
	ds, _ := ingest.Default() // the data/ghostnet.geojson of dir
	var delhi []int32
	for i := range ds.Hosts.Len() {
		if math.Abs(float64(ds.Hosts.Lon[i])-77.2) < 0.5 && math.Abs(float64(ds.Hosts.Lat[i])-28.6) < 0.5 {
			delhi = append(delhi, int32(i))
		}
	}
	if len(delhi) < 20 {
		t.Fatalf("%d hosts around New Delhi, want a stack", len(delhi))
	}
	refs := viewspec.HostRefs(ds, delhi)
	view := filepath.Join(dir, "delhi.json")
	must(t, os.WriteFile(view, []byte(`{"threatmap_view": 1, "files": ["data/ghostnet.geojson"],
	  "selection": {"hosts": ["`+strings.Join(refs, `", "`)+`", "gone-host"]}, "extent": {"center": [77.2, 28.6], "zoom": 12}}`), 0o644))

	a, w, u := windowWithView(t, view)
	w.Canvas().(test.WindowlessCanvas).Capture()
	copiedMatchesWindow(t, a, u, dir, "--select-hosts "+strings.Join(refs, ",")+" ")
}

// copiedMatchesWindow runs the command Help › Copy export command copies
// and checks that it holds each of want and draws the window's export.
func copiedMatchesWindow(t *testing.T, a fyne.App, u *ui.App, dir string, want ...string) {
	t.Helper()
	u.CopyExportCommand()
	cmdline := a.Clipboard().Content()
	s := u.MapSettings()
	for _, want := range append([]string{"threatmap export ", "--width " + itoa(s.Width) + " --height " + itoa(s.Height),
		filepath.Join(dir, "data", "ghostnet.geojson")}, want...) {
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

	img, err := u.ExportImage(s)
	must(t, err)
	samePixels(t, "the copied command against the window's export", img, readRGBA(t, out))
}

// shellWords splits a command line as sh does.
func shellWords(t *testing.T, line string) []string {
	t.Helper()
	b, err := exec.Command("sh", "-c", `for a in `+line+`; do printf '%s\0' "$a"; done`).Output()
	must(t, err)
	return strings.Split(strings.TrimSuffix(string(b), "\x00"), "\x00")
}

func itoa(n int) string { return strconv.Itoa(n) }

// windowWithView opens the view file in a 1400x900 test window, drawn.
func windowWithView(t *testing.T, view string) (fyne.App, fyne.Window, *ui.App) {
	t.Helper()
	a := test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	u := ui.New(a, w, ui.Options{Synchronous: true, Version: "test"})
	w.Resize(fyne.NewSize(1400, 900))
	w.Canvas().(test.WindowlessCanvas).Capture()
	must(t, u.OpenView(view))
	return a, w, u
}
