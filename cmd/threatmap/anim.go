package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"threatmap/data/threat"
	"threatmap/ui/render"
	"threatmap/ui/viewspec"
)

// animOptions are the flags of an animated export (.gif, .mp4, .webm),
// read into the view (viewOf) as its playback, frames and fps.
type animOptions struct {
	frames     int // 0: the view's, else render.DefaultFrames
	fps        int // 0: the view's, else render.DefaultFPS
	cumulative bool
	window     string
	given      func(name string) bool // whether the flag was on the command line
}

// addAnimFlags defines the animation flags on fs.
func addAnimFlags(fs *flag.FlagSet, a *animOptions) {
	fs.IntVar(&a.frames, "frames", 0, "write an animation of `N` frames of the timeline playback ("+
		strconv.Itoa(render.MinFrames)+".."+strconv.Itoa(render.MaxFrames)+", default "+strconv.Itoa(render.DefaultFrames)+"); -o must end in .gif, .mp4 or .webm (these two need ffmpeg)")
	fs.IntVar(&a.fps, "fps", 0, "animation frames a `second` (1.."+strconv.Itoa(render.MaxFPS)+", a GIF up to "+strconv.Itoa(render.MaxGIFFPS)+"; default "+strconv.Itoa(render.DefaultFPS)+")")
	fs.BoolVar(&a.cumulative, "cumulative", false, "animation: each frame shows every host first seen up to its date (the default)")
	fs.StringVar(&a.window, "window", "", "animation: each frame shows the hosts first seen in the `length` up to its date, e.g. 30d, 12h, 2w")
}

// check validates the animation flags against the output's name.
func (a *animOptions) check(out string) error {
	if !render.IsAnimation(out) {
		if a.given("frames") || a.given("fps") || a.cumulative || a.window != "" {
			return fmt.Errorf("--frames, --fps, --cumulative and --window make an animation: -o must end in .gif, .mp4 or .webm, not %q", filepath.Ext(out))
		}
		return nil
	}
	switch {
	case a.given("frames") && (a.frames < render.MinFrames || a.frames > render.MaxFrames):
		return fmt.Errorf("--frames %d: want %d to %d", a.frames, render.MinFrames, render.MaxFrames)
	case a.given("fps") && (a.fps < 1 || a.fps > render.MaxFPS):
		return fmt.Errorf("--fps %d: want 1 to %d", a.fps, render.MaxFPS)
	case a.cumulative && a.window != "":
		return errors.New("--cumulative and --window exclude each other: a frame shows every host up to its date, or those of the window up to it")
	}
	if a.window != "" {
		if _, err := render.ParseWindow(a.window); err != nil {
			return fmt.Errorf("--window: %v", err)
		}
	}
	return nil
}

// setView sets the animation fields of v that the flags give.
func (a *animOptions) setView(v *viewspec.View) {
	v.Frames, v.FPS = a.frames, a.fps
	switch {
	case a.cumulative:
		v.Playback = &viewspec.Playback{Mode: "cumulative"}
	case a.window != "":
		v.Playback = &viewspec.Playback{Mode: "window", Window: strings.TrimSpace(a.window)}
	}
}

// settleAnimation makes spec the view of an export to out: an animation
// holds its frames, rate and playback mode (the defaults for those it
// lacks), so that a saved view says what was drawn; a still holds no
// frames or rate (a playback mode stays: the window uses it). fpsFrom
// names where the rate came from, for the error: "--fps" or the view.
func settleAnimation(spec *viewspec.View, out, fpsFrom string) error {
	if !render.IsAnimation(out) {
		spec.Frames, spec.FPS = 0, 0
		return nil
	}
	spec.Frames = cmp.Or(spec.Frames, render.DefaultFrames)
	spec.FPS = spec.AnimFPS()
	if spec.Playback == nil {
		spec.Playback = &viewspec.Playback{Mode: "cumulative"}
	}
	if spec.FPS > render.MaxGIFFPS && strings.EqualFold(filepath.Ext(out), ".gif") {
		return fmt.Errorf("%s %d: a GIF plays at most %d frames a second (browsers slow faster ones down); write .mp4 or .webm, or give --fps", fpsFrom, spec.FPS, render.MaxGIFFPS)
	}
	return nil
}

// writeAnim draws the animation of opt's view into out and returns what
// it wrote, for the summary line.
func writeAnim(out *render.Output, ds *threat.Dataset, opt *exportOptions, stderr io.Writer) (string, error) {
	spec := opt.view.spec
	a, fr, err := viewspec.Animate(ds, spec)
	if err != nil {
		return "", err
	}
	warn(stderr, fr.Warnings)
	fps := spec.AnimFPS()
	progress, clear := progressLine(stderr)
	err = render.WriteAnimation(context.Background(), out, a, fps, progress)
	clear()
	if err != nil {
		return "", fmt.Errorf("cannot write %s: %v", opt.out, err)
	}
	return fmt.Sprintf("%d frames of %dx%d at %d fps (%.1f s of playback)",
		a.Frames, a.View.Width, a.View.Height, fps, float64(a.Frames)/float64(fps)), nil
}

// progressLine returns the progress callback: "frame i/N" rewritten in
// place on a terminal; nothing elsewhere (the summary line says it all).
// clear erases the line, so that what follows (an error after frame 12)
// starts a line of its own.
func progressLine(stderr io.Writer) (progress func(done, total int), clear func()) {
	f, ok := stderr.(*os.File)
	if !ok {
		return nil, func() {}
	}
	if st, err := f.Stat(); err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return nil, func() {}
	}
	return progressTo(stderr)
}

// progressTo is progressLine's callback and eraser writing to w.
func progressTo(w io.Writer) (progress func(done, total int), clear func()) {
	shown := false
	clear = func() {
		if shown {
			fmt.Fprint(w, "\r\033[K")
			shown = false
		}
	}
	progress = func(done, total int) {
		fmt.Fprintf(w, "\rthreatmap: frame %d/%d", done, total)
		shown = true
		if done == total {
			clear()
		}
	}
	return progress, clear
}
