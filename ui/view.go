package ui

import (
	"cmp"
	"errors"
	"fmt"
	"image"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"fyne.io/fyne/v2/dialog"

	"threatmap/data/timeline"
	"threatmap/ui/render"
	"threatmap/ui/viewspec"
)

// viewSpec describes what an export with s draws from the window's
// current state: the one description of the window's map that exports,
// saved views and the copied command all use.
func (u *App) viewSpec(s ExportSettings) (*viewspec.View, error) {
	if u.ds == nil {
		return nil, errors.New("nothing is loaded")
	}
	if s.Width < 16 || s.Height < 16 || s.Width > MaxExportSide || s.Height > MaxExportSide {
		return nil, fmt.Errorf("size %d × %d is out of range (16 to %d pixels a side)", s.Width, s.Height, MaxExportSide)
	}
	v := u.mapv.View
	if v.Width > 0 && v.Height > 0 {
		v.Zoom = exportZoom(v, s.Width, s.Height)
	}
	layers := u.layers &^ (render.LayerLegend | render.LayerCaption)
	if s.Legend {
		layers |= render.LayerLegend
	}
	if s.Caption {
		layers |= render.LayerCaption
	}
	spec := &viewspec.View{
		Version: viewspec.Version, Projection: v.Projection.String(), Layers: viewspec.LayerNames(layers),
		Theme: "light", Width: s.Width, Height: s.Height,
		Extent: viewspec.Extent{Center: []float64{v.Center[0], v.Center[1]}, Zoom: v.Zoom},
	}
	if s.Dark {
		spec.Theme = "dark"
	}
	if len(u.files) > 0 {
		spec.Files = slices.Clone(u.inputs())
	}
	q := u.query()
	spec.Filters, spec.Time = viewspec.FromQuery(&q)
	switch {
	case u.server >= 0:
		spec.Selection.Server = u.ds.Servers[u.server].ID
	case u.stack != nil:
		spec.Selection.Hosts = u.stackRefs()
	case u.selected.Kind == render.KindHost:
		spec.Selection.Host = viewspec.HostRef(u.ds, u.selected.Index)
	}
	spec.Playback = u.playback()
	spec.Title = u.viewTitle
	spec.GeoIP = u.geoipChoice().path // "" for the embedded database
	return spec, spec.Check()
}

// playback is the player's mode while the timeline plays or shows an
// instant, else nil.
func (u *App) playback() *viewspec.Playback {
	if u.player == nil || !u.playing && u.tl.now == 0 {
		return nil
	}
	if u.player.Mode == timeline.Moving {
		return &viewspec.Playback{Mode: "window", Window: fmt.Sprintf("%dd", u.player.WindowDays)}
	}
	return &viewspec.Playback{Mode: "cumulative"}
}

// MapSettings are the export settings of the map as the window shows it:
// its size in pixels, its overlays and theme.
func (u *App) MapSettings() ExportSettings {
	v := u.mapv.View
	return ExportSettings{Width: v.Width, Height: v.Height, Legend: u.layers.Has(render.LayerLegend),
		Caption: u.layers.Has(render.LayerCaption), Dark: u.dark}
}

// ExportImage draws what File › Export writes with s.
func (u *App) ExportImage(s ExportSettings) (*image.RGBA, error) {
	job, err := u.exportJob(s)
	if err != nil {
		return nil, err
	}
	return job(), nil
}

// ExportCommand is the 'threatmap export' command line that draws the
// window's current map, at the map's size, into out.
func (u *App) ExportCommand(out string) (string, error) {
	spec, err := u.viewSpec(u.MapSettings())
	if err != nil {
		return "", err
	}
	for i, f := range spec.Files { // the command may run in another folder
		if abs, err := filepath.Abs(f); err == nil {
			spec.Files[i] = abs
		}
	}
	if abs, err := filepath.Abs(spec.GeoIP); spec.GeoIP != "" && err == nil {
		spec.GeoIP = abs
	}
	return spec.Command(out)
}

// CopyExportCommand puts on the clipboard the command that reproduces the
// window's map (Help › Copy export command).
func (u *App) CopyExportCommand() {
	cmd, err := u.ExportCommand("threatmap.png")
	if err != nil {
		u.showError(fmt.Errorf("cannot write this view as a command: %w", err))
		return
	}
	u.app.Clipboard().SetContent(cmd)
	u.status.SetText("Export command copied to the clipboard")
}

