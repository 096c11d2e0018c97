package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"threatmap/data/filter"
	"threatmap/data/threat"
	"threatmap/data/timeline"
	"threatmap/ui/render"
)

// animOptions are the flags of an animated export (.gif, .mp4, .webm):
// kept apart from exportOptions' so that a saved view can carry them.
type animOptions struct {
	on         bool // the output is an animation
	frames     int  // 0: render.DefaultFrames
	fps        int  // 0: render.DefaultFPS
	cumulative bool
	window     string
	play       render.Playback // Mode and Window; the range comes from the data
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
	a.on = render.IsAnimation(out)
	if !a.on {
		if a.frames != 0 || a.fps != 0 || a.cumulative || a.window != "" {
			return fmt.Errorf("--frames, --fps, --cumulative and --window make an animation: -o must end in .gif, .mp4 or .webm, not %q", filepath.Ext(out))
		}
		return nil
	}
	if a.frames == 0 {
		a.frames = render.DefaultFrames
	}
	if a.fps == 0 {
		a.fps = render.DefaultFPS
	}
	switch {
	case a.frames < render.MinFrames || a.frames > render.MaxFrames:
		return fmt.Errorf("--frames %d: want %d to %d", a.frames, render.MinFrames, render.MaxFrames)
	case a.fps < 1 || a.fps > render.MaxFPS:
		return fmt.Errorf("--fps %d: want 1 to %d", a.fps, render.MaxFPS)
	case a.fps > render.MaxGIFFPS && strings.EqualFold(filepath.Ext(out), ".gif"):
		return fmt.Errorf("--fps %d: a GIF plays at most %d frames a second (browsers slow faster ones down); write .mp4 or .webm", a.fps, render.MaxGIFFPS)
	case a.cumulative && a.window != "":
		return errors.New("--cumulative and --window exclude each other: a frame shows every host up to its date, or those of the window up to it")
	}
	a.play.Mode = timeline.Cumulative
	if a.window != "" {
		w, err := render.ParseWindow(a.window)
		if err != nil {
			return fmt.Errorf("--window: %v", err)
		}
		a.play.Mode, a.play.Window = timeline.Moving, w
	}
	return nil
}

// exportAnim writes the animation opt asks for: the output is checked
// and its temporary file made before the load, as for a still.
func exportAnim(opt *exportOptions, stderr io.Writer) error {
	start := time.Now()
	if _, err := render.AnimFormat(opt.out); err != nil {
		return err
	}
	out, err := render.CreateOutput(opt.out, opt.files, opt.force)
	if err != nil {
		return forceHint(err)
	}
	defer out.Abort()
	ds, err := load(opt.files, stderr)
	if err != nil {
		return err
	}
	a, err := animation(ds, opt)
	if err != nil {
		return err
	}
	progress := progressLine(stderr)
	if err := render.WriteAnimation(context.Background(), out, a, opt.anim.fps, progress); err != nil {
		return fmt.Errorf("cannot write %s: %v", opt.out, err)
	}
	if err := out.Commit(); err != nil {
		return forceHint(err)
	}
	size := ""
	if st, err := os.Stat(opt.out); err == nil {
		size = fmt.Sprintf(", %.1f MB", float64(st.Size())/1e6)
	}
	fmt.Fprintf(stderr, "threatmap: wrote %s: %d frames of %dx%d at %d fps (%.1f s of playback)%s in %.2fs\n",
		opt.out, a.Frames, opt.width, opt.height, opt.anim.fps, float64(a.Frames)/float64(opt.anim.fps), size, time.Since(start).Seconds())
	return nil
}

// animation builds what exportAnim draws: the still export's scene and
// framing, played from --from (or the data's first time) to --to (or its
// last), as the window plays a brushed range.
func animation(ds *threat.Dataset, opt *exportOptions) (*render.Animation, error) {
	first, last, ok := ds.TimeRange()
	if !ok {
		return nil, errors.New("the data has no first_seen or last_seen times: there is no spread to animate (export a .png instead)")
	}
	play := opt.anim.play
	play.First, play.Last = first, last
	if q := opt.query; q.From.Set {
		play.First = q.From.Unix
	}
	if q := opt.query; q.To.Set {
		play.Last = q.To.Unix
	}
	play.Narrowed = play.First != first || play.Last != last
	v, _ := exportView(opt, ds)
	q := opt.query
	q.From, q.To = filter.Bound{}, filter.Bound{}
	a := &render.Animation{Data: ds, View: v, Query: q, Play: play, Frames: opt.anim.frames,
		Scene: render.Scene{Layers: opt.layers, Theme: opt.theme}}
	a.Scene.Title, _ = caption(ds, opt)
	a.Lines = func(q *filter.Query) []string {
		o := *opt
		o.query = *q
		_, lines := caption(ds, &o)
		return lines
	}
	return a, nil
}

// progressLine returns the progress callback: "frame i/N" rewritten in
// place on a terminal; nothing elsewhere (the summary line says it all).
func progressLine(stderr io.Writer) func(done, total int) {
	f, ok := stderr.(*os.File)
	if !ok {
		return nil
	}
	if st, err := f.Stat(); err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return nil
	}
	return func(done, total int) {
		fmt.Fprintf(stderr, "\rthreatmap: frame %d/%d", done, total)
		if done == total {
			fmt.Fprint(stderr, "\r\033[K")
		}
	}
}
