package main

import (
	"bytes"
	"image/gif"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"threatmap/data/ingest"
	"threatmap/data/threat"
	"threatmap/data/timeline"
	"threatmap/ui/viewspec"
)

func TestParseExportAnim(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		err  string // substring; "" = ok
	}{
		{"gif defaults", []string{"-o", "x.gif"}, ""},
		{"all animation flags", []string{"-o", "x.gif", "--frames", "10", "--fps", "25", "--window", "2w", "--from", "2008-06", "--to", "2009"}, ""},
		{"cumulative", []string{"-o", "x.GIF", "--frames", "2", "--cumulative"}, ""},
		{"video fps 60", []string{"-o", "x.mp4", "--frames", "2", "--fps", "60"}, ""},
		{"frames with png", []string{"-o", "x.png", "--frames", "10"}, "must end in .gif, .mp4 or .webm"},
		{"window with png", []string{"-o", "x.png", "--window", "30d"}, "must end in .gif"},
		{"one frame", []string{"-o", "x.gif", "--frames", "1"}, "--frames 1: want 2 to"},
		{"too many frames", []string{"-o", "x.gif", "--frames", "100000"}, "want 2 to"},
		{"fps zero", []string{"-o", "x.gif", "--fps", "-1"}, "--fps -1"},
		{"fps given as 0", []string{"-o", "x.gif", "--fps", "0"}, "--fps 0: want 1 to 60"},
		{"frames given as 0", []string{"-o", "x.gif", "--frames", "0"}, "--frames 0: want 2 to"},
		{"frames 0 with png", []string{"-o", "x.png", "--frames", "0"}, "must end in .gif"},
		{"fps 61", []string{"-o", "x.webm", "--fps", "61"}, "want 1 to 60"},
		{"gif fps 60", []string{"-o", "x.gif", "--fps", "60"}, "a GIF plays at most 50"},
		{"both modes", []string{"-o", "x.gif", "--cumulative", "--window", "30d"}, "exclude each other"},
		{"bad window", []string{"-o", "x.gif", "--window", "30"}, "--window: window \"30\""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseExport(tc.args, &bytes.Buffer{})
			if tc.err == "" && err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)) {
				t.Fatalf("error %v, want one containing %q", err, tc.err)
			}
		})
	}
	opt, err := parseExport([]string{"-o", "x.gif", "--window", "12h"}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	a, _, err := viewspec.Animate(ghostnet(t), opt.view.spec)
	if err != nil || a.Frames != 60 || opt.view.spec.AnimFPS() != 10 || a.Play.Mode != timeline.Moving || a.Play.Window != 12*3600 {
		t.Fatalf("%+v, %v: want 60 frames at 10 fps, a moving window of 12 h", opt.view.spec, err)
	}
}

// TestExportGIF: the GIF has the frames and size asked for, a summary on
// stderr (not a terminal), and exit 2 for --frames with a PNG.
func TestExportGIF(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "spread.gif")
	var stderr bytes.Buffer
	args := []string{"--frames", "4", "--fps", "5", "--window", "8w", "--from", "2008-06-01", "--width", "320", "--height", "180", "-o", out}
	if rc := runExport(args, &stderr, &stderr); rc != 0 {
		t.Fatalf("rc %d: %s", rc, stderr.String())
	}
	if s := stderr.String(); !strings.Contains(s, "wrote "+out+": 4 frames of 320x180 at 5 fps") || strings.Contains(s, "frame 1/4") {
		t.Errorf("stderr %q, want one summary line", s)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	g, err := gif.DecodeAll(f)
	if err != nil || len(g.Image) != 4 || g.Config.Width != 320 || g.Config.Height != 180 {
		t.Fatalf("decode: %v; want 4 frames of 320x180", err)
	}
	stderr.Reset()
	if rc := runExport([]string{"--frames", "4", "-o", filepath.Join(dir, "x.png")}, &stderr, &stderr); rc != 2 {
		t.Fatalf("rc %d for --frames with a .png, want 2", rc)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Fatalf("directory holds %v, want only spread.gif", ents)
	}
}

// TestExportVideoWithoutFFmpeg: exit 1, the tool and the alternative
// named, nothing written.
func TestExportVideoWithoutFFmpeg(t *testing.T) {
	t.Setenv("PATH", "")
	dir := t.TempDir()
	var stderr bytes.Buffer
	if rc := runExport([]string{"--frames", "3", "-o", filepath.Join(dir, "spread.mp4")}, &stderr, &stderr); rc != 1 {
		t.Fatalf("rc %d, want 1", rc)
	}
	if s := stderr.String(); !strings.Contains(s, "needs ffmpeg") || !strings.Contains(s, ".gif") {
		t.Errorf("stderr %q, want ffmpeg and .gif named", s)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Fatalf("directory holds %v, want nothing", ents)
	}
}

