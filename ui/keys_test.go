package ui

import (
	"errors"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// findCheck finds the first check box under o.
func findCheck(t *testing.T, o fyne.CanvasObject) *widget.Check {
	t.Helper()
	switch v := o.(type) {
	case *widget.Check:
		return v
	case *fyne.Container:
		for _, c := range v.Objects {
			if c := findCheck(t, c); c != nil {
				return c
			}
		}
	case fyne.Widget:
		for _, c := range test.TempWidgetRenderer(t, v).Objects() {
			if c := findCheck(t, c); c != nil {
				return c
			}
		}
	}
	return nil
}

// TestEscapeClosesDialogs: Escape closes the export dialog, the about box
// and the shortcuts list (the newest first), and only then clears the
// selection.
func TestEscapeClosesDialogs(t *testing.T) {
	u, w := newTestApp(t)
	c := w.Canvas()
	esc := func() { c.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape}) }
	for _, tc := range []struct {
		name string
		show func()
	}{{"export", u.ShowExport}, {"about", u.ShowAbout}, {"shortcuts", u.ShowShortcuts}} {
		tc.show()
		if c.Overlays().Top() == nil {
			t.Fatalf("%s: no dialog shown", tc.name)
		}
		esc()
		if top := c.Overlays().Top(); top != nil || len(u.dialogs) != 0 {
			t.Errorf("%s: Escape left the dialog open (%d listed)", tc.name, len(u.dialogs))
		}
	}
	// Two open: Escape closes the newest, then the other.
	u.ShowAbout()
	u.ShowShortcuts()
	esc()
	if len(u.dialogs) != 1 || c.Overlays().Top() == nil {
		t.Errorf("first Escape: %d dialogs listed", len(u.dialogs))
	}
	esc()
	if len(u.dialogs) != 0 || c.Overlays().Top() != nil {
		t.Errorf("second Escape: %d dialogs listed", len(u.dialogs))
	}
	// After a click on the export dialog's Legend box, Escape still
	// reaches the window and closes the dialog.
	u.ShowExport()
	legend := findCheck(t, c.Overlays().Top())
	if legend == nil {
		t.Fatal("no check box in the export dialog")
	}
	test.Tap(legend)
	if f := c.Focused(); f != nil {
		f.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	} else {
		esc()
	}
	if len(u.dialogs) != 0 || c.Overlays().Top() != nil {
		t.Errorf("Escape after a tap on Legend left the export dialog open")
	}
	// A dialog closed by its button is off the list too.
	u.ShowShortcuts()
	u.dialogs[0].Hide()
	if len(u.dialogs) != 0 {
		t.Errorf("a closed dialog stays listed")
	}
}

// TestEscapeLeavesFynePopUps: with something of Fyne's own open over the
// app's dialog (a file dialog's "Overwrite?", a drop-down's menu), Escape
// does not close the dialog beneath (which would leave the pop-up
// orphaned, its answer landing on a cancelled dialog) nor clear the
// selection; once it is gone, Escape closes the dialog. Error boxes close
// on Escape too.
func TestEscapeLeavesFynePopUps(t *testing.T) {
	u, w := newTestApp(t)
	c := w.Canvas()
	esc := func() { c.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape}) }
	u.ShowExport()
	over := dialog.NewConfirm("Overwrite?", "x exists", func(bool) {}, w)
	over.Show() // not the app's: Fyne's file dialog shows its own
	esc()
	if len(u.dialogs) != 1 || c.Overlays().Top() == nil {
		t.Fatalf("Escape under Fyne's pop-up closed the app's dialog (%d listed)", len(u.dialogs))
	}
	over.Hide()
	esc()
	if len(u.dialogs) != 0 || c.Overlays().Top() != nil {
		t.Errorf("Escape did not close the export dialog once the pop-up was gone")
	}
	u.showError(errors.New("cannot open x"))
	esc()
	if len(u.dialogs) != 0 || c.Overlays().Top() != nil {
		t.Errorf("Escape did not close the error box")
	}
}

// TestKeysAfterCheckboxTap: after a click on a filter check box, Space and
// the arrows still drive playback (the box does not keep the focus);
// typing in the country search still types.
func TestKeysAfterCheckboxTap(t *testing.T) {
	u, w := newTestApp(t)
	c := w.Canvas()
	check := findCheck(t, u.types)
	if check == nil {
		t.Fatal("no check box in the target types list")
	}
	test.Tap(check)
	if _, all := u.types.Selected(); all {
		t.Fatalf("the tap did not untick a type")
	}
	if f := c.Focused(); f != nil {
		t.Fatalf("the check box kept the focus: %T", f)
	}
	key := func(k fyne.KeyName) { pressKey(u, k) }
	key(fyne.KeySpace)
	if !u.playing {
		t.Errorf("Space after a check box tap did not start playback")
	}
	key(fyne.KeySpace)
	key(fyne.KeyHome)
	now := u.player.Now
	key(fyne.KeyRight)
	if u.player.Now <= now {
		t.Errorf("Right after a check box tap did not step")
	}
	// A text entry keeps the focus while typing (Enter picks a country).
	u.tabs.SelectIndex(1)
	c.Focus(u.countries.search)
	test.Type(u.countries.search, "iran")
	key(fyne.KeyReturn)
	if c.Focused() != u.countries.search {
		t.Errorf("the search box lost the focus: %T", c.Focused())
	}
	if keys, _ := u.countries.Selected(); len(keys) != 1 || keys[0] != "IR" {
		t.Errorf("Enter in the search box ticks %v", keys)
	}
}

