package ui

import (
	"image"
	"image/color"
	"image/draw"
	"math"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"threatmap/data/threat"
	"threatmap/data/timeline"
	"threatmap/ui/render"
)

// TimelineView draws the infection histogram (stacked by target type) and
// lets the analyst brush a time window: drag on empty ground to draw a new
// window, drag inside it to move it, drag its edges to resize it. A marker
// shows the playback instant.
type TimelineView struct {
	widget.BaseWidget

	// OnWindow is called on the UI goroutine when the user changes the
	// window; from == to == 0 means no window.
	OnWindow func(from, to int64)

	hist       timeline.Histogram
	types      []string
	theme      render.Theme
	from, to   int64 // selected window, 0,0 none
	now        int64 // playback marker, 0 none
	start, end int64 // axis range

	raster *canvas.Raster
	img    *image.RGBA
	labels []*canvas.Text
	lblBox *fyne.Container

	drag     dragMode
	anchor   int64 // time under the pointer when the drag started
	dragFrom int64
	dragTo   int64
}

type dragMode uint8

const (
	dragNone dragMode = iota
	dragNew
	dragMove
	dragLeft
	dragRight
)

var (
	_ fyne.Widget        = (*TimelineView)(nil)
	_ fyne.Draggable     = (*TimelineView)(nil)
	_ fyne.Tappable      = (*TimelineView)(nil)
	_ desktop.Hoverable  = (*TimelineView)(nil)
	_ desktop.Cursorable = (*TimelineView)(nil)
)

// NewTimelineView returns an empty timeline.
func NewTimelineView() *TimelineView {
	t := &TimelineView{theme: render.Dark}
	t.ExtendBaseWidget(t)
	t.raster = canvas.NewRaster(t.generate)
	t.lblBox = container.NewWithoutLayout()
	return t
}

// CreateRenderer implements fyne.Widget.
func (t *TimelineView) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewStack(t.raster, t.lblBox))
}

// MinSize keeps the histogram readable.
func (t *TimelineView) MinSize() fyne.Size { return fyne.NewSize(200, 86) }

// SetData sets the histogram, the dataset's type names, the axis range and
// the map theme (for colours).
func (t *TimelineView) SetData(h timeline.Histogram, types []string, th render.Theme) {
	t.hist, t.types, t.theme = h, types, th
	if h.Bins > 0 {
		t.start, t.end = h.Start, h.End()
	}
	t.Refresh()
}

// SetWindow sets the selected window (0, 0 for none) without calling
// OnWindow.
func (t *TimelineView) SetWindow(from, to int64) { t.from, t.to = from, to; t.raster.Refresh() }

// Window returns the selected window.
func (t *TimelineView) Window() (from, to int64) { return t.from, t.to }

// SetNow moves the playback marker (0 hides it). Like SetWindow it only
// repaints the bars: the date labels depend on the axis, not on these (a
// playback step sets both).
func (t *TimelineView) SetNow(now int64) { t.now = now; t.raster.Refresh() }

// Refresh redraws the histogram and its labels.
func (t *TimelineView) Refresh() {
	t.layoutLabels()
	t.raster.Refresh()
	t.BaseWidget.Refresh()
}

const axisH = 16 // pixels (Fyne units) under the bars for the date labels

