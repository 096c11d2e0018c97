package ui

import (
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"threatmap/ui/render"
)

// Preference keys.
const (
	prefDark       = "theme.dark"
	prefProjection = "map.projection"
	prefLastDir    = "files.lastDir"
	prefRecent     = "files.recent"
	prefWinW       = "window.width"
	prefWinH       = "window.height"
	prefLayers     = "map.layers"
	maxRecent      = 8
)

func (u *App) loadPrefs() {
	p := u.app.Preferences()
	u.dark = p.BoolWithFallback(prefDark, true)
	if pr, err := render.ParseProjection(p.String(prefProjection)); err == nil && p.String(prefProjection) != "" {
		u.proj = pr
	}
	if l, ok := restoreLayers(p); ok {
		u.layers = l
	}
}

func (u *App) prefSize() (float32, float32) {
	p := u.app.Preferences()
	w := float32(p.FloatWithFallback(prefWinW, 1440))
	h := float32(p.FloatWithFallback(prefWinH, 900))
	return max(w, 800), max(h, 560)
}

// closed saves the window size.
func (u *App) closed() {
	u.stopPlaying()
	s := u.win.Canvas().Size()
	if s.Width > 0 && s.Height > 0 {
		u.app.Preferences().SetFloat(prefWinW, float64(s.Width))
		u.app.Preferences().SetFloat(prefWinH, float64(s.Height))
	}
}

func (u *App) recent() []string {
	var out []string
	for _, f := range strings.Split(u.app.Preferences().String(prefRecent), "\n") {
		if f != "" {
			out = append(out, f)
		}
	}
	return out
}

func (u *App) addRecent(f string) {
	list := []string{f}
	for _, r := range u.recent() {
		if r != f && len(list) < maxRecent {
			list = append(list, r)
		}
	}
	u.app.Preferences().SetString(prefRecent, strings.Join(list, "\n"))
	u.buildMenu()
}

// ctrl is the platform's shortcut modifier (Ctrl, or Cmd on macOS) with k.
func ctrl(k fyne.KeyName) fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault}
}

func (u *App) buildMenu() {
	var recent []*fyne.MenuItem
	for _, f := range u.recent() {
		f := f
		recent = append(recent, fyne.NewMenuItem(f, func() { u.open([]string{f}) }))
	}
	recentItem := fyne.NewMenuItem("Open recent", nil)
	if len(recent) == 0 {
		recentItem.Disabled = true
	} else {
		recentItem.ChildMenu = fyne.NewMenu("", recent...)
	}
	item := func(label string, sc fyne.Shortcut, f func()) *fyne.MenuItem {
		m := fyne.NewMenuItem(label, f)
		m.Shortcut = sc
		return m
	}
	file := fyne.NewMenu("File")
	file.Items = append(file.Items,
		item("Open…", ctrl(fyne.KeyO), u.ShowOpen),
		recentItem,
		fyne.NewMenuItem("Close data (back to GhostNet)", u.CloseData),
		fyne.NewMenuItem("IP geolocation database…", u.ShowGeoIP),
		fyne.NewMenuItemSeparator(),
		item("Export map…", ctrl(fyne.KeyE), u.ShowExport),
		fyne.NewMenuItem("Export animation…", u.ShowExportAnimation),
		fyne.NewMenuItem("Export data…", u.ShowExportData),
		fyne.NewMenuItem("Save window screenshot…", u.ShowScreenshot),
		fyne.NewMenuItem("Save view…", u.ShowSaveView),
		fyne.NewMenuItem("Open view…", u.ShowOpenView),
	)
	if imageClipboard() != nil {
		file.Items = append(file.Items, item("Copy map image", &desktop.CustomShortcut{KeyName: fyne.KeyC,
			Modifier: fyne.KeyModifierShortcutDefault | fyne.KeyModifierShift}, u.CopyMapImage))
	}
	file.Items = append(file.Items,
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Load report", u.ShowLoadReport),
	)
	var projItems []*fyne.MenuItem
	for _, p := range render.Projections {
		p := p
		m := fyne.NewMenuItem(p.String(), func() { u.SetProjection(p) })
		m.Checked = p == u.proj
		projItems = append(projItems, m)
	}
	proj := fyne.NewMenuItem("Projection", nil)
	proj.ChildMenu = fyne.NewMenu("", projItems...)
	view := fyne.NewMenu("View",
		item("Fit to data", &desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault}, u.FitData),
		item("Whole world", ctrl(fyne.Key0), u.ResetView),
		item("Zoom in", ctrl(fyne.KeyEqual), func() { u.Zoom(1.5) }),
		item("Zoom out", ctrl(fyne.KeyMinus), func() { u.Zoom(1 / 1.5) }),
		fyne.NewMenuItemSeparator(),
		proj,
		item("Toggle dark / light theme", ctrl(fyne.KeyT), u.ToggleTheme),
		item("Show / hide filters", ctrl(fyne.KeyB), u.ToggleSidebar),
		fyne.NewMenuItem("Clear filters", u.ClearFilters),
	)
	help := fyne.NewMenu("Help",
		fyne.NewMenuItem("Keyboard shortcuts", u.ShowShortcuts),
		fyne.NewMenuItem("About the data", u.ShowAbout),
		fyne.NewMenuItem("Copy export command", u.CopyExportCommand),
	)
	u.win.SetMainMenu(fyne.NewMainMenu(file, view, help))
}

