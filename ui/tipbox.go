package ui

import (
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// tipBox is a tooltip: lines of light text on a dark box with an orange
// rim. Its obj, what goes into the widget tree, lays out nothing and asks
// for no room (freeLayout), so a tooltip never sets the minimum size of
// what holds it: a long one cannot widen the window. Hidden until show.
type tipBox struct {
	obj  *fyne.Container // the box and the lines
	box  *canvas.Rectangle
	body *fyne.Container
	text []*canvas.Text
}

// tipPad is the room between a tooltip's rim and its text, and tipGap how
// far from the pointer the box starts, in Fyne units.
const (
	tipPad = 8
	tipGap = 16
)

func newTipBox() *tipBox {
	t := &tipBox{box: canvas.NewRectangle(color.NRGBA{0x10, 0x14, 0x1c, 0xee})}
	t.box.StrokeColor = color.NRGBA{0xff, 0x9f, 0x43, 0xcc}
	t.box.StrokeWidth = 1
	t.box.CornerRadius = 4
	t.body = container.New(freeLayout{}) // show places the lines
	t.obj = container.New(freeLayout{}, t.box, t.body)
	t.obj.Hide()
	return t
}

// tipFit turns one line of a tooltip into the lines shown, none wider
// than w at the given size and style: fitLine cuts it, wrapLine wraps it.
type tipFit func(s string, w, size float32, style fyne.TextStyle) []string

func fitLine(s string, w, size float32, style fyne.TextStyle) []string {
	return []string{fitText(s, w, size, style)}
}

// show sets the tooltip's lines, each fitted by fit to maxW, and places
// it next to the pointer at inside an area of the given size (see place).
// With head the first line is a bold title. No more lines than fit in
// the area's height are shown; the last shown then ends in "…".
func (t *tipBox) show(lines []string, maxW float32, head bool, fit tipFit, at fyne.Position, area fyne.Size) {
	size := theme.TextSize() * 0.95
	lineH := fyne.MeasureText("M", size, fyne.TextStyle{}).Height
	maxLines := max(1, int((area.Height-2*tipPad)/lineH))
	t.body.Objects = t.body.Objects[:0]
	var w, h float32
lines:
	for i, l := range lines {
		title := head && i == 0
		style := fyne.TextStyle{Bold: title}
		for _, s := range fit(l, maxW, size, style) {
			n := len(t.body.Objects)
			if n == maxLines { // the rest is cut: the last line shown says so
				last := t.text[n-1]
				last.Text = ellipsize(last.Text, maxW, size, last.TextStyle)
				last.Resize(last.MinSize())
				w = max(w, last.Size().Width)
				break lines
			}
			c := t.line(n, s, size, style, title || !head)
			sz := c.MinSize()
			c.Resize(sz)
			c.Move(fyne.NewPos(0, h))
			h += sz.Height
			w = max(w, sz.Width)
			t.body.Objects = append(t.body.Objects, c)
		}
	}
	t.box.Resize(fyne.NewSize(w+2*tipPad, h+2*tipPad))
	t.body.Resize(fyne.NewSize(w, h))
	t.place(at, area)
	for _, o := range t.body.Objects {
		o.Refresh()
	}
	t.obj.Show()
	t.obj.Refresh()
}

// line is the canvas text of the n-th line shown, reused between shows;
// bright for a title or a tooltip without one, else dimmer.
func (t *tipBox) line(n int, s string, size float32, style fyne.TextStyle, bright bool) *canvas.Text {
	for len(t.text) <= n {
		t.text = append(t.text, canvas.NewText("", color.Black))
	}
	c := t.text[n]
	c.Text, c.TextSize, c.TextStyle = s, size, style
	c.Color = color.NRGBA{0xb8, 0xc2, 0xd0, 0xff}
	if bright {
		c.Color = color.NRGBA{0xe6, 0xea, 0xf0, 0xff}
	}
	return c
}

// place puts the box below and right of the pointer at, or above or left
// of it where the area has no room, and never past the area's top-left.
func (t *tipBox) place(at fyne.Position, area fyne.Size) {
	sz := t.box.Size()
	pos := at.Add(fyne.NewPos(tipGap, tipGap))
	if pos.X+sz.Width > area.Width {
		pos.X = at.X - sz.Width - tipPad
	}
	if pos.Y+sz.Height > area.Height {
		pos.Y = at.Y - sz.Height - tipPad
	}
	pos.X, pos.Y = max(pos.X, 0), max(pos.Y, 0)
	t.box.Move(pos)
	t.body.Move(pos.Add(fyne.NewPos(tipPad, tipPad)))
}

// hide hides the tooltip.
func (t *tipBox) hide() {
	if t.obj.Visible() {
		t.obj.Hide()
	}
}

// shown reports whether the tooltip shows.
func (t *tipBox) shown() bool { return t.obj.Visible() }

// fitText returns s, or its longest prefix with "…" that is at most w wide.
func fitText(s string, w, size float32, style fyne.TextStyle) string {
	if fyne.MeasureText(s, size, style).Width <= w {
		return s
	}
	return ellipsize(s, w, size, style)
}

// ellipsize returns the longest prefix of s that, followed by "…", is at
// most w wide, with the "…".
func ellipsize(s string, w, size float32, style fyne.TextStyle) string {
	r := []rune(strings.TrimSuffix(s, "…"))
	n := fitRunes(r, "…", w, size, style)
	return strings.TrimRight(string(r[:n]), " ") + "…"
}

// fitRunes is the length of the longest prefix of r that, followed by
// suffix, is at most w wide (0 when none is).
func fitRunes(r []rune, suffix string, w, size float32, style fyne.TextStyle) int {
	lo, hi := 0, len(r)+1 // the prefix of lo runes fits, of hi does not
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if fyne.MeasureText(string(r[:mid])+suffix, size, style).Width <= w {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo
}

// wrapLine breaks s into lines at most w wide: at spaces (and at its own
// line breaks), and inside a word too long for a line (a path).
func wrapLine(s string, w, size float32, style fyne.TextStyle) []string {
	fits := func(s string) bool { return fyne.MeasureText(s, size, style).Width <= w }
	var out []string
	for para := range strings.SplitSeq(s, "\n") {
		line := ""
		for _, word := range strings.Fields(para) {
			if line != "" && fits(line+" "+word) {
				line += " " + word
				continue
			}
			if line != "" {
				out = append(out, line)
			}
			r := []rune(word)
			for !fits(string(r)) {
				n := max(1, fitRunes(r, "", w, size, style)) // a rune wider than w still takes a line
				out = append(out, string(r[:n]))
				r = r[n:]
			}
			line = string(r)
		}
		out = append(out, line)
	}
	return out
}

// repaint has the window showing o paint again after an overlay of o was
// shown or hidden. The overlay's own Refresh does not: the GL driver
// paints only visible objects and knows the canvas of only those it
// painted, so an overlay hidden since start-up refreshed into no canvas,
// and the first tooltip waited for some other change to appear (hovering
// a host of a quiet map, an IP list, showed nothing).
func repaint(o fyne.CanvasObject) {
	if c, ok := canvasOf(o).(interface{ SetDirty() }); ok {
		c.SetDirty()
	}
}
