// Package ui is threatmap's desktop interface: the map widget, filter
// panels, timeline and details, built with Fyne. Pixels come from
// ui/render; data from data/*.
package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// Options configure New.
type Options struct {
	Files   []string // files to open; none means the embedded default
	Version string
}

// App is one threatmap window and its view state.
type App struct {
	app fyne.App
	win fyne.Window
	opt Options
}

// New builds the interface into w and starts loading the data in the
// background. It must be called on the UI goroutine.
func New(a fyne.App, w fyne.Window, opt Options) *App {
	u := &App{app: a, win: w, opt: opt}
	w.SetContent(widget.NewLabel("threatmap"))
	w.Resize(fyne.NewSize(1400, 900))
	return u
}