// installShortcuts wires window-wide keys. Menu shortcuts come with the
// menu; plain keys act unless a text field has focus.
func (u *App) installShortcuts() {
	c := u.win.Canvas()
	for _, s := range []struct {
		k fyne.KeyName
		f func()
	}{
		{fyne.KeyO, u.ShowOpen}, {fyne.KeyE, u.ShowExport}, {fyne.KeyF, u.FitData},
		{fyne.Key0, u.ResetView}, {fyne.KeyT, u.ToggleTheme}, {fyne.KeyB, u.ToggleSidebar},
		{fyne.KeyEqual, func() { u.Zoom(1.5) }}, {fyne.KeyMinus, func() { u.Zoom(1 / 1.5) }},
	} {
		c.AddShortcut(ctrl(s.k), func(fyne.Shortcut) { s.f() })
	}
	c.SetOnTypedKey(u.typedKey)
	c.SetOnTypedRune(u.typedRune)
}

// showDialog shows d and keeps it on the list that Escape closes, until it
// is closed. On closing it takes the focus from what the dialog focused
// (a file dialog's name field) and from entries: Fyne removes a closed
// dialog without telling its focused entry, whose cursor then blinks on
// unseen, repainting the window at 20-70% of a core until the app quits
// (fyne-io/fyne#4373).
func (u *App) showDialog(d dialog.Dialog, entries ...fyne.Focusable) {
	u.dialogs = append(u.dialogs, d)
	d.Show()
	if u.dialogTop == nil {
		u.dialogTop = map[dialog.Dialog]fyne.CanvasObject{}
	}
	u.dialogTop[d] = u.win.Canvas().Overlays().Top()
	if f := u.win.Canvas().Focused(); f != nil && !slices.Contains(entries, f) {
		entries = append(entries, f)
	}
	d.SetOnClosed(func() {
		if i := slices.Index(u.dialogs, d); i >= 0 {
			u.dialogs = slices.Delete(u.dialogs, i, i+1)
		}
		delete(u.dialogTop, d)
		for _, e := range entries {
			e.FocusLost()
		}
	})
}

// releaseFocus takes the keyboard focus back from a check box, radio
// button or button that a click gave it (Fyne focuses what is tapped), so
// Space, the arrows and Escape reach the window's shortcuts again. A text
// entry keeps it: the user is typing.
func (u *App) releaseFocus() {
	c := u.win.Canvas()
	switch c.Focused().(type) {
	case nil, *widget.Entry:
		return
	}
	c.Unfocus()
}

