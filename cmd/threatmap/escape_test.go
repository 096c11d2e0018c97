package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestWindowEscapeCancelsSaveDialog: in a real window, Escape cancels
// Fyne's Save dialog while its file-name field has the focus (the field
// took the key, and the dialog stayed), and nothing is written.
func TestWindowEscapeCancelsSaveDialog(t *testing.T) {
	a := start(t)
	win := a.waitWindow(t, "GhostNet")
	a.waitDrawn(t, win)
	key(t, win, "ctrl+e")
	a.clickButton(t, win, "the export dialog's Save… button")
	a.waitFor(t, func() string { // the Save dialog, its name field focused
		if len(primaryButtons(screenshot(t, win))) == 0 {
			return "the file dialog's Save button"
		}
		return ""
	})
	key(t, win, "Escape")
	a.waitFor(t, func() string {
		if n := len(primaryButtons(screenshot(t, win))); n > 0 {
			return "the Save dialog to close on Escape"
		}
		return ""
	})
	if _, err := os.Stat(filepath.Join(a.home, "threatmap.png")); err == nil {
		t.Error("Escape in the Save dialog wrote threatmap.png")
	}
	// The keys are the window's again: Ctrl+E opens the export dialog.
	key(t, win, "ctrl+e")
	a.waitFor(t, func() string {
		if len(primaryButtons(screenshot(t, win))) == 0 {
			return "the export dialog after the Save dialog was cancelled"
		}
		return ""
	})
	checkNoPanic(t, a)
}
