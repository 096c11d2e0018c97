package ui

import (
	"image"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// findAll returns the objects of type T under o, in tree order.
func findAll[T fyne.CanvasObject](t *testing.T, o fyne.CanvasObject) []T {
	t.Helper()
	var out []T
	if v, ok := o.(T); ok {
		out = append(out, v)
	}
	switch v := o.(type) {
	case *fyne.Container:
		for _, c := range v.Objects {
			out = append(out, findAll[T](t, c)...)
		}
	case fyne.Widget:
		for _, c := range test.TempWidgetRenderer(t, v).Objects() {
			out = append(out, findAll[T](t, c)...)
		}
	}
	return out
}

// TestExportPreviewRenders counts the drawings behind the export dialog's
// preview: one on opening, at most 1440 × 810 whatever the export's size;
// none for a size of the same shape (Full HD to 4K); one per change of
// what it shows; none after the dialog closed.
func TestExportPreviewRenders(t *testing.T) {
	u, w := newTestApp(t)
	u.ShowExport()
	p := u.exportPrev
	dlg := w.Canvas().Overlays().Top()
	sel := findAll[*widget.Select](t, dlg)
	entries := findAll[*widget.Entry](t, dlg)
	checks := findAll[*widget.Check](t, dlg)
	if len(sel) != 1 || len(entries) < 2 || len(checks) != 2 {
		t.Fatalf("dialog has %d selects, %d entries, %d checks", len(sel), len(entries), len(checks))
	}
	step := func(what string, want int, do func()) {
		t.Helper()
		n := p.renders
		do()
		if got := p.renders - n; got != want {
			t.Errorf("%s: %d preview drawings, want %d", what, got, want)
		}
		if u.exportPreview.Image == nil {
			t.Errorf("%s: no preview shown", what)
		}
	}
	if p.renders != 1 || p.sizes[0] != image.Pt(1440, 810) {
		t.Errorf("opening: %d drawings %v, want one at 1440x810 (the Full HD export's shape)", p.renders, p.sizes)
	}
	step("4K", 0, func() { sel[0].SetSelected(exportPresets[2].name) })
	step("A4 portrait", 1, func() { sel[0].SetSelected(exportPresets[4].name) })
	step("legend off", 1, func() { checks[0].SetChecked(false) })
	entries[0].SetText("")
	step("typing 300", 2, func() { test.Type(entries[0], "300") }) // "3" is refused, "30" and "300" drawn
	for _, s := range p.sizes {
		if min(s.X, s.Y) > previewMinSide {
			t.Errorf("a preview drawn at %v: more than the export's shape at %d pixels", s, previewMinSide)
		}
	}
	w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	step("closed", 0, func() { p.request(ExportSettings{Width: 640, Height: 480}) })
}
