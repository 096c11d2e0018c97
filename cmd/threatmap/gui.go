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

// headless says what to do without a display: the same app under a
// virtual X server, or the subcommands that need none.
const headless = `Run it from a desktop session, or under a virtual X server (Debian package xvfb):
  xvfb-run -a -s "-screen 0 1600x1000x24" threatmap [FILE ...]
  xvfb-run -a -s "-screen 0 1600x1000x24" .ci/app      (from the source tree)
Without any display, 'threatmap validate' and 'threatmap export' work headless.
`

// runGUI opens the desktop app on the given files (the embedded default when
// there are none) and returns when the window is closed.
func runGUI(files []string, stderr io.Writer) int {
	if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		fmt.Fprintln(stderr, "threatmap: no display to open a window on (neither DISPLAY nor WAYLAND_DISPLAY is set).")
		fmt.Fprint(stderr, headless)
		return 1
	}
	a := app.NewWithID(appID)
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon))
	w, err := newWindow(a)
	if err != nil {
		fmt.Fprintf(stderr, "threatmap: cannot open a window on display %q (%v); is an X server running there?\n", os.Getenv("DISPLAY"), err)
		fmt.Fprint(stderr, headless)
		return 1
	}
	u := ui.New(a, w, ui.Options{Files: files, Version: version, Log: stderr, Trace: launchTrace(stderr)})
	escapeFirst(w, u.DismissDialog)
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
