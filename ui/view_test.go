package ui

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"threatmap/ui/render"
	"threatmap/ui/viewspec"
)

// TestSaveOpenView: File › Save view writes what the window shows; after
// the window is changed back, File › Open view restores the filters, the
// selection, the theme, projection, layers and extent, and the window's
// export is again the same picture.
func TestSaveOpenView(t *testing.T) {
	u, _ := newTestApp(t)
	u.countries.SetAll(false)
	for _, c := range []string{"TW", "IN", "VN"} {
		u.countries.Set(c, true)
	}
	u.confidence.Set("low", false)
	u.SetProjection(render.Mercator)
	u.ToggleTheme()
	u.layers = (u.layers | render.LayerGraticule) &^ render.LayerLabels
	u.selectItem(render.Item{Kind: render.KindServer, Index: 1}, false)
	u.Zoom(2)
	u.Pan(0.2, 0.1)
	s := u.MapSettings()
	before, err := u.ExportImage(s)
	if err != nil {
		t.Fatal(err)
	}
	countries, _ := u.countries.Selected()

	path := filepath.Join(t.TempDir(), "brief.json")
	if err := u.SaveViewTo(path); err != nil {
		t.Fatal(err)
	}
	saved, _ := os.ReadFile(path)
	for _, want := range []string{`"threatmap_view": 1`, `"server": "` + u.ds.Servers[1].ID + `"`, `"theme": "light"`, `"projection": "mercator"`,
		`"width": ` + strconv.Itoa(s.Width), `"graticule"`, `"confidence": [`} {
		if !bytes.Contains(saved, []byte(want)) {
			t.Errorf("saved view lacks %s:\n%s", want, saved)
		}
	}
	if bytes.Contains(saved, []byte(`"files"`)) {
		t.Errorf("the embedded data is no files:\n%s", saved)
	}

	u.ClearFilters()
	u.ClearSelection()
	u.SetProjection(render.EqualEarth)
	u.ToggleTheme()
	u.layers = render.DefaultLayers
	u.ResetView()
	if err := u.OpenView(path); err != nil {
		t.Fatal(err)
	}
	if got, _ := u.countries.Selected(); !reflect.DeepEqual(got, countries) {
		t.Errorf("countries %q, want %q", got, countries)
	}
	if keys, all := u.confidence.Selected(); all || len(keys) != 3 {
		t.Errorf("confidence %q (all %v), want low unchecked", keys, all)
	}
	if u.server != 1 || u.dark || u.proj != render.Mercator || !u.layers.Has(render.LayerGraticule) || u.layers.Has(render.LayerLabels) {
		t.Errorf("server %d, dark %v, projection %v, layers %v", u.server, u.dark, u.proj, u.layers)
	}
	if l, ok := restoreLayers(u.app.Preferences()); !ok || l != u.layers {
		t.Errorf("the view's layers are saved as %q (ok %v), want %q", l, ok, u.layers)
	}
	after, err := u.ExportImage(u.MapSettings())
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before.Pix, after.Pix) {
		t.Error("the reopened view exports another picture")
	}
	if !strings.Contains(u.status.Text, "View opened") {
		t.Errorf("status %q", u.status.Text)
	}
}

// TestOpenViewLoadsItsFiles: a view of other data loads it, then applies
// its filters; a view naming a missing file is refused, naming it, and
// the window keeps what it shows.
func TestOpenViewLoadsItsFiles(t *testing.T) {
	u, _ := newTestApp(t)
	data := writeFile(t, "feed.geojson", sampleFeed)
	dir := filepath.Dir(data)
	view := filepath.Join(dir, "v.json")
	os.WriteFile(view, []byte(`{"threatmap_view": 1, "files": ["feed.geojson"], "filters": {"countries": ["FR", "JP"]}, "extent": {"fit": true}, "title": "March feed"}`), 0o644)
	if err := u.OpenView(view); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(u.files, []string{data}) || u.ds.Hosts.Len() != 2 {
		t.Fatalf("files %q, %d hosts; want %s loaded", u.files, u.ds.Hosts.Len(), data)
	}
	if keys, _ := u.countries.Selected(); !reflect.DeepEqual(keys, []string{"FR"}) {
		t.Errorf("countries %q, want FR", keys)
	}
	if in := u.input(); in.title != "March feed" {
		t.Errorf("caption title %q, want the view's", in.title)
	}
	if spec, _ := u.viewSpec(u.MapSettings()); spec.Title != "March feed" || spec.Extent.Center == nil {
		t.Errorf("saved again: title %q, extent %+v", spec.Title, spec.Extent)
	}
	if !strings.Contains(u.lastError, `filters.countries: "JP" is not in the data`) {
		t.Errorf("no warning for a country the data lacks: %q", u.lastError)
	}

	missing := filepath.Join(dir, "m.json")
	os.WriteFile(missing, []byte(`{"threatmap_view": 1, "files": ["gone.geojson"]}`), 0o644)
	ds := u.ds
	err := u.OpenView(missing)
	if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, "gone.geojson")) {
		t.Errorf("error %v, want one naming gone.geojson", err)
	}
	broken := filepath.Join(dir, "b.json")
	os.WriteFile(broken, []byte("{\"threatmap_view\": 1,\n \"theme\": dark}"), 0o644)
	if err := u.OpenView(broken); err == nil || !strings.Contains(err.Error(), "line 2, column 11") {
		t.Errorf("broken view: %v", err)
	}
	if u.ds != ds {
		t.Error("a refused view changed the data")
	}
}

