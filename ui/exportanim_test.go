package ui

import (
	"bytes"
	"context"
	"image/gif"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"threatmap/data/filter"
	"threatmap/data/timeline"
	"threatmap/ui/render"
	"threatmap/ui/viewspec"
)

func animSettings(frames int, window int64) AnimSettings {
	return AnimSettings{ExportSettings: ExportSettings{Width: 320, Height: 180, Legend: true, Caption: true, Dark: true},
		Frames: frames, FPS: 10, Window: window}
}

// TestAnimationIsPlayback: each frame of an animated export filters what
// the window shows when playback is at that frame's instant: cumulative,
// a sliding window, and within a brushed range.
func TestAnimationIsPlayback(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mode   string
		window int64
		brush  bool
	}{
		{"cumulative", "Cumulative", 0, false},
		{"last 30 days", "Last 30 days", 30 * timeline.Day, false},
		{"cumulative in a brush", "Cumulative", 0, true},
		{"last 90 days in a brush", "Last 90 days", 90 * timeline.Day, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u, w := newTestApp(t)
			u.modeSel.SetSelected(tc.mode)
			if tc.brush {
				brush(t, u, w, 0.3, 0.6)
			}
			const n = 5
			a, err := u.animation(animSettings(n, tc.window))
			if err != nil {
				t.Fatal(err)
			}
			an := render.NewAnimator(a)
			u.TogglePlay() // takes the brush, as Play does
			u.stopPlaying()
			for k := range n {
				now := a.Play.At(k, n)
				u.player.Now = now
				u.applyPlayer()
				want := u.query()
				got := a.Query
				a.Play.Constrain(&got, now)
				if got.From != want.From || got.To != want.To || got.Mode != want.Mode {
					t.Fatalf("frame %d: window %+v..%+v mode %d; the window's %+v..%+v mode %d", k, got.From, got.To, got.Mode, want.From, want.To, want.Mode)
				}
				var vis filter.Set
				if nv, nw := got.Apply(u.ds, &vis), visibleOf(t, u); nv != nw {
					t.Fatalf("frame %d keeps %d hosts, the window shows %d", k, nv, nw)
				}
				an.Frame(k) // draws without failing at every instant
			}
		})
	}
}

// TestExportAnimationGIF: the export writes the frames at the size asked
// for and says so; Space still plays afterwards.
func TestExportAnimationGIF(t *testing.T) {
	u, w := newTestApp(t)
	path := filepath.Join(t.TempDir(), "spread.gif")
	u.exportAnimTo(path, animSettings(4, 0))
	if !strings.HasPrefix(u.status.Text, "Exported") {
		t.Fatalf("status %q", u.status.Text)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	g, err := gif.DecodeAll(f)
	if err != nil || len(g.Image) != 4 || g.Config.Width != 320 || g.Config.Height != 180 {
		t.Fatalf("decode: %v; want 4 frames of 320x180", err)
	}
	w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeySpace})
	if !u.playing {
		t.Error("Space does not play after an animated export")
	}
	u.stopPlaying()
}

// TestExportAnimationCancel: Cancel stops the export and leaves nothing,
// not even the temporary file.
func TestExportAnimationCancel(t *testing.T) {
	u, _ := newTestApp(t)
	dir := t.TempDir()
	animFrameDone = func(j *animJob, done int) {
		if done == 2 {
			test.Tap(j.stop)
		}
	}
	defer func() { animFrameDone = nil }()
	u.exportAnimTo(filepath.Join(dir, "spread.gif"), animSettings(6, 0))
	if !strings.Contains(u.status.Text, "cancelled") {
		t.Errorf("status %q, want cancelled", u.status.Text)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("directory holds %v after Cancel, want nothing", ents)
	}
}

// TestExportAnimationEscape: Escape on the progress dialog cancels the
// export like its Cancel button, closes it, and leaves nothing behind.
func TestExportAnimationEscape(t *testing.T) {
	u, w := newTestApp(t)
	dir := t.TempDir()
	var dlgs int
	animFrameDone = func(j *animJob, done int) {
		if done == 2 {
			dlgs = len(u.dialogs)
			w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
		}
	}
	defer func() { animFrameDone = nil }()
	u.exportAnimTo(filepath.Join(dir, "spread.gif"), animSettings(6, 0))
	if dlgs != 1 {
		t.Errorf("%d dialogs listed during the export, want the progress dialog", dlgs)
	}
	if !strings.Contains(u.status.Text, "cancelled") {
		t.Errorf("status %q, want cancelled", u.status.Text)
	}
	if len(u.dialogs) != 0 || w.Canvas().Overlays().Top() != nil {
		t.Errorf("progress dialog still open after Escape")
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("directory holds %v after Escape, want nothing", ents)
	}
}

