package ui

import (
	"image"
	"os"
	"slices"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"threatmap/ui/render"
	"threatmap/ui/viewspec"
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
// preview: one on opening, at the size the dialog shows it (480 × 270 in
// the test canvas, scale 1) whatever the export's size; none for a size
// of the same shape (Full HD to 4K); one per change of what it shows;
// none after the dialog closed.
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
	box := p.box()
	if p.renders != 1 || p.sizes[0] != image.Pt(480, 270) || box.X < 480 || box.Y < 270 {
		t.Errorf("opening: %d drawings %v in a %v box, want one at 480x270 (the Full HD export's shape in the preview's 480x270 or more)", p.renders, p.sizes, box)
	}
	step("4K", 0, func() { sel[0].SetSelected(exportPresets[2].name) })
	step("A4 portrait", 1, func() { sel[0].SetSelected(exportPresets[4].name) })
	step("legend off", 1, func() { checks[0].SetChecked(false) })
	entries[0].SetText("")
	step("typing 300", 2, func() { test.Type(entries[0], "300") }) // "3" is refused, "30" and "300" drawn
	// Full HD, A4 portrait (2480 × 3508) twice, then 30 and 300 × 3508.
	want := []image.Point{{480, 270}, {191, 270}, {191, 270}, {2, 270}, {23, 270}}
	if !slices.Equal(p.sizes, want) {
		t.Errorf("previews drawn at %v, want %v: the preview's pixels, in the export's shape", p.sizes, want)
	}
	if b := u.exportPreview.Image.Bounds(); b.Size() != p.sizes[len(p.sizes)-1] {
		t.Errorf("preview shows a %v image, drawn at %v", b, p.sizes[len(p.sizes)-1])
	}
	w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	step("closed", 0, func() { p.request(ExportSettings{Width: 640, Height: 480}) })
}

// TestExportPreviewIsMiniature: on a canvas of scale 2 the preview is
// drawn at twice the widget's size, 960 × 540, and it is the Full HD
// export drawn as a miniature (viewspec.DrawMiniature), pixel for pixel:
// the export's text sizes, panels and labels in small, not a 960 × 540
// export of its own. THREATMAP_PREVIEW_PNG=path writes the window with
// the dialog open, to look at.
func TestExportPreviewIsMiniature(t *testing.T) {
	u, w := newTestApp(t)
	w.Canvas().(test.WindowlessCanvas).SetScale(2)
	u.ShowExport()
	p := u.exportPrev
	if len(p.sizes) == 0 || p.sizes[len(p.sizes)-1] != image.Pt(960, 540) {
		t.Fatalf("previews drawn at %v, want the last at 960x540 (480x270 at scale 2)", p.sizes)
	}
	spec, err := u.viewSpec(ExportSettings{Width: 1920, Height: 1080, Legend: true, Caption: true, Dark: u.dark})
	if err != nil {
		t.Fatal(err)
	}
	want, _, _, err := viewspec.DrawMiniature(u.ds, spec, 960, 540)
	if err != nil {
		t.Fatal(err)
	}
	got, ok := u.exportPreview.Image.(*image.RGBA)
	if !ok || !slices.Equal(got.Pix, want.Pix) {
		t.Errorf("the preview is not the Full HD export's miniature")
	}
	if path := os.Getenv("THREATMAP_PREVIEW_PNG"); path != "" {
		if err := render.WritePNG(path, w.Canvas().Capture(), true); err != nil {
			t.Error(err)
		}
	}
}