// TestCopyExportCommand: Help › Copy export command puts the command line
// on the clipboard, with the map's size; the menus offer the view actions.
func TestCopyExportCommand(t *testing.T) {
	u, w := newTestApp(t)
	u.types.Set("mfa", false)
	u.CopyExportCommand()
	got := u.app.Clipboard().Content()
	v := u.mapv.View
	for _, want := range []string{"threatmap export --width " + strconv.Itoa(v.Width) + " --height " + strconv.Itoa(v.Height), "--type ", "-o threatmap.png"} {
		if !strings.Contains(got, want) {
			t.Errorf("clipboard %q lacks %q", got, want)
		}
	}
	if strings.Contains(got, ",mfa") || strings.Contains(got, " mfa,") {
		t.Errorf("mfa unchecked but listed: %q", got)
	}
	if strings.Contains(got, "--geoip") {
		t.Errorf("the embedded database needs no --geoip: %q", got)
	}
	u.geo = newGeoIPChoice("/data/city.mmdb") // the user's own database places IP feeds
	u.CopyExportCommand()
	if got := u.app.Clipboard().Content(); !strings.Contains(got, "--geoip /data/city.mmdb") {
		t.Errorf("clipboard %q lacks the user's IP database", got)
	}
	var labels []string
	for _, m := range w.MainMenu().Items {
		for _, it := range m.Items {
			labels = append(labels, m.Label+" › "+it.Label)
		}
	}
	for _, want := range []string{"File › Save view…", "File › Open view…", "Help › Copy export command"} {
		if !strings.Contains(strings.Join(labels, "\n"), want) {
			t.Errorf("no menu item %s in %q", want, labels)
		}
	}
}

// TestViewSpecOfPlayback: a playing or paused timeline is saved with its
// mode, and the window's time window as first-seen bounds.
func TestViewSpecOfPlayback(t *testing.T) {
	u, _ := newTestApp(t)
	u.modeSel.SetSelected("Last 30 days")
	u.End()
	u.Step(-1)
	spec, err := u.viewSpec(u.MapSettings())
	if err != nil {
		t.Fatal(err)
	}
	if spec.Playback == nil || *spec.Playback != (viewspec.Playback{Mode: "window", Window: "30d"}) {
		t.Errorf("playback %+v", spec.Playback)
	}
	if spec.Time.Match != "first_seen" || spec.Time.From == "" || spec.Time.To == "" {
		t.Errorf("time %+v", spec.Time)
	}
}

// TestExportCommandOfPlayback: the copied command of a window playing a
// sliding window is a still's: its instant as --from/--to, no animation
// flag (the export command refuses them for a .png); the same view as an
// animation writes its mode.
func TestExportCommandOfPlayback(t *testing.T) {
	u, _ := newTestApp(t)
	u.modeSel.SetSelected("Last 90 days")
	u.End()
	u.Step(-1)
	cmd, err := u.ExportCommand("threatmap.png")
	if err != nil {
		t.Fatal(err)
	}
	for _, flag := range []string{"--frames", "--fps", "--window", "--cumulative"} {
		if strings.Contains(cmd, flag) {
			t.Errorf("still command holds %s: %s", flag, cmd)
		}
	}
	if !strings.Contains(cmd, "--from ") || !strings.Contains(cmd, "--first-seen") {
		t.Errorf("still command lacks the instant's window: %s", cmd)
	}
	spec, err := u.viewSpec(u.MapSettings())
	if err != nil {
		t.Fatal(err)
	}
	if a, _ := spec.Command("spread.gif"); !strings.Contains(a, "--window 90d -o spread.gif") {
		t.Errorf("animation command %s: want the sliding window", a)
	}
}

// TestOpenDialogsAreTracked: every open dialog (data, view, IP database)
// goes through showDialog, so Escape and the focus hand-back after closing
// (idle CPU, fyne-io/fyne#4373) apply to them all.
func TestOpenDialogsAreTracked(t *testing.T) {
	u, w := newTestApp(t)
	for _, show := range []func(){u.ShowOpen, u.ShowOpenView, u.chooseGeoIPFile} {
		show()
		if len(u.dialogs) != 1 || w.Canvas().Overlays().Top() == nil {
			t.Fatalf("%d dialogs tracked, want 1", len(u.dialogs))
		}
		u.dialogs[0].Hide()
		if len(u.dialogs) != 0 {
			t.Fatalf("a hidden dialog stays tracked")
		}
	}
}