// SaveViewTo writes the window's view (at the map's size) to path, its
// files relative to path's folder; the caller has confirmed replacing it.
func (u *App) SaveViewTo(path string) error {
	spec, err := u.viewSpec(u.MapSettings())
	if err != nil {
		return err
	}
	b, err := viewspec.Marshal(spec.Relative(filepath.Dir(path)))
	if err != nil {
		return err
	}
	out, err := render.CreateOutput(path, u.inputs(), true)
	if err != nil {
		return err
	}
	defer out.Abort()
	if _, err := out.Write(b); err != nil {
		return err
	}
	return out.Commit()
}

// ShowSaveView asks for a file and saves the window's view in it (File ›
// Save view…).
func (u *App) ShowSaveView() {
	if u.ds == nil {
		return
	}
	u.askSaveFile("threatmap-view.json", []string{".json"}, func(path string) {
		if err := u.SaveViewTo(path); err != nil {
			u.showError(fmt.Errorf("saving the view to %s failed: %w", path, err))
			return
		}
		u.status.SetText("Saved view " + path)
	})
}

// ShowOpenView asks for a view file and opens it (File › Open view…).
func (u *App) ShowOpenView() {
	u.askOpenFile([]string{".json"}, func(path string) {
		if err := u.OpenView(path); err != nil {
			u.lastError = err.Error()
			u.showError(err)
		}
	})
}

// OpenView reads the view file at path and shows it: it loads the view's
// files when they are not what is open, then applies its filters, time
// window, selection, projection, extent, layers and theme. A broken file
// or a missing data file is an error naming it, and changes nothing.
func (u *App) OpenView(path string) error {
	spec, warns, err := viewspec.Read(path)
	if err != nil {
		return err
	}
	for _, f := range spec.Files {
		if _, err := os.Stat(f); err != nil {
			return fmt.Errorf("%s: data file %s: %w", path, f, err)
		}
	}
	u.viewWarnings = warns
	if !sameFiles(spec.Files, u.files) || u.ds == nil {
		u.pendingView = spec
		u.open(spec.Files) // loaded applies it
		return nil
	}
	u.applyView(spec)
	return nil
}

// sameFiles reports whether two lists name the same files.
func sameFiles(a, b []string) bool {
	abs := func(l []string) []string {
		out := make([]string, len(l))
		for i, f := range l {
			out[i], _ = filepath.Abs(f)
		}
		return out
	}
	return slices.Equal(abs(a), abs(b))
}

// applyPendingView applies the view that waited for its files to load.
func (u *App) applyPendingView() {
	if spec := u.pendingView; spec != nil {
		u.pendingView = nil
		u.applyView(spec)
	}
}

// applyView shows spec on the loaded data. What the window cannot show
// (values the data lacks, hosts active rather than first seen in the time
// window) is said in the status line and a dialog.
func (u *App) applyView(spec *viewspec.View) {
	q, _ := spec.Query() // checked by Read
	st, _ := spec.Style()
	warns := u.viewWarnings
	u.viewWarnings = nil
	warns = append(warns, u.applyFilters(spec, &q)...)
	warns = append(warns, u.applyTime(spec, &q)...)
	if st.Projection != u.proj {
		u.SetProjection(st.Projection)
	}
	u.viewTitle = spec.Title
	if st.Layers != u.layers {
		u.layers = st.Layers
		saveLayers(u.app.Preferences(), u.layers)
	}
	if (st.Theme.Name == render.Dark.Name) != u.dark {
		u.ToggleTheme()
	}
	u.refilter(false)
	warns = append(warns, u.applySelection(spec)...)
	if cur := u.geoipChoice().path; spec.GeoIP != cur {
		warns = append(warns, fmt.Sprintf("the view placed IP-only feeds with %s; this window uses %s (File › IP geolocation database…)",
			cmp.Or(spec.GeoIP, "the embedded database"), cmp.Or(cur, "the embedded database")))
	}
	u.applyExtent(spec)
	if len(warns) > 0 {
		u.status.SetText("View opened with " + render.CountOf(len(warns), "warning"))
		u.lastError = strings.Join(warns, "\n")
		u.showDialog(dialog.NewInformation("View opened with warnings", u.lastError, u.win))
		return
	}
	u.status.SetText("View opened")
}
