package ui

import (
	"context"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"threatmap/data/filter"
	"threatmap/data/ingest"
	"threatmap/data/threat"
	"threatmap/ui/render"
)

const sampleFeed = `{"type":"FeatureCollection","features":[
{"type":"Feature","geometry":{"type":"Point","coordinates":[121.5,25.03]},"properties":{"id":"a","name":"Ministry A","country":"TW","target_type":"mfa","first_seen":"2008-01-02","server":"c1"}},
{"type":"Feature","geometry":{"type":"Point","coordinates":[2.35,48.85]},"properties":{"id":"b","country":"FR","target_type":"embassy","first_seen":"2008-02-03","server":"c1","shoe_size":44}},
{"type":"Feature","geometry":{"type":"Point","coordinates":[999,12]},"properties":{"id":"bad"}},
{"type":"Feature","geometry":{"type":"Point","coordinates":[110.3,20.0]},"properties":{"id":"c1","role":"control","network":"EXAMPLE-NET"}}]}`

func writeFile(t *testing.T, name, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestOpenFileNamesTitle opens a partly bad file: the good features load,
// the title names the file, the status points at the load report.
func TestOpenFileNamesTitle(t *testing.T) {
	u, w := newTestApp(t)
	p := writeFile(t, "feed.geojson", sampleFeed)
	u.open([]string{p})
	if u.ds.Hosts.Len() != 2 || len(u.ds.Servers) != 1 {
		t.Fatalf("loaded %d hosts, %d servers", u.ds.Hosts.Len(), len(u.ds.Servers))
	}
	if !strings.Contains(w.Title(), "feed.geojson") {
		t.Errorf("title %q does not name the file", w.Title())
	}
	if !strings.Contains(u.status.Text, "skipped") {
		t.Errorf("status does not mention the skipped feature: %q", u.status.Text)
	}
	var rep strings.Builder
	WriteReport(&rep, u.reports[0])
	if !strings.Contains(rep.String(), "feature 2") {
		t.Errorf("load report lacks the skipped feature:\n%s", rep.String())
	}
	if got := u.recent(); len(got) == 0 || got[0] != p {
		t.Errorf("recent files = %v", got)
	}
	// Close data returns to the default.
	u.CloseData()
	if u.ds.Hosts.Len() != 1295 {
		t.Errorf("Close data left %d hosts", u.ds.Hosts.Len())
	}
}

// TestOpenBadFileKeepsData: an unreadable file leaves what was open and
// shows an error naming the file.
func TestOpenBadFileKeepsData(t *testing.T) {
	u, w := newTestApp(t)
	before := u.ds
	p := writeFile(t, "broken.geojson", "PK\x03\x04 not json")
	u.open([]string{p})
	if u.ds != before {
		t.Fatalf("a bad file replaced the dataset")
	}
	if !strings.Contains(u.lastError, "broken.geojson") {
		t.Errorf("error does not name the file: %q", u.lastError)
	}
	if top := w.Canvas().Overlays().Top(); top == nil {
		t.Errorf("no error dialog shown")
	}
	if !strings.Contains(w.Title(), "GhostNet") {
		t.Errorf("title changed to %q", w.Title())
	}
}

// TestOpenCancelKeepsData cancels a load half way: what was shown stays.
func TestOpenCancelKeepsData(t *testing.T) {
	u, _ := newTestApp(t)
	before := u.ds
	orig := loadFunc
	t.Cleanup(func() { loadFunc = orig })
	loadFunc = func(ctx context.Context, files []string, progress func(int64, int64)) (*threat.Dataset, []*ingest.Report) {
		progress(10, 100)
		u.load.cancel() // the user presses Cancel in the progress dialog
		ds, rep := ingest.Read(ctx, strings.NewReader(sampleFeed), int64(len(sampleFeed)), ingest.Options{Name: files[0]})
		return ds, []*ingest.Report{rep}
	}
	u.open([]string{"big.geojson"})
	if u.ds != before {
		t.Errorf("cancelled load replaced the dataset")
	}
	if !strings.Contains(u.status.Text, "cancelled") {
		t.Errorf("status = %q", u.status.Text)
	}
}

// TestExportMatchesRenderer exports through the app and compares with the
// renderer drawing the same view directly.
func TestExportMatchesRenderer(t *testing.T) {
	u, _ := newTestApp(t)
	u.countries.Set("TW", false)
	u.ShowExport()
	if u.exportPreview == nil || u.exportPreview.Image == nil {
		t.Fatalf("export dialog shows no preview")
	}
	path := filepath.Join(t.TempDir(), "map.png")
	s := ExportSettings{Width: 800, Height: 450, Legend: true, Caption: true, Dark: true}
	u.exportTo(path, s)
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("export wrote nothing: %v (status %q)", err, u.status.Text)
	}
	got, err := png.Decode(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	// The same view, drawn directly.
	v := u.mapv.View
	v.Zoom = exportZoom(v, s.Width, s.Height)
	v.Width, v.Height = s.Width, s.Height
	q := u.query()
	var vis filter.Set
	q.Apply(u.ds, &vis)
	want := image.NewRGBA(image.Rect(0, 0, s.Width, s.Height))
	var r render.Renderer
	r.Draw(want, v, &render.Scene{Data: u.ds, Visible: &vis, Layers: u.layers, Theme: render.Dark,
		Title: u.ds.Meta.Title, Lines: u.captionLines(q)})
	diff := 0
	for y := 0; y < s.Height; y++ {
		for x := 0; x < s.Width; x++ {
			r1, g1, b1, _ := got.At(x, y).RGBA()
			r2, g2, b2, _ := want.At(x, y).RGBA()
			if r1 != r2 || g1 != g2 || b1 != b2 {
				diff++
			}
		}
	}
	if diff != 0 {
		t.Errorf("export differs from the renderer in %d pixels", diff)
	}
	if !strings.Contains(u.status.Text, "Exported") {
		t.Errorf("status = %q", u.status.Text)
	}
}

// TestPreferencesRestored: theme, projection and layers survive a restart.
func TestPreferencesRestored(t *testing.T) {
	a := test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	u := New(a, w, Options{Synchronous: true})
	u.ToggleTheme()
	u.SetProjection(render.Mercator)
	u.app.Preferences().SetString(prefLastDir, "/tmp")
	w2 := test.NewTempWindow(t, nil)
	u2 := New(a, w2, Options{Synchronous: true})
	if u2.dark || u2.proj != render.Mercator || u2.mapv.View.Projection != render.Mercator {
		t.Errorf("restored dark=%v proj=%v", u2.dark, u2.proj)
	}
	w2.Resize(fyne.NewSize(900, 600))
	u2.closed()
	if got := a.Preferences().Float(prefWinW); got != 900 {
		t.Errorf("window width saved as %v", got)
	}
}