func (t *TimelineView) generate(w, h int) image.Image {
	if w <= 0 || h <= 0 {
		return image.NewUniform(color.Transparent)
	}
	if t.img == nil || t.img.Rect.Dx() != w || t.img.Rect.Dy() != h {
		t.img = image.NewRGBA(image.Rect(0, 0, w, h))
	}
	img := t.img
	bg := t.theme.Panel
	bg.A = 255
	draw.Draw(img, img.Rect, image.NewUniform(t.theme.OceanLow), image.Point{}, draw.Src)
	scale := float32(h) / max(t.Size().Height, 1)
	ah := int(axisH * scale)
	plotH := h - ah - 2
	hs := &t.hist
	if hs.Bins == 0 || t.end <= t.start || plotH < 4 {
		return img
	}
	span := float64(t.end - t.start)
	xOf := func(ts int64) int { return int(float64(ts-t.start) / span * float64(w)) }
	// the window first, under the bars
	if t.from != 0 || t.to != 0 {
		x0, x1 := xOf(max(t.from, t.start)), xOf(min(t.to, t.end))
		if t.from == 0 {
			x0 = 0
		}
		fillRect(img, x0, 0, x1+1, h, color.NRGBA{0xff, 0x9f, 0x43, 0x30})
		fillRect(img, x0, 0, x0+max(1, int(scale)), h, color.NRGBA{0xff, 0x9f, 0x43, 0xff})
		fillRect(img, x1, 0, x1+max(1, int(scale)), h, color.NRGBA{0xff, 0x9f, 0x43, 0xff})
	}
	mx := max(hs.Max, 1)
	for b := 0; b < hs.Bins; b++ {
		x0, x1 := xOf(hs.BinStart(b)), xOf(hs.BinStart(b+1))
		if x1-x0 >= 3 {
			x1-- // a gap between bars
		}
		x1 = max(x1, x0+1)
		y := plotH
		for tc := 0; tc < hs.Types; tc++ {
			n := hs.Counts[b*hs.Types+tc]
			if n == 0 {
				continue
			}
			bh := int(math.Ceil(float64(n) / float64(mx) * float64(plotH-2)))
			c := color.NRGBA{0x90, 0x90, 0x90, 0xff}
			if tc < len(t.types) {
				c = t.theme.TypeColor(t.types[tc])
			}
			c.A = 255
			fillRect(img, x0, y-bh, x1, y, c)
			y -= bh
		}
	}
	// axis line and ticks
	fillRect(img, 0, plotH, w, plotH+1, t.theme.TextDim)
	for _, tk := range t.ticks() {
		x := xOf(tk)
		fillRect(img, x, plotH, x+1, plotH+int(4*scale), t.theme.TextDim)
	}
	if t.now != 0 {
		x := xOf(t.now)
		fillRect(img, x-int(scale), 0, x+int(scale)+1, h, color.NRGBA{0xff, 0xff, 0xff, 0xe0})
	}
	return img
}

// ticks returns the axis's tick times in range: year, quarter or month
// starts, or for ranges under two months (a log of a few days) Mondays or
// midnights, so that every range gets dates under it; a range within one
// day (a log of a few hours) gets its start.
func (t *TimelineView) ticks() []int64 {
	if t.end <= t.start {
		return nil
	}
	step := tickStep(t.end - t.start)
	var out []int64
	for tk := timeline.Floor(t.start, step); tk <= t.end && len(out) < 400; tk = timeline.Add(tk, step, 1) {
		if tk >= t.start {
			out = append(out, tk)
		}
	}
	if len(out) == 0 {
		out = append(out, t.start) // hours of one day: name the day
	}
	return out
}

// tickStep is the tick spacing for an axis span seconds long.
func tickStep(span int64) int64 {
	switch days := span / timeline.Day; {
	case days > 365*8:
		return timeline.Year
	case days > 365*3:
		return timeline.Quarter
	case days >= 62:
		return timeline.Month
	case days >= 14:
		return timeline.Week
	}
	return timeline.Day
}

// tickLabel names tick tk, the first labelled when first: months as "Mar"
// ("Jan 2008" for January and the first), days and weeks as "3 Mar"
// ("3 Mar 2008" for the first and New Year's Day).
func tickLabel(tk, step int64, first bool) string {
	tm := time.Unix(tk, 0).UTC()
	newYear := tm.Month() == time.January
	if step < 0 {
		if newYear || first {
			return tm.Format("Jan 2006")
		}
		return tm.Format("Jan")
	}
	if (newYear && tm.Day() == 1) || first {
		return tm.Format("2 Jan 2006")
	}
	return tm.Format("2 Jan")
}

func (t *TimelineView) layoutLabels() {
	size := t.Size()
	if size.Width <= 0 || t.end <= t.start {
		t.lblBox.Objects = nil
		return
	}
	ticks, step := t.ticks(), tickStep(t.end-t.start)
	var objs []fyne.CanvasObject
	lastX := float32(-1000)
	i := 0
	for _, tk := range ticks {
		x := float32(float64(tk-t.start) / float64(t.end-t.start) * float64(size.Width))
		if x-lastX < 56 {
			continue
		}
		if i >= len(t.labels) {
			l := canvas.NewText("", t.theme.TextDim)
			l.TextSize = 10
			t.labels = append(t.labels, l)
		}
		l := t.labels[i]
		i++
		l.Text, l.Color = tickLabel(tk, step, len(objs) == 0), t.theme.Text
		l.Move(fyne.NewPos(x+2, size.Height-axisH+1))
		l.Resize(l.MinSize())
		objs = append(objs, l)
		lastX = x
	}
	t.lblBox.Objects = objs
	t.lblBox.Refresh()
}

