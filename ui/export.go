package ui

import (
	"errors"
	"fmt"
	"image"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"threatmap/ui/render"
	"threatmap/ui/viewspec"
)

// exportPreset is a named output size.
type exportPreset struct {
	name string
	w, h int
}

var exportPresets = []exportPreset{
	{"Window size", 0, 0},
	{"Full HD 1920 × 1080", 1920, 1080},
	{"4K 3840 × 2160", 3840, 2160},
	{"A4 landscape, 300 dpi (3508 × 2480)", 3508, 2480},
	{"A4 portrait, 300 dpi (2480 × 3508)", 2480, 3508},
	{"Custom", -1, -1},
}

// MaxExportSide bounds export width and height, in the window and on the
// command line: a 16384² RGBA frame is 1 GiB, and drawing it needs a few
// times that (accumulation grids, base map).
const MaxExportSide = viewspec.MaxSide

// ExportSettings are the choices of the export dialog.
type ExportSettings struct {
	Width, Height int
	Legend        bool
	Caption       bool
	Dark          bool
}

// exportJob snapshots the view state on the UI goroutine (viewSpec) and
// returns a function that renders it on any goroutine, as the export
// command draws the same view.
func (u *App) exportJob(s ExportSettings) (func() *image.RGBA, error) {
	return u.drawJob(s, image.Point{})
}

// drawJob is exportJob drawing into a frame of size, a miniature of the
// export (zero: the export itself).
func (u *App) drawJob(s ExportSettings, size image.Point) (func() *image.RGBA, error) {
	spec, err := u.viewSpec(s)
	if err != nil {
		return nil, err
	}
	ds := u.ds
	return func() *image.RGBA {
		var img *image.RGBA
		var err error
		if size == (image.Point{}) {
			img, _, _, err = viewspec.Draw(ds, spec)
		} else {
			img, _, _, err = viewspec.DrawMiniature(ds, spec, size.X, size.Y)
		}
		if err != nil { // spec was checked: a programmer's error
			panic(err)
		}
		return img
	}, nil
}

// exportZoom returns the zoom that shows in a w×h frame the extent view v
// shows in its own frame.
func exportZoom(v render.View, w, h int) float64 {
	// Scale = Zoom * min(W/2xm, H/2ym): keep Scale * (frame size) proportional
	// so the visible extent is the same; use the window's limiting side.
	src := render.View{Projection: v.Projection, Zoom: 1, Width: v.Width, Height: v.Height}.Scale()
	dst := render.View{Projection: v.Projection, Zoom: 1, Width: w, Height: h}.Scale()
	kx := float64(w) / float64(v.Width)
	ky := float64(h) / float64(v.Height)
	k := min(kx, ky) // the whole window extent fits the export
	return v.Zoom * src * k / dst
}