// TestExportAnimationWithoutFFmpeg: an .mp4 with no ffmpeg is refused
// before anything is drawn, naming the tool.
func TestExportAnimationWithoutFFmpeg(t *testing.T) {
	u, _ := newTestApp(t)
	t.Setenv("PATH", "")
	dir := t.TempDir()
	u.exportAnimTo(filepath.Join(dir, "spread.mp4"), animSettings(3, 0))
	if u.status.Text != "Animation export failed" {
		t.Errorf("status %q", u.status.Text)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("directory holds %v, want nothing", ents)
	}
}

// TestAnimDialog: the dialog starts from the window's playback mode,
// reports bad values, and is on the File menu.
func TestAnimDialog(t *testing.T) {
	u, w := newTestApp(t)
	u.modeSel.SetSelected("Last 90 days")
	d := u.newAnimDialog()
	if d.mode.Selected != "Sliding window" || d.window.Text != "90d" || d.window.Disabled() {
		t.Fatalf("mode %q window %q: want the window's sliding 90 days", d.mode.Selected, d.window.Text)
	}
	s, err := d.settings(u)
	if err != nil || s.Frames != render.DefaultFrames || s.FPS != render.DefaultFPS || s.Window != 90*timeline.Day || s.Width != 1280 {
		t.Fatalf("settings %+v, %v", s, err)
	}
	d.frames.SetText("1")
	if !strings.Contains(d.errLabel.Text, "frames must be") {
		t.Errorf("1 frame: message %q", d.errLabel.Text)
	}
	d.frames.SetText("10")
	d.window.SetText("30m")
	if !strings.Contains(d.errLabel.Text, "unit must be h, d or w") {
		t.Errorf("window 30m: message %q", d.errLabel.Text)
	}
	d.mode.SetSelected("Cumulative")
	if !d.window.Disabled() {
		t.Error("the window length stays editable in cumulative mode")
	}
	found := false
	for _, it := range w.MainMenu().Items[0].Items {
		found = found || it.Label == "Export animation…"
	}
	if !found {
		t.Error("File › Export animation… is missing")
	}
	u.ShowExportAnimation()
	if len(u.dialogs) == 0 {
		t.Error("the dialog did not open")
	}
}

// TestExportAnimationIsItsView: the window's animated export is the
// animation of its view (what the export command draws for the same
// view): the view written and read back draws the same GIF, byte for byte;
// it holds the brushed range, the sliding window, frames and rate.
func TestExportAnimationIsItsView(t *testing.T) {
	u, w := newTestApp(t)
	u.modeSel.SetSelected("Last 30 days")
	brush(t, u, w, 0.6, 0.8)
	s := animSettings(4, 30*timeline.Day)
	dir := t.TempDir()
	path := filepath.Join(dir, "window.gif")
	u.exportAnimTo(path, s)
	if !strings.HasPrefix(u.status.Text, "Exported") {
		t.Fatalf("status %q", u.status.Text)
	}

	spec, err := u.animSpec(s)
	if err != nil {
		t.Fatal(err)
	}
	if spec.Frames != 4 || spec.FPS != 10 || *spec.Playback != (viewspec.Playback{Mode: "window", Window: "30d"}) ||
		spec.Time.From != viewspec.FormatTime(u.winFrom) || spec.Time.To != viewspec.FormatTime(u.winTo) {
		t.Fatalf("view %+v %+v: want 4 frames at 10 fps, 30 days, the brush", spec, spec.Playback)
	}
	b, err := viewspec.Marshal(spec)
	if err != nil {
		t.Fatal(err)
	}
	back, _, err := viewspec.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	a, _, err := viewspec.Animate(u.ds, back)
	if err != nil {
		t.Fatal(err)
	}
	again := filepath.Join(dir, "view.gif")
	out, err := render.CreateOutput(again, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	if err := render.WriteAnimation(context.Background(), out, a, back.AnimFPS(), nil); err != nil {
		t.Fatal(err)
	}
	if err := out.Commit(); err != nil {
		t.Fatal(err)
	}
	g1, _ := os.ReadFile(path)
	g2, _ := os.ReadFile(again)
	if len(g1) == 0 || !bytes.Equal(g1, g2) {
		t.Fatalf("the view's animation differs from the window's export (%d and %d bytes)", len(g2), len(g1))
	}
}
