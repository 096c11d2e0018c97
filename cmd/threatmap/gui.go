package main

import (
	"io"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"threatmap/assets"
	"threatmap/ui"
)

// version is the app version shown by 'threatmap version' and Help > About.
const version = "0.1.0"

// appID matches FyneApp.toml; preferences are stored under it.
const appID = "io.github.threatmap"

// runGUI opens the desktop app on the given files (the embedded default when
// there are none) and returns when the window is closed.
func runGUI(files []string, stderr io.Writer) int {
	a := app.NewWithID(appID)
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon))
	w := a.NewWindow("threatmap")
	ui.New(a, w, ui.Options{Files: files, Version: version, Log: stderr})
	w.ShowAndRun()
	return 0
}