// ShowExport shows the export dialog (Ctrl+E): size, legend, caption and
// theme, with a preview of the framing; Save asks for a file.
func (u *App) ShowExport() {
	if u.ds == nil {
		return
	}
	names := make([]string, len(exportPresets))
	for i, p := range exportPresets {
		names[i] = p.name
	}
	wEntry, hEntry := widget.NewEntry(), widget.NewEntry()
	wEntry.SetText(strconv.Itoa(u.mapv.View.Width))
	hEntry.SetText(strconv.Itoa(u.mapv.View.Height))
	legend := widget.NewCheck("Legend", nil)
	legend.SetChecked(true)
	caption := widget.NewCheck("Caption (title, time, filters, source, caveat)", nil)
	caption.SetChecked(true)
	themeSel := widget.NewRadioGroup([]string{"Dark", "Light"}, nil)
	themeSel.Horizontal = true
	themeSel.Selected = map[bool]string{true: "Dark", false: "Light"}[u.dark]
	preview := canvas.NewImageFromImage(nil)
	preview.FillMode = canvas.ImageFillContain
	preview.SetMinSize(fyne.NewSize(480, 270))
	u.exportPreview = preview
	errLabel := widget.NewLabel("")
	settings := func() (ExportSettings, error) {
		w, err1 := strconv.Atoi(strings.TrimSpace(wEntry.Text))
		h, err2 := strconv.Atoi(strings.TrimSpace(hEntry.Text))
		if err1 != nil || err2 != nil {
			return ExportSettings{}, errors.New("width and height must be whole numbers of pixels")
		}
		return ExportSettings{Width: w, Height: h, Legend: legend.Checked, Caption: caption.Checked, Dark: themeSel.Selected != "Light"}, nil
	}
	prev := &previewer{u: u, image: preview, delay: previewDelay}
	if u.opt.Synchronous {
		prev.delay = 0
	}
	u.exportPrev = prev
	updatePreview := func() {
		s, err := settings()
		if err != nil {
			errLabel.SetText(err.Error())
			return
		}
		if s.Width < 16 || s.Height < 16 || s.Width > MaxExportSide || s.Height > MaxExportSide {
			errLabel.SetText(fmt.Sprintf("Size must be 16 to %d pixels a side.", MaxExportSide))
			return
		}
		errLabel.SetText(fmt.Sprintf("%d × %d pixels, %.1f MB uncompressed", s.Width, s.Height, float64(s.Width*s.Height*4)/1e6))
		// The preview is the export drawn smaller (same framing, same
		// text sizes relative to the picture), scaled down.
		prev.request(s)
	}
	presetting := false // a preset sets both sides: one preview, not one per side
	preset := widget.NewSelect(names, func(name string) {
		presetting = true
		defer func() { presetting = false }()
		for _, p := range exportPresets {
			if p.name != name {
				continue
			}
			switch {
			case p.w == 0:
				wEntry.SetText(strconv.Itoa(u.mapv.View.Width))
				hEntry.SetText(strconv.Itoa(u.mapv.View.Height))
			case p.w > 0:
				wEntry.SetText(strconv.Itoa(p.w))
				hEntry.SetText(strconv.Itoa(p.h))
			}
		}
		updatePreview()
	})
	preset.SetSelected(names[1])
	sideChanged := func(string) {
		if !presetting {
			updatePreview()
		}
	}
	wEntry.OnChanged, hEntry.OnChanged = sideChanged, sideChanged
	// Each gives the focus back after a click, so Escape closes the dialog.
	legend.OnChanged = func(bool) { updatePreview(); u.releaseFocus() }
	caption.OnChanged = func(bool) { updatePreview(); u.releaseFocus() }
	themeSel.OnChanged = func(string) { updatePreview(); u.releaseFocus() }
	form := widget.NewForm(
		widget.NewFormItem("Size", preset),
		widget.NewFormItem("Width", wEntry),
		widget.NewFormItem("Height", hEntry),
		widget.NewFormItem("Overlays", container.NewVBox(legend, caption)),
		widget.NewFormItem("Theme", themeSel),
	)
	content := container.NewBorder(nil, errLabel, nil, nil, container.NewHBox(form, preview))
	var dlg dialog.Dialog
	dlg = dialog.NewCustomConfirm("Export map as PNG", "Save…", "Cancel", content, func(ok bool) {
		prev.close()
		if !ok {
			return
		}
		s, err := settings()
		if err != nil {
			u.showError(err)
			return
		}
		u.askSaveFile("threatmap.png", []string{".png"}, func(path string) { u.exportTo(path, s) })
	}, u.win)
	updatePreview()
	u.showDialog(dlg, wEntry, hEntry)
	updatePreview() // laid out now: at the preview's size on screen, if it differs
}

// exportTo renders the current view with s and writes it to path (the
// caller has confirmed any overwrite), off the UI goroutine unless the app
// is synchronous.
func (u *App) exportTo(path string, s ExportSettings) {
	job, err := u.exportJob(s)
	if err != nil {
		u.showError(err)
		return
	}
	u.status.SetText(fmt.Sprintf("Exporting %d × %d…", s.Width, s.Height))
	finish := func(err error) {
		if err != nil {
			u.status.SetText("Export failed")
			u.showError(fmt.Errorf("export to %s failed: %w", path, err))
			return
		}
		u.status.SetText("Exported " + path)
	}
	if u.opt.Synchronous {
		finish(render.WritePNG(path, job(), true, u.inputs()...))
		return
	}
	go func() {
		err := render.WritePNG(path, job(), true, u.inputs()...)
		doOnUI(func() { finish(err) })
	}()
}

