package ui

import (
	"image"
	"image/color"
	"math"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"threatmap/ui/render"
)

// MapView shows the frames the engine draws and turns mouse input into view
// changes, hover and clicks. It draws nothing itself: render does, off the UI
// goroutine, and ShowFrame hands the finished frame in.
type MapView struct {
	widget.BaseWidget

	// View is the viewport; its Width and Height follow the widget's size
	// in pixels. Callbacks run on the UI goroutine.
	View         render.View
	OnViewChange func(render.View)
	OnHover      func(x, y int) // pixel position, -1,-1 when the mouse left
	OnTap        func(x, y int)
	// OnPaint, when set, is called each time Fyne paints the map, inside
	// the paint; frame says a frame was shown (false: the empty map
	// before the first).
	OnPaint func(frame bool)

	afterPaint func() // AfterPaint's

	front   *image.RGBA
	raster  *canvas.Raster
	hover   *canvas.Image // the hovered item's highlight, over the frame
	hoverAt image.Point   // where it goes, in pixels
	tip     *tipBox
	tipPos  fyne.Position
	// Panning is true from the first drag event to DragEnd, and from a
	// wheel notch until the wheel has rested for WheelRest: frames may
	// shift or scale the cached base map and links rather than redraw
	// them (render.Scene.Panning); the frame after is exact.
	Panning bool
	// WheelRest is how long the wheel must rest before the exact frame of
	// a zoom is drawn; 0 draws every notch exactly (a synchronous app in
	// tests, where no timer may fire later).
	WheelRest time.Duration
	dragging  bool
	wheelSeq  int         // bumped per notch: only the last notch's timer ends the burst
	wheelRest *time.Timer // the last notch's timer
	// Moved is set when the user pans or zooms (drag, wheel, double tap;
	// the app sets it for keys and buttons) and cleared by the app when it
	// fits the data or shows the world: a filter change refits the map
	// only while it is false.
	Moved  bool
	panRem [2]float64 // the part of the drag not panned yet (less than a pixel)
}

var (
	_ fyne.Widget         = (*MapView)(nil)
	_ fyne.Draggable      = (*MapView)(nil)
	_ fyne.Scrollable     = (*MapView)(nil)
	_ fyne.Tappable       = (*MapView)(nil)
	_ fyne.DoubleTappable = (*MapView)(nil)
	_ desktop.Hoverable   = (*MapView)(nil)
)

// NewMapView returns a map view over the whole world in projection p.
func NewMapView(p render.Projection) *MapView {
	m := &MapView{View: render.World(p, 1, 1)}
	m.ExtendBaseWidget(m)
	m.raster = canvas.NewRaster(m.generate)
	m.raster.ScaleMode = canvas.ImageScaleFastest
	m.hover = &canvas.Image{ScaleMode: canvas.ImageScalePixels}
	m.hover.Hide()
	m.tip = newTipBox()
	return m
}

// CreateRenderer implements fyne.Widget.
func (m *MapView) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewStack(m.raster, container.New(freeLayout{}, m.hover), m.tip.obj))
}

// generate is the raster's generator: it returns the newest frame and, when
// the widget's pixel size differs from the view's, asks for a new one.
func (m *MapView) generate(w, h int) image.Image {
	if w != m.View.Width || h != m.View.Height {
		// The whole-world view stays whole on resize (in Mercator its zoom
		// depends on the frame's shape); any other view keeps its zoom.
		world := m.View == render.World(m.View.Projection, m.View.Width, m.View.Height)
		m.View.Width, m.View.Height = w, h
		m.HideTip() // what it points at moved (a panel opened, the window resized)
		if world {
			m.View = render.World(m.View.Projection, w, h)
		}
		if m.OnViewChange != nil {
			m.OnViewChange(m.View)
		}
	}
	if m.OnPaint != nil {
		m.OnPaint(m.front != nil)
	}
	if f := m.afterPaint; f != nil {
		m.afterPaint = nil
		doOnUI(f) // runs after this paint's buffer swap
	}
	if m.front == nil {
		return image.NewUniform(color.NRGBA{0x0b, 0x10, 0x1a, 0xff})
	}
	return m.front
}

