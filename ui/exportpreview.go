package ui

import (
	"image"
	"time"

	"fyne.io/fyne/v2/canvas"
)

// previewMinSide is the shorter side of the frame an export preview is
// drawn at. Text, marks and line widths scale with the frame down to an
// 810-pixel side (render's uiScale stops at 0.75 there), so a preview
// drawn at 810 keeps the export's proportions at a fraction of its cost:
// 4K is drawn at 1440 × 810, a seventh of its pixels. Smaller exports are
// drawn at their own size.
const previewMinSide = 810

// previewDelay is how long the settings must rest before a preview is
// drawn: typing "3840" draws one preview, not four.
const previewDelay = 150 * time.Millisecond

// previewer draws the export dialog's preview. It draws only when what the
// preview shows changes (a size of the same shape draws nothing), waits
// for the settings to rest, runs one drawing at a time and drops a stale
// one's result. All its methods run on the UI goroutine.
type previewer struct {
	u     *App
	image *canvas.Image
	delay time.Duration // 0 draws at once (synchronous apps, tests)

	want    ExportSettings // the settings of the newest request
	drawn   ExportSettings // what the preview shows or is being drawn
	busy    bool           // a drawing runs
	timer   *time.Timer
	closed  bool
	renders int // drawings started, for tests
	sizes   []image.Point
}

// previewSettings are the settings s is previewed with: the same framing
// and overlays, at most previewMinSide on the shorter side.
func previewSettings(s ExportSettings) ExportSettings {
	if k := float64(previewMinSide) / float64(min(s.Width, s.Height)); k < 1 {
		s.Width = max(16, int(float64(s.Width)*k+0.5))
		s.Height = max(16, int(float64(s.Height)*k+0.5))
	}
	return s
}

// request asks for a preview of s; settings that draw the preview shown
// (or being drawn) cost nothing.
func (p *previewer) request(s ExportSettings) {
	if p.closed {
		return
	}
	p.want = previewSettings(s)
	if p.want == p.drawn && p.renders > 0 {
		if p.timer != nil {
			p.timer.Stop()
		}
		return
	}
	if p.delay == 0 || p.renders == 0 { // the first preview comes at once
		p.start()
		return
	}
	if p.timer != nil {
		p.timer.Stop()
	}
	p.timer = time.AfterFunc(p.delay, func() { doOnUI(p.start) })
}

// start draws the newest request unless a drawing runs (its end starts
// the next one).
func (p *previewer) start() {
	if p.closed || p.busy || (p.want == p.drawn && p.renders > 0) {
		return
	}
	job, err := p.u.exportJob(p.want)
	if err != nil {
		return
	}
	p.drawn = p.want
	p.renders++
	p.sizes = append(p.sizes, image.Pt(p.want.Width, p.want.Height))
	s := p.want
	if p.u.opt.Synchronous {
		p.show(s, job())
		return
	}
	p.busy = true
	go func() {
		img := job()
		doOnUI(func() {
			p.busy = false
			p.show(s, img)
			p.start() // the settings changed while it was drawn
		})
	}()
}

// show puts a finished drawing of s in the dialog unless newer settings
// asked for another.
func (p *previewer) show(s ExportSettings, img *image.RGBA) {
	if p.closed || s != p.want {
		return
	}
	p.image.Image = thumbnail(img, 480, 360)
	p.image.Refresh()
}

// close stops the previews: the dialog is gone.
func (p *previewer) close() {
	p.closed = true
	if p.timer != nil {
		p.timer.Stop()
	}
}