// inputs are the files the shown data was loaded from: an export never
// replaces one of them.
func (u *App) inputs() []string {
	if u.ds == nil {
		return nil
	}
	return u.ds.Meta.Files
}

// askSaveFile shows a save dialog for a file ending in one of exts (the
// first is added to a name with none of them) and calls done with the
// chosen path once it is confirmed (an existing file needs a second yes).
func (u *App) askSaveFile(name string, exts []string, done func(path string)) {
	d := dialog.NewFileSave(func(wc fyne.URIWriteCloser, err error) {
		if err != nil {
			u.showError(err)
			return
		}
		if wc == nil {
			return
		}
		path := wc.URI().Path()
		wc.Close()
		if !slices.ContainsFunc(exts, func(e string) bool { return strings.EqualFold(filepath.Ext(path), e) }) {
			path += exts[0]
		}
		u.app.Preferences().SetString(prefLastDir, filepath.Dir(path))
		// Fyne's save dialog already confirmed replacing an existing file
		// (lazyFiles keeps it from creating or truncating it); an added
		// extension may name another one.
		if st, err := os.Stat(path); err == nil && st.Size() > 0 && !strings.HasSuffix(wc.URI().Path(), filepath.Base(path)) {
			u.showDialog(dialog.NewConfirm("Replace file?", filepath.Base(path)+" exists. Replace it?", func(ok bool) {
				if ok {
					done(path)
				}
			}, u.win))
			return
		}
		done(path)
	}, u.win)
	d.SetFileName(name)
	d.SetFilter(storage.NewExtensionFileFilter(exts))
	if dir := u.app.Preferences().String(prefLastDir); dir != "" {
		if l, err := storage.ListerForURI(storage.NewFileURI(dir)); err == nil {
			d.SetLocation(l)
		}
	}
	d.Resize(fyne.NewSize(900, 600))
	u.showDialog(d)
}

// captureWindow grabs the window's pixels; a variable so that a test can
// play a driver whose capture comes back empty.
var captureWindow = func(w fyne.Window) image.Image { return w.Canvas().Capture() }

// errBlankCapture is what a screenshot reports when the window's capture
// holds no picture.
var errBlankCapture = errors.New("the window capture came back empty (this display's driver cannot read the window back); nothing was saved. File › Export saves the map itself")

// blank reports whether img holds no picture: nil, no pixels, or every
// pixel the same colour (fully transparent included), which is what a
// software or virtual display's capture returns when it cannot read the
// window back. No real window is a single colour.
func blank(img image.Image) bool {
	if img == nil {
		return true
	}
	b := img.Bounds()
	if b.Empty() {
		return true
	}
	if m, ok := img.(*image.RGBA); ok { // the capture's usual type: compare bytes
		px := m.Pix[m.PixOffset(b.Min.X, b.Min.Y):][:4]
		for y := b.Min.Y; y < b.Max.Y; y++ {
			row := m.Pix[m.PixOffset(b.Min.X, y):][:4*b.Dx()]
			for i := 0; i < len(row); i += 4 {
				if row[i] != px[0] || row[i+1] != px[1] || row[i+2] != px[2] || row[i+3] != px[3] {
					return false
				}
			}
		}
		return true
	}
	r0, g0, b0, a0 := img.At(b.Min.X, b.Min.Y).RGBA()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if r, g, bl, a := img.At(x, y).RGBA(); r != r0 || g != g0 || bl != b0 || a != a0 {
				return false
			}
		}
	}
	return true
}

// ShowScreenshot saves the whole window, panels included, as PNG. A blank
// capture is reported as a failure, never saved as if it were the window.
func (u *App) ShowScreenshot() {
	img := captureWindow(u.win)
	if blank(img) {
		u.lastError = "Screenshot failed: " + errBlankCapture.Error()
		u.status.SetText("Screenshot failed: empty capture")
		u.showError(errBlankCapture)
		return
	}
	u.askSaveFile("threatmap-window.png", []string{".png"}, func(path string) {
		if err := render.WritePNG(path, img, true, u.inputs()...); err != nil {
			u.showError(err)
			return
		}
		u.status.SetText("Saved " + path)
	})
}