// ShowFrame displays a finished frame and returns the one it replaces, for the
// engine to reuse.
func (m *MapView) ShowFrame(img *image.RGBA) (old *image.RGBA) {
	old, m.front = m.front, img
	m.raster.Refresh()
	return old
}

// AfterPaint has f run on the UI goroutine once the map has been painted
// next (after ShowFrame: with that frame on screen), replacing an f not
// run yet. Nothing paints a window that is not shown: f waits for it.
func (m *MapView) AfterPaint(f func()) { m.afterPaint = f }

// ShowHover shows img, the hovered item's highlight, over the frame with its
// top-left corner at pixel at; nil hides it. Changing the hovered item
// then costs a small image, not a frame.
func (m *MapView) ShowHover(img *image.RGBA, at image.Point) {
	if img == nil {
		m.hover.Hide()
		m.repaint()
		return
	}
	m.hover.Image, m.hoverAt = img, at
	m.placeHover()
	m.hover.Show()
	m.hover.Refresh()
	m.repaint()
}

// canvasOf is the canvas showing o: the driver's, a variable so that tests
// can stand in for the GL driver, which knows only the objects it has
// painted (the test driver answers for any object).
var canvasOf = func(o fyne.CanvasObject) fyne.Canvas { return fyne.CurrentApp().Driver().CanvasForObject(o) }

// repaint has the window paint again after the highlight or the tooltip
// was shown or hidden (see repaint).
func (m *MapView) repaint() { repaint(m) }

// placeHover puts the highlight where its pixels belong, in Fyne units.
func (m *MapView) placeHover() {
	s := m.scale()
	b := m.hover.Image.Bounds()
	m.hover.Move(fyne.NewPos(float32(m.hoverAt.X)/s, float32(m.hoverAt.Y)/s))
	m.hover.Resize(fyne.NewSize(float32(b.Dx())/s, float32(b.Dy())/s))
}

// SetView changes the viewport (keeping the pixel size) and reports it.
func (m *MapView) SetView(v render.View) {
	m.HideTip() // what it points at moves
	v.Width, v.Height = m.View.Width, m.View.Height
	m.View = v
	if m.OnViewChange != nil {
		m.OnViewChange(v)
	}
}

func (m *MapView) scale() float32 {
	if c := fyne.CurrentApp().Driver().CanvasForObject(m); c != nil {
		return c.Scale()
	}
	return 1
}

func (m *MapView) px(p fyne.Position) (int, int) {
	s := m.scale()
	return int(p.X * s), int(p.Y * s)
}

// Dragged pans the map with the pointer.
func (m *MapView) Dragged(ev *fyne.DragEvent) {
	s := float64(m.scale())
	m.HideTip()
	// Whole pixels, the remainder carried to the next event: the frame
	// can then shift the base map instead of redrawing it, at any scale,
	// and the map does not drift from the pointer.
	m.panRem[0] -= float64(ev.Dragged.DX) * s
	m.panRem[1] -= float64(ev.Dragged.DY) * s
	dx, dy := math.Round(m.panRem[0]), math.Round(m.panRem[1])
	m.panRem[0] -= dx
	m.panRem[1] -= dy
	if dx != 0 || dy != 0 {
		m.dragging, m.Panning = true, true
		m.Moved = true
		m.SetView(m.View.Pan(dx, dy))
	}
}

// DragEnd ends a pan; the frame drawn for it redraws the base map exactly.
func (m *MapView) DragEnd() {
	m.panRem = [2]float64{} // a drag shorter than a pixel leaves nothing for the next
	if !m.dragging {
		return
	}
	m.dragging = false
	m.endInterim()
}

// endInterim draws the exact frame once neither a drag nor a burst of
// wheel notches is going on.
func (m *MapView) endInterim() {
	if !m.Panning || m.dragging || m.wheelRest != nil {
		return
	}
	m.Panning = false
	if m.OnViewChange != nil {
		m.OnViewChange(m.View)
	}
}

