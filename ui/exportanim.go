package ui

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"threatmap/data/timeline"
	"threatmap/ui/render"
	"threatmap/ui/viewspec"
)

// AnimSettings are the choices of the animation export dialog.
type AnimSettings struct {
	ExportSettings
	Frames, FPS int
	// Window is the sliding window's length in seconds; 0 plays
	// cumulatively.
	Window int64
}

// animSizes are the animation dialog's frame sizes; {0, 0} is the map's.
var animSizes = []exportPreset{
	{"HD 1280 × 720", 1280, 720},
	{"Full HD 1920 × 1080", 1920, 1080},
	{"Square 1080 × 1080", 1080, 1080},
	{"Map size", 0, 0},
}

// animation snapshots, on the UI goroutine, what an animated export of s
// draws: the window's view (viewSpec: framing, filters, selection, layers)
// played over the timeline's playback range (a brush, taken as Play takes
// it, else the player's range) with s's frames, rate and mode, drawn as
// the export command draws the same view (viewspec.Animate).
func (u *App) animation(s AnimSettings) (*render.Animation, error) {
	spec, err := u.animSpec(s)
	if err != nil {
		return nil, err
	}
	a, _, err := viewspec.Animate(u.ds, spec)
	return a, err
}

// animSpec is the view of an animated export of s: viewSpec's, its time
// window the playback range rather than the instant shown (data without
// times is Animate's error).
func (u *App) animSpec(s AnimSettings) (*viewspec.View, error) {
	spec, err := u.viewSpec(s.ExportSettings)
	if err != nil {
		return nil, err
	}
	first, last := u.player.First, u.player.Last
	if u.winFrom != 0 || u.winTo != 0 {
		first, last = u.winFrom, max(u.winFrom, u.winTo)
	}
	spec.Time = viewspec.Time{Match: "first_seen"}
	if first != u.tFirst {
		spec.Time.From = viewspec.FormatTime(first)
	}
	if last != u.tLast {
		spec.Time.To = viewspec.FormatTime(last)
	}
	spec.Frames, spec.FPS = s.Frames, s.FPS
	spec.Playback = &viewspec.Playback{Mode: "cumulative"}
	if s.Window > 0 {
		spec.Playback = &viewspec.Playback{Mode: "window", Window: render.FormatWindow(s.Window)}
	}
	return spec, spec.Check()
}

// animDialog holds the widgets of the animation export dialog.
type animDialog struct {
	frames, fps, window *widget.Entry
	mode                *widget.RadioGroup
	size                *widget.Select
	errLabel            *widget.Label
}

// ShowExportAnimation shows the animation export dialog (File › Export
// animation…): frames, rate, cumulative or sliding window, size; Save asks
// for a .gif, .mp4 or .webm file.
func (u *App) ShowExportAnimation() {
	if u.ds == nil {
		return
	}
	d := u.newAnimDialog()
	form := widget.NewForm(
		widget.NewFormItem("Frames", d.frames),
		widget.NewFormItem("Frames a second", d.fps),
		widget.NewFormItem("Hosts shown", d.mode),
		widget.NewFormItem("Window length", d.window),
		widget.NewFormItem("Size", d.size),
	)
	note := widget.NewLabel("Plays the timeline's range (or the selected window) with the\nfilters, framing, legend and caption of the map. .mp4 and .webm need ffmpeg.")
	content := container.NewVBox(form, note, d.errLabel)
	dlg := dialog.NewCustomConfirm("Export animation", "Save…", "Cancel", content, func(ok bool) {
		if !ok {
			return
		}
		s, err := d.settings(u)
		if err != nil {
			u.showError(err)
			return
		}
		u.askSaveFile("threatmap-spread.gif", []string{".gif", ".mp4", ".webm"}, func(path string) { u.exportAnimTo(path, s) })
	}, u.win)
	u.showDialog(dlg)
}

// newAnimDialog builds the dialog's widgets, the mode as the window plays.
func (u *App) newAnimDialog() *animDialog {
	d := &animDialog{frames: widget.NewEntry(), fps: widget.NewEntry(), window: widget.NewEntry(), errLabel: widget.NewLabel("")}
	d.frames.SetText(strconv.Itoa(render.DefaultFrames))
	d.fps.SetText(strconv.Itoa(render.DefaultFPS))
	d.window.SetText(strconv.Itoa(timeline.DefaultWindowDays) + "d")
	d.mode = widget.NewRadioGroup([]string{"Cumulative", "Sliding window"}, func(m string) {
		if m == "Sliding window" {
			d.window.Enable()
		} else {
			d.window.Disable()
		}
		u.releaseFocus()
	})
	d.mode.Horizontal = true
	d.mode.SetSelected("Cumulative")
	if u.player != nil && u.player.Mode == timeline.Moving {
		days := max(u.player.WindowDays, 1)
		d.window.SetText(strconv.Itoa(days) + "d")
		d.mode.SetSelected("Sliding window")
	}
	names := make([]string, len(animSizes))
	for i, p := range animSizes {
		names[i] = p.name
	}
	d.size = widget.NewSelect(names, nil)
	d.size.SetSelected(names[0])
	check := func(string) {
		if _, err := d.settings(u); err != nil {
			d.errLabel.SetText(err.Error())
		} else {
			d.errLabel.SetText("")
		}
	}
	d.frames.OnChanged, d.fps.OnChanged, d.window.OnChanged = check, check, check
	return d
}