// showError shows err in a dialog that Escape closes.
func (u *App) showError(err error) { u.showDialog(dialog.NewError(err, u.win)) }

// DismissDialog closes the newest of the app's dialogs as its Cancel or
// Close would (a file dialog's callback gets nil), and reports whether it
// did: what Escape does. The window calls it before the focused widget
// sees Escape (cmd/threatmap), so that Escape also closes Fyne's file
// dialogs, whose name field, list and buttons would take the key. When
// something of Fyne's own is open over that dialog (a file dialog's
// "Overwrite?", a drop-down's menu), it does nothing: that has the key,
// and closing the dialog beneath would leave it orphaned.
func (u *App) DismissDialog() bool {
	n := len(u.dialogs)
	if n == 0 {
		return false
	}
	d := u.dialogs[n-1]
	if u.win.Canvas().Overlays().Top() != u.dialogTop[d] {
		return false
	}
	d.Dismiss()
	return true
}

// typedKey handles plain keys (the canvas only sees them when no text
// field has focus).
func (u *App) typedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeySpace:
		u.TogglePlay()
	case fyne.KeyLeft:
		u.Step(-1)
	case fyne.KeyRight:
		u.Step(1)
	case fyne.KeyUp:
		u.Pan(0, -0.15)
	case fyne.KeyDown:
		u.Pan(0, 0.15)
	case fyne.KeyHome:
		u.Home()
	case fyne.KeyEnd:
		u.End()
	case fyne.KeyEscape:
		if !u.DismissDialog() && u.win.Canvas().Overlays().Top() == nil {
			u.ClearSelection()
		}
	case fyne.KeyPageUp:
		u.Zoom(1.5)
	case fyne.KeyPageDown:
		u.Zoom(1 / 1.5)
	}
}

func (u *App) typedRune(r rune) {
	switch r {
	case '[':
		u.Slower()
	case ']':
		u.Faster()
	case '+', '=':
		u.Zoom(1.5)
	case '-', '_':
		u.Zoom(1 / 1.5)
	case 'h', 'a':
		u.Pan(-0.15, 0)
	case 'l', 'd':
		u.Pan(0.15, 0)
	}
}

// shortcutHelp lists every key, for Help › Keyboard shortcuts.
var shortcutHelp = [][2]string{
	{"Ctrl+O", "Open file(s)"},
	{"Ctrl+E", "Export map as PNG"},
	{"Ctrl+F", "Fit map to the visible data"},
	{"Ctrl+0", "Whole world"},
	{"Ctrl+= / Ctrl+-, + / -, PgUp / PgDn", "Zoom in / out"},
	{"Ctrl+T", "Dark / light theme"},
	{"Ctrl+B", "Show / hide filter panels"},
	{"Up / Down, h / l", "Pan the map"},
	{"Drag, wheel, double-click", "Pan, zoom about the cursor, zoom in"},
	{"Click", "Select a host, server or link"},
	{"Escape", "Close a dialog, else clear the selection"},
	{"Space", "Play / pause the timeline"},
	{"Left / Right", "Step one day back / forward"},
	{"[ / ]", "Slower / faster playback"},
	{"Home / End", "First / last day"},
	{"Drag on the timeline", "Select a time window (click to clear)"},
}

// ShowShortcuts lists the keyboard shortcuts.
func (u *App) ShowShortcuts() {
	var rows []fyne.CanvasObject
	for _, s := range shortcutHelp {
		rows = append(rows, widget.NewLabelWithStyle(s[0], fyne.TextAlignTrailing, fyne.TextStyle{Monospace: true}), widget.NewLabel(s[1]))
	}
	u.showDialog(dialog.NewCustom("Keyboard shortcuts", "Close", container.NewGridWithColumns(2, rows...), u.win))
}

