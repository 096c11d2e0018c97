package ui

import (
	"image"
	"math"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
)

// The preview is drawn at the size the dialog shows it (the image
// widget's pixels), as a miniature of the export (render's
// Scene.OutputSize): text, markers and panels at the export's
// proportions, the export's labels and stacks, for the cost of a
// thumbnail.

// previewUnitSide is the shorter side to which a bigger export is
// reduced before its miniature is drawn: from there up, text, marks and
// line widths grow in proportion to the frame (render's uiScale is 1 at
// 1080 and linear above), so that 4K and Full HD, of one shape, have one
// preview and changing one for the other draws nothing.
const previewUnitSide = 1080

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

	want    previewKey // the newest request
	drawn   previewKey // what the preview shows or is being drawn
	busy    bool       // a drawing runs
	timer   *time.Timer
	closed  bool
	renders int           // drawings started, for tests
	sizes   []image.Point // the size of each, in pixels
}

// previewKey is what a preview shows: the export's settings (reduced to
// previewUnitSide) and the size it is drawn at.
type previewKey struct {
	s    ExportSettings
	size image.Point
}

// previewSettings are the settings s is previewed as: the same framing
// and overlays, at most previewUnitSide on the shorter side.
func previewSettings(s ExportSettings) ExportSettings {
	if k := float64(previewUnitSide) / float64(min(s.Width, s.Height)); k < 1 {
		s.Width = max(16, int(float64(s.Width)*k+0.5))
		s.Height = max(16, int(float64(s.Height)*k+0.5))
	}
	return s
}

// fitSize is the size of a w×h picture scaled to fit box, never enlarged.
func fitSize(w, h int, box image.Point) image.Point {
	k := min(float64(box.X)/float64(w), float64(box.Y)/float64(h), 1)
	return image.Pt(max(1, int(math.Round(float64(w)*k))), max(1, int(math.Round(float64(h)*k))))
}

// box is the preview image's area in pixels: its size on screen (its
// minimum size before it is laid out) times the canvas scale.
func (p *previewer) box() image.Point {
	sz := p.image.Size()
	if sz.Width < 1 || sz.Height < 1 {
		sz = p.image.MinSize()
	}
	scale := float32(1)
	if c := fyne.CurrentApp().Driver().CanvasForObject(p.image); c != nil {
		scale = c.Scale()
	} else if p.u.win != nil {
		scale = p.u.win.Canvas().Scale()
	}
	return image.Pt(int(sz.Width*scale), int(sz.Height*scale))
}

// request asks for a preview of s; settings that draw the preview shown
// (or being drawn) cost nothing.
func (p *previewer) request(s ExportSettings) {
	if p.closed {
		return
	}
	ps := previewSettings(s)
	p.want = previewKey{ps, fitSize(ps.Width, ps.Height, p.box())}
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
	job, err := p.u.drawJob(p.want.s, p.want.size)
	if err != nil {
		return
	}
	p.drawn = p.want
	p.renders++
	p.sizes = append(p.sizes, p.want.size)
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
func (p *previewer) show(s previewKey, img *image.RGBA) {
	if p.closed || s != p.want {
		return
	}
	p.image.Image = img
	p.image.Refresh()
}

// close stops the previews: the dialog is gone.
func (p *previewer) close() {
	p.closed = true
	if p.timer != nil {
		p.timer.Stop()
	}
}
