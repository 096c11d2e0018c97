package main

import (
	"image"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"github.com/go-gl/glfw/v3.3/glfw"
)

// escapeFirst has Escape reach dismiss before the focused widget: when
// dismiss closes a dialog the key goes no further, else on as usual (an
// entry elsewhere still gets it). Fyne 2.7 hands a key to the focused
// widget alone, and the window sees it only when nothing has the focus;
// the name field of Fyne's file dialogs (focused when a Save dialog
// opens), its file list and its buttons all ignore Escape, so Escape
// could not cancel a file dialog.
//
// Fyne has no hook before the focused widget, so this chains the key
// callback of the window's GLFW window, which Fyne set. Fyne does not
// expose that window: a 1x1 raster over the content reads it while Fyne
// paints, the one moment its GL context is current on the UI thread. The
// callback runs on the UI thread too, inside Fyne's event polling.
func escapeFirst(w fyne.Window, dismiss func() bool) {
	var hooked bool
	probe := canvas.NewRaster(func(int, int) image.Image {
		if gw := glfw.GetCurrentContext(); gw != nil && !hooked {
			hooked = true
			var fyneKeys glfw.KeyCallback
			fyneKeys = gw.SetKeyCallback(func(gw *glfw.Window, k glfw.Key, sc int, a glfw.Action, m glfw.ModifierKey) {
				if k == glfw.KeyEscape && a == glfw.Repeat {
					return // holding Escape closes one dialog, not all and the selection
				}
				if k == glfw.KeyEscape && a == glfw.Press && m&(glfw.ModControl|glfw.ModAlt|glfw.ModSuper) == 0 && dismiss() {
					return
				}
				if fyneKeys != nil {
					fyneKeys(gw, k, sc, a, m)
				}
			})
		}
		return image.NewNRGBA(image.Rect(0, 0, 1, 1)) // transparent
	})
	probe.Resize(fyne.NewSquareSize(1))
	w.SetContent(container.NewStack(w.Content(), container.NewWithoutLayout(probe)))
}