// wheelBurst marks a wheel notch (or a zoom or pan key): with WheelRest
// set the frames are interim until the wheel (or keys) rested that long.
func (m *MapView) wheelBurst() {
	if m.WheelRest <= 0 {
		return
	}
	m.wheelSeq++
	seq := m.wheelSeq
	if m.wheelRest != nil {
		m.wheelRest.Stop()
	}
	m.Panning = true
	m.wheelRest = time.AfterFunc(m.WheelRest, func() { fyne.Do(func() { m.wheelRested(seq) }) })
}

// wheelRested ends the burst of wheel notches that notch seq ended.
func (m *MapView) wheelRested(seq int) {
	if seq != m.wheelSeq || m.wheelRest == nil {
		return // a later notch's timer will
	}
	m.wheelRest.Stop() // when called before it fired (tests)
	m.wheelRest = nil
	m.endInterim()
}

// Scrolled zooms about the cursor: one wheel notch is a factor of 1.25.
func (m *MapView) Scrolled(ev *fyne.ScrollEvent) {
	x, y := m.px(ev.Position)
	f := 1.0
	switch {
	case ev.Scrolled.DY > 0:
		f = 1.25
	case ev.Scrolled.DY < 0:
		f = 1 / 1.25
	default:
		return
	}
	m.HideTip()
	m.Moved = true
	m.wheelBurst()
	m.SetView(m.View.ZoomAt(float64(x), float64(y), f))
}

// Tapped selects what is under the pointer.
func (m *MapView) Tapped(ev *fyne.PointEvent) {
	if m.OnTap != nil {
		x, y := m.px(ev.Position)
		m.OnTap(x, y)
	}
}

// DoubleTapped zooms in twice about the pointer.
func (m *MapView) DoubleTapped(ev *fyne.PointEvent) {
	x, y := m.px(ev.Position)
	m.Moved = true
	m.SetView(m.View.ZoomAt(float64(x), float64(y), 2))
}

// MouseIn implements desktop.Hoverable.
func (m *MapView) MouseIn(ev *desktop.MouseEvent) { m.MouseMoved(ev) }

// MouseMoved reports hover positions.
func (m *MapView) MouseMoved(ev *desktop.MouseEvent) {
	m.tipPos = ev.Position
	if m.OnHover != nil {
		x, y := m.px(ev.Position)
		m.OnHover(x, y)
	}
}

// MouseOut hides the tooltip.
func (m *MapView) MouseOut() {
	m.HideTip()
	if m.OnHover != nil {
		m.OnHover(-1, -1)
	}
}

// ShowTip shows a tooltip with the given lines next to the pointer; the
// first line is bold. A long line is cut with "…": the box never
// outgrows the map.
func (m *MapView) ShowTip(lines []string) {
	if len(lines) == 0 {
		m.HideTip()
		return
	}
	size := m.Size()
	maxW := max(120, min(maxTipWidth, size.Width-2*tipPad-tipGap))
	m.tip.show(lines, maxW, true, fitLine, m.tipPos, size)
	m.repaint()
}

// HideTip hides the tooltip.
func (m *MapView) HideTip() { m.tip.hide() }

// maxTipWidth bounds a tooltip line, in Fyne units: past it a line is cut
// with "…" (a 160-character name widened the window past the screen).
const maxTipWidth = 420

// freeLayout leaves its objects where their owner put them and asks for
// no room: a tooltip or a highlight over the map never sets its minimum
// size.
type freeLayout struct{}

func (freeLayout) Layout([]fyne.CanvasObject, fyne.Size) {}
func (freeLayout) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.Size{} }

// wheelRest: a burst of wheel notches comes 10-60 ms apart (a flick, or
// a notch per frame of a slow turn); 150 ms without one reads as the
// wheel at rest, soon enough that the exact frame is not waited for.
const wheelRest = 150 * time.Millisecond