// focusRecorder is a focusable widget that counts FocusLost calls.
type focusRecorder struct {
	widget.Label
	lost int
}

func (f *focusRecorder) FocusGained()            {}
func (f *focusRecorder) FocusLost()              { f.lost++ }
func (f *focusRecorder) TypedRune(rune)          {}
func (f *focusRecorder) TypedKey(*fyne.KeyEvent) {}

// TestClosedDialogDropsFocus: a closed dialog's entries lose the focus
// (Fyne only drops the dialog's focus manager, and a focused entry's cursor
// went on blinking, repainting the window), and the file dialog is one
// that Escape closes.
func TestClosedDialogDropsFocus(t *testing.T) {
	u, w := newTestApp(t)
	c := w.Canvas()
	rec := &focusRecorder{}
	rec.ExtendBaseWidget(rec)
	u.showDialog(dialog.NewCustom("t", "Close", rec, w), rec)
	c.Focus(rec)
	c.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if rec.lost != 1 || c.Overlays().Top() != nil {
		t.Errorf("after Escape: FocusLost called %d times (want 1), dialog open: %v", rec.lost, c.Overlays().Top() != nil)
	}
	u.askSaveFile("x.png", []string{".png"}, func(string) { t.Error("Escape saved") })
	if _, ok := c.Focused().(*widget.Entry); !ok {
		t.Fatalf("the save dialog focuses %T, not its name field", c.Focused())
	}
	c.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if c.Overlays().Top() != nil || len(u.dialogs) != 0 {
		t.Errorf("the save dialog stays open (%d listed)", len(u.dialogs))
	}
}

// TestHiddenPanelsGiveKeysBack: Ctrl+B hiding the panels takes the focus
// from their search field, so Space plays again.
func TestHiddenPanelsGiveKeysBack(t *testing.T) {
	u, w := newTestApp(t)
	c := w.Canvas()
	c.Focus(u.countries.search)
	u.ToggleSidebar()
	if f := c.Focused(); f != nil {
		t.Fatalf("hidden panels: %T keeps the focus", f)
	}
	c.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeySpace})
	if !u.playing {
		t.Error("Space did not play once the panels were hidden")
	}
}

// pressKey sends key k as the real window does: first to the app's
// DismissDialog when it is Escape (cmd/threatmap hooks it in before the
// focused widget), then to the focused widget, else to the window.
func pressKey(u *App, k fyne.KeyName) {
	if k == fyne.KeyEscape && u.DismissDialog() {
		return
	}
	c := u.win.Canvas()
	ev := &fyne.KeyEvent{Name: k}
	if f := c.Focused(); f != nil {
		f.TypedKey(ev)
	} else {
		c.OnTypedKey()(ev)
	}
}

// TestEscapeCancelsFileDialogs: Escape cancels Fyne's Save dialog while
// its name field has the focus and holds a typed name (the field took the
// key), and the Open dialog; the callback gets nothing, so nothing is
// written or opened. With no dialog open an entry still gets Escape.
func TestEscapeCancelsFileDialogs(t *testing.T) {
	u, w := newTestApp(t)
	c := w.Canvas()
	u.askSaveFile("x.png", []string{".png"}, func(string) { t.Error("Escape saved") })
	name, ok := c.Focused().(*widget.Entry)
	if !ok {
		t.Fatalf("the save dialog focuses %T, not its name field", c.Focused())
	}
	test.Type(name, "-more")
	pressKey(u, fyne.KeyEscape)
	if c.Overlays().Top() != nil || len(u.dialogs) != 0 {
		t.Errorf("Escape left the save dialog open (%d listed)", len(u.dialogs))
	}
	u.askOpenFile(nil, func(string) { t.Error("Escape opened a file") })
	f := findFocusable(c.Overlays().Top())
	if f == nil {
		t.Fatal("nothing focusable in the open dialog")
	}
	c.Focus(f) // what a click gives the focus to, which takes the key
	if c.Focused() != f {
		t.Fatalf("%T did not take the focus", f)
	}
	pressKey(u, fyne.KeyEscape)
	if c.Overlays().Top() != nil || len(u.dialogs) != 0 {
		t.Errorf("Escape left the open dialog open (%d listed)", len(u.dialogs))
	}
	// No dialog: the search field keeps the focus and its text.
	u.tabs.SelectIndex(1)
	c.Focus(u.countries.search)
	test.Type(u.countries.search, "ira")
	pressKey(u, fyne.KeyEscape)
	test.Type(u.countries.search, "n")
	if c.Focused() != u.countries.search || u.countries.search.Text != "iran" {
		t.Errorf("after Escape the search field has %q, focused %T", u.countries.search.Text, c.Focused())
	}
}

// findFocusable is the first focusable widget in o's tree that is not a
// text entry (a button or the file list), or nil.
func findFocusable(o fyne.CanvasObject) fyne.Focusable {
	var found fyne.Focusable
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if found != nil || o == nil {
			return
		}
		if f, ok := o.(fyne.Focusable); ok {
			if _, entry := o.(*widget.Entry); !entry {
				found = f
				return
			}
		}
		switch x := o.(type) {
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(x).Objects() {
				walk(c)
			}
		}
	}
	walk(o)
	return found
}