func fillRect(img *image.RGBA, x0, y0, x1, y1 int, c color.NRGBA) {
	r := image.Rect(x0, y0, x1, y1).Intersect(img.Rect)
	if r.Empty() {
		return
	}
	if c.A == 255 {
		draw.Draw(img, r, image.NewUniform(c), image.Point{}, draw.Src)
		return
	}
	draw.Draw(img, r, image.NewUniform(c), image.Point{}, draw.Over)
}

// timeAt converts an x position (Fyne units) to a time.
func (t *TimelineView) timeAt(x float32) int64 {
	w := t.Size().Width
	if w <= 0 {
		return t.start
	}
	f := min(max(float64(x/w), 0), 1)
	return t.start + int64(f*float64(t.end-t.start))
}

func (t *TimelineView) xAt(ts int64) float32 {
	if t.end <= t.start {
		return 0
	}
	return float32(float64(ts-t.start) / float64(t.end-t.start) * float64(t.Size().Width))
}

func (t *TimelineView) hitMode(x float32) dragMode {
	if t.from == 0 && t.to == 0 {
		return dragNew
	}
	x0, x1 := t.xAt(t.from), t.xAt(t.to)
	if t.from == 0 {
		x0 = 0
	}
	switch {
	case math.Abs(float64(x-x0)) <= 5:
		return dragLeft
	case math.Abs(float64(x-x1)) <= 5:
		return dragRight
	case x > x0 && x < x1:
		return dragMove
	}
	return dragNew
}

// Dragged brushes, moves or resizes the window.
func (t *TimelineView) Dragged(ev *fyne.DragEvent) {
	if t.end <= t.start {
		return
	}
	if t.drag == dragNone {
		startX := ev.Position.X - ev.Dragged.DX
		t.drag = t.hitMode(startX)
		t.anchor = t.timeAt(startX)
		t.dragFrom, t.dragTo = t.from, t.to
		if t.dragFrom == 0 {
			t.dragFrom = t.start
		}
	}
	cur := t.timeAt(ev.Position.X)
	from, to := t.from, t.to
	switch t.drag {
	case dragNew:
		from, to = min(t.anchor, cur), max(t.anchor, cur)
	case dragMove:
		d := cur - t.anchor
		d = max(d, t.start-t.dragFrom)
		d = min(d, t.end-t.dragTo)
		from, to = t.dragFrom+d, t.dragTo+d
	case dragLeft:
		from, to = min(cur, t.dragTo), t.dragTo
	case dragRight:
		from, to = t.dragFrom, max(cur, t.dragFrom)
	}
	from, to = dayStart(from), dayStart(to)+timeline.Day-1
	if from != t.from || to != t.to {
		t.from, t.to = from, to
		t.Refresh()
		if t.OnWindow != nil {
			t.OnWindow(from, to)
		}
	}
}

// DragEnd finishes a brush.
func (t *TimelineView) DragEnd() { t.drag = dragNone }

// Tapped on the histogram clears the window.
func (t *TimelineView) Tapped(*fyne.PointEvent) {
	if t.from != 0 || t.to != 0 {
		t.from, t.to = 0, 0
		t.Refresh()
		if t.OnWindow != nil {
			t.OnWindow(0, 0)
		}
	}
}

// Cursor shows a crosshair (a window is drawn by dragging); implements desktop.Cursorable.
func (t *TimelineView) Cursor() desktop.Cursor { return desktop.CrosshairCursor }

// MouseIn, MouseMoved and MouseOut implement desktop.Hoverable.
func (t *TimelineView) MouseIn(*desktop.MouseEvent)    {}
func (t *TimelineView) MouseMoved(*desktop.MouseEvent) {}
func (t *TimelineView) MouseOut()                      {}

func dayStart(ts int64) int64 { return timeline.Floor(ts, timeline.Day) }

var _ = threat.NoTime

// Resize lays the date labels out again for the new width.
func (t *TimelineView) Resize(s fyne.Size) {
	t.BaseWidget.Resize(s)
	t.layoutLabels()
}