// settings reads the dialog.
func (d *animDialog) settings(u *App) (AnimSettings, error) {
	s := AnimSettings{ExportSettings: ExportSettings{Legend: true, Caption: true, Dark: u.dark}}
	var err error
	if s.Frames, err = strconv.Atoi(strings.TrimSpace(d.frames.Text)); err != nil || s.Frames < render.MinFrames || s.Frames > render.MaxFrames {
		return s, fmt.Errorf("frames must be a whole number from %d to %d", render.MinFrames, render.MaxFrames)
	}
	if s.FPS, err = strconv.Atoi(strings.TrimSpace(d.fps.Text)); err != nil || s.FPS < 1 || s.FPS > render.MaxFPS {
		return s, fmt.Errorf("frames a second must be a whole number from 1 to %d", render.MaxFPS)
	}
	if d.mode.Selected == "Sliding window" {
		if s.Window, err = render.ParseWindow(d.window.Text); err != nil {
			return s, err
		}
	}
	for _, p := range animSizes {
		if p.name == d.size.Selected {
			s.Width, s.Height = p.w, p.h
		}
	}
	if s.Width == 0 {
		s.Width, s.Height = u.mapv.View.Width, u.mapv.View.Height
	}
	return s, nil
}

// animJob is an animation export in progress.
type animJob struct {
	cancel context.CancelFunc
	bar    *widget.ProgressBar
	label  *widget.Label
	stop   *widget.Button
	dlg    dialog.Dialog
}

// animFrameDone, when set (tests), is called on the UI goroutine after
// each frame a job reports.
var animFrameDone func(j *animJob, done int)

// exportAnimTo writes the animation of s to path (the caller has
// confirmed any overwrite) off the UI goroutine, with a progress bar whose
// Cancel (or Escape) stops it and removes the temporary file.
func (u *App) exportAnimTo(path string, s AnimSettings) {
	fail := func(err error) {
		u.status.SetText("Animation export failed")
		u.showError(fmt.Errorf("export to %s failed: %w", path, err))
	}
	if _, err := render.AnimFormat(path); err != nil {
		fail(err)
		return
	}
	a, err := u.animation(s)
	if err != nil {
		fail(err)
		return
	}
	out, err := render.CreateOutput(path, u.inputs(), true)
	if err != nil {
		fail(err)
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	j := &animJob{cancel: cancel, bar: widget.NewProgressBar(), label: widget.NewLabel(fmt.Sprintf("Frame 0 of %d", s.Frames))}
	j.bar.Max = float64(s.Frames)
	j.stop = widget.NewButton("Cancel", cancel)
	j.dlg = dialog.NewCustomWithoutButtons("Exporting animation", container.NewVBox(j.label, j.bar, j.stop), u.win)
	u.showDialog(j.dlg)
	j.dlg.SetOnClosed(cancel) // Escape closes it: that is Cancel too
	u.status.SetText(fmt.Sprintf("Exporting %d frames of %d × %d…", s.Frames, s.Width, s.Height))
	finish := func(err error) {
		j.dlg.Hide()
		cancel()
		switch {
		case errors.Is(err, render.ErrCancelled):
			u.status.SetText("Animation export cancelled; nothing written")
		case err != nil:
			fail(err)
		default:
			u.status.SetText("Exported " + path)
		}
	}
	var last time.Time
	show := func(done int) {
		j.bar.SetValue(float64(done))
		j.label.SetText(fmt.Sprintf("Frame %d of %d", done, s.Frames))
		if animFrameDone != nil {
			animFrameDone(j, done)
		}
	}
	run := func(progress func(done, total int)) error {
		err := render.WriteAnimation(ctx, out, a, s.FPS, progress)
		if err == nil {
			return out.Commit()
		}
		out.Abort()
		return err
	}
	if u.opt.Synchronous {
		finish(run(func(done, _ int) { show(done) }))
		return
	}
	go func() {
		err := run(func(done, total int) {
			if done < total && time.Since(last) < 50*time.Millisecond {
				return
			}
			last = time.Now()
			doOnUI(func() { show(done) })
		})
		doOnUI(func() { finish(err) })
	}()
}
