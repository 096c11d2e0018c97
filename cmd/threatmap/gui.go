package main

import (
	"fmt"
	"io"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"threatmap/assets"
	"threatmap/ui"
	"threatmap/ui/render"
)

// version is the app version shown by 'threatmap version' and Help > About.
const version = "0.1.0"

// appID matches FyneApp.toml; preferences are stored under it.
const appID = "io.github.threatmap"

// runGUI opens the desktop app on the given files (the embedded default when
// there are none) and returns when the window is closed.
func runGUI(files []string, stderr io.Writer) int {
	if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		fmt.Fprintln(stderr, "threatmap: no display to open a window on (DISPLAY is not set).\n"+
			"Run it from a desktop session, under Xvfb, or use 'threatmap validate' / 'threatmap export' headless.")
		return 1
	}
	a := app.NewWithID(appID)
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon))
	w, err := newWindow(a)
	if err != nil {
		fmt.Fprintf(stderr, "threatmap: cannot open a window on display %q: %v\n", os.Getenv("DISPLAY"), err)
		return 1
	}
	ui.New(a, w, ui.Options{Files: files, Version: version, Log: stderr})
	// Fyne turns Ctrl+C and SIGTERM into a quit of its own, which saves
	// the preferences; an export still being written leaves no temporary
	// file behind.
	w.ShowAndRun()
	render.RemoveTemps()
	return 0
}

// newWindow opens the main window. The windowing driver panics when the
// display cannot be opened; that panic becomes an error here (and only
// here: later panics are bugs and keep their stack).
func newWindow(a fyne.App) (w fyne.Window, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	return a.NewWindow("threatmap"), nil
}