// ghostnet is the embedded dataset.
func ghostnet(t *testing.T) *threat.Dataset {
	t.Helper()
	ds, rep := ingest.Default()
	if rep.Err != nil {
		t.Fatal(rep.Err)
	}
	return ds
}

// TestAnimViewRoundTrip: the animation flags are part of the view. An
// animation saved with --save-view and drawn again with --view alone is
// the same file; flags beside --view override it; the same view drawn to
// a .png is a still, with nothing to refuse.
func TestAnimViewRoundTrip(t *testing.T) {
	dir := t.TempDir()
	a, b, view := filepath.Join(dir, "a.gif"), filepath.Join(dir, "b.gif"), filepath.Join(dir, "v.json")
	exportOK(t, "--frames", "6", "--width", "320", "--height", "180", "--from", "2008-06", "--save-view", view, "-o", a)
	saved, err := os.ReadFile(view)
	must(t, err)
	for _, want := range []string{`"frames": 6`, `"fps": 10`, `"mode": "cumulative"`} {
		if !bytes.Contains(saved, []byte(want)) {
			t.Errorf("saved view lacks %s:\n%s", want, saved)
		}
	}
	exportOK(t, "--view", view, "-o", b)
	if ga, gb := readFile(t, a), readFile(t, b); !bytes.Equal(ga, gb) {
		t.Fatalf("--view drew another GIF (%d and %d bytes)", len(ga), len(gb))
	}

	// Flags beside --view override it: a sliding window, 4 frames.
	c := filepath.Join(dir, "c.gif")
	exportOK(t, "--view", view, "--window", "8w", "--frames", "4", "-o", c)
	direct := filepath.Join(dir, "direct.gif")
	exportOK(t, "--frames", "4", "--window", "8w", "--width", "320", "--height", "180", "--from", "2008-06", "-o", direct)
	if gc, gd := readFile(t, c), readFile(t, direct); !bytes.Equal(gc, gd) {
		t.Errorf("--view --window 8w --frames 4 differs from the same flags without a view")
	}
	if g := decodeGIF(t, c); len(g.Image) != 4 {
		t.Errorf("%d frames, want the override's 4", len(g.Image))
	}

	// A still of an animation's view: its time window, no frames.
	still, sview := filepath.Join(dir, "still.png"), filepath.Join(dir, "still.json")
	exportOK(t, "--view", view, "-o", still, "--save-view", sview)
	if s, _, err := viewspec.Read(sview); err != nil || s.Frames != 0 || s.FPS != 0 {
		t.Errorf("still's view %+v, %v: want no frames or rate", s, err)
	}
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	must(t, err)
	return b
}

func decodeGIF(t *testing.T, path string) *gif.GIF {
	t.Helper()
	f, err := os.Open(path)
	must(t, err)
	defer f.Close()
	g, err := gif.DecodeAll(f)
	must(t, err)
	return g
}

// TestGIFRateFromTheView: a view's fps too fast for a GIF is named as the
// view's, not as a --fps the user never gave, and --fps beside it is the
// way out.
func TestGIFRateFromTheView(t *testing.T) {
	view := filepath.Join(t.TempDir(), "fast.json")
	must(t, os.WriteFile(view, []byte(`{"threatmap_view": 1, "frames": 2, "fps": 55}`), 0o644))
	_, err := parseExport([]string{"--view", view, "-o", "x.gif"}, io.Discard)
	if want := "fps of the view " + view + " 55: a GIF plays at most 50"; err == nil || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "or give --fps") {
		t.Errorf("error %v, want %q and a --fps hint", err, want)
	}
	if _, err := parseExport([]string{"--view", view, "--fps", "25", "-o", "x.gif"}, io.Discard); err != nil {
		t.Errorf("--fps 25 beside the view: %v", err)
	}
}

// TestProgressCleared: the progress line is erased when the animation
// ends, also when it fails mid-way; the error was appended to
// "threatmap: frame 2/30" on the same line.
func TestProgressCleared(t *testing.T) {
	var b bytes.Buffer
	progress, clear := progressTo(&b)
	progress(1, 30)
	progress(2, 30)
	clear() // an error after frame 2
	clear()
	if want := "\rthreatmap: frame 1/30\rthreatmap: frame 2/30\r\033[K"; b.String() != want {
		t.Errorf("wrote %q, want %q", b.String(), want)
	}
	b.Reset()
	progress(30, 30)
	clear()
	if want := "\rthreatmap: frame 30/30\r\033[K"; b.String() != want {
		t.Errorf("wrote %q, want %q: erased once at the end", b.String(), want)
	}
}
