package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// TipLabel is a one-line label cut with "…" at its width (its minimum
// width is the ellipsis alone, so no text widens the window) that shows
// its whole text, wrapped, in a tooltip while the pointer is on it and
// the text is cut. Fyne 2.7's Label has no tooltip.
//
// The tooltip draws in a layer over the window's content (NewTipLayer)
// rather than in the label, which is one line high and would clip it, or
// in a pop-up, which takes the pointer from the label.
type TipLabel struct {
	widget.BaseWidget
	Text      string
	Alignment fyne.TextAlign

	label *widget.Label
	layer *fyne.Container
	tip   *tipBox
}

var (
	_ fyne.Widget       = (*TipLabel)(nil)
	_ desktop.Hoverable = (*TipLabel)(nil)
)

// NewTipLayer returns the layer tooltips of TipLabels draw in: it goes
// over the window's content, in a container.NewStack, and asks for no
// room (each tooltip's own container lays out freely). Its objects are
// not interactive, so the pointer's events reach what is below.
func NewTipLayer() *fyne.Container { return container.NewStack() }

// NewTipLabel returns a label showing text whose tooltip draws in layer.
func NewTipLabel(text string, layer *fyne.Container) *TipLabel {
	l := &TipLabel{Text: text, layer: layer, tip: newTipBox()}
	l.label = widget.NewLabel(text)
	l.label.Truncation = fyne.TextTruncateEllipsis
	layer.Add(l.tip.obj)
	l.ExtendBaseWidget(l)
	return l
}

// CreateRenderer implements fyne.Widget.
func (l *TipLabel) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(l.label)
}

// SetText changes the text; a tooltip showing the old one goes.
func (l *TipLabel) SetText(s string) {
	if s == l.Text {
		return
	}
	l.Text = s
	l.hideTip()
	l.Refresh()
}

// Refresh shows the fields' values.
func (l *TipLabel) Refresh() {
	l.label.Text, l.label.Alignment = l.Text, l.Alignment
	l.BaseWidget.Refresh()
}

// Truncated reports whether the text is cut at the label's width.
func (l *TipLabel) Truncated() bool {
	room := l.Size().Width - 2*theme.InnerPadding()
	return fyne.MeasureText(l.Text, theme.TextSize(), l.label.TextStyle).Width > room
}

// MouseIn shows the tooltip when the text is cut.
func (l *TipLabel) MouseIn(ev *desktop.MouseEvent) {
	if !l.Truncated() {
		return
	}
	area := l.layer.Size()
	maxW := max(120, min(maxStatusTipWidth, area.Width-2*tipPad-tipGap))
	l.tip.show([]string{l.Text}, maxW, false, wrapLine, l.inLayer(ev), area)
	repaint(l)
}

// MouseMoved keeps the tooltip by the pointer.
func (l *TipLabel) MouseMoved(ev *desktop.MouseEvent) {
	if !l.tip.shown() {
		l.MouseIn(ev) // the text grew past the width under a still pointer
		return
	}
	l.tip.place(l.inLayer(ev), l.layer.Size())
	l.tip.obj.Refresh()
}

// MouseOut hides the tooltip.
func (l *TipLabel) MouseOut() { l.hideTip() }

func (l *TipLabel) hideTip() {
	if l.tip.shown() {
		l.tip.hide()
		repaint(l)
	}
}

// inLayer is the pointer's position in the tooltip layer.
func (l *TipLabel) inLayer(ev *desktop.MouseEvent) fyne.Position {
	d := fyne.CurrentApp().Driver()
	return ev.AbsolutePosition.Subtract(d.AbsolutePositionForObject(l.layer))
}

// maxStatusTipWidth bounds the width of a label's tooltip, in Fyne units:
// a long status wraps to lines of at most this width (about 90
// characters), narrower in a narrow window.
const maxStatusTipWidth = 640