// ShowAbout names the app, the data sources and the reconstruction caveat.
func (u *App) ShowAbout() {
	var b strings.Builder
	fmt.Fprintf(&b, "threatmap %s: offline viewer for infection maps.\n\n", u.opt.Version)
	if u.ds != nil {
		m := u.ds.Meta
		if m.Title != "" {
			b.WriteString(m.Title + "\n\n")
		}
		if r := reconAbout(u.ds); r != "" {
			b.WriteString(r + "\n\n")
		}
		if hasConfidence(u.ds) {
			b.WriteString(confidenceText(&m) + "\n\n")
		}
		if m.Caveat != "" {
			b.WriteString(m.Caveat + "\n\n")
		}
		if len(m.Sources) > 0 {
			b.WriteString("Sources:\n")
			for _, s := range m.Sources {
				b.WriteString("• " + s + "\n")
			}
			b.WriteString("\n")
		}
	}
	if u.ds != nil && len(u.ds.Servers) > 0 {
		b.WriteString("A C2 server's location is where it was hosted, not who operated it.\n\n")
	}
	b.WriteString("Base map and country names: Natural Earth (public domain) via world-atlas 2.0.2 (ISC). ")
	b.WriteString("City names: © GeoNames (geonames.org), CC BY 3.0. ")
	b.WriteString("Map text in other scripts: Noto fonts and NanumGothic (SIL OFL 1.1), Droid Sans Fallback (Apache 2.0). No network is used.\n\n")
	b.WriteString(geoipAbout(u.geoipChoice()))
	l := widget.NewLabel(b.String())
	l.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustom("About the data", "Close", container.NewVScroll(l), u.win)
	d.Resize(fyne.NewSize(720, 520))
	u.showDialog(d)
}

// linkModes are the choices of the Layers menu's "C2 links" item.
var linkModes = []struct {
	l    render.Layers
	name string
}{
	{render.LayerLinks, "All"}, {render.LayerSelectionLinks, "Of the selection only"}, {0, "None"},
}

// linkModeItem is the Layers menu's "C2 links" item: all links, those of
// the selection only, or none.
func (u *App) linkModeItem() *fyne.MenuItem {
	const both = render.LayerLinks | render.LayerSelectionLinks
	var sub []*fyne.MenuItem
	for _, m := range linkModes {
		it := fyne.NewMenuItem(m.name, func() {
			u.layers = u.layers&^both | m.l
			saveLayers(u.app.Preferences(), u.layers)
			u.redraw()
		})
		it.Checked = u.layers&both == m.l || m.l == render.LayerLinks && u.layers.Has(m.l)
		sub = append(sub, it)
	}
	item := fyne.NewMenuItem("C2 links", nil)
	item.ChildMenu = fyne.NewMenu("", sub...)
	return item
}

// showLayersMenu pops up the layer toggles under the Layers button.
func (u *App) showLayersMenu(anchor fyne.CanvasObject) {
	names := []struct {
		l    render.Layers
		name string
	}{
		{render.LayerBasemap, "Base map"}, {render.LayerGraticule, "Graticule"}, {render.LayerChoropleth, "Country choropleth"},
		{render.LayerHosts, "Hosts"}, {render.LayerServers, "C2 servers"},
		{render.LayerLegend, "Legend"}, {render.LayerCaption, "Caption"}, {render.LayerLabels, "Place labels"},
	}
	var items []*fyne.MenuItem
	for i, n := range names {
		if i == 3 {
			items = append(items, u.linkModeItem())
		}
		n := n
		m := fyne.NewMenuItem(n.name, func() {
			u.layers ^= n.l
			saveLayers(u.app.Preferences(), u.layers)
			u.redraw()
		})
		m.Checked = u.layers&n.l != 0
		items = append(items, m)
	}
	c := u.win.Canvas()
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(anchor).Add(fyne.NewPos(0, anchor.Size().Height))
	widget.ShowPopUpMenuAtPosition(fyne.NewMenu("", items...), c, pos)
}
