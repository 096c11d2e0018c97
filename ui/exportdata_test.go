package ui

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"threatmap/data/ingest"
)

// TestExportData: File › Export data saves what the filters keep, and the
// status line says how much and where.
func TestExportData(t *testing.T) {
	u, w := newTestApp(t)
	var item *fyne.MenuItem
	for _, m := range w.MainMenu().Items[0].Items {
		if m.Label == "Export data…" {
			item = m
		}
	}
	if item == nil || item.Action == nil {
		t.Fatal("File menu has no Export data… item")
	}
	item.Action() // the save dialog
	if w.Canvas().Overlays().Top() == nil {
		t.Error("Export data… shows no save dialog")
	}

	u.countries.Set("TW", false) // untick Taiwan: 1,295 - 148 hosts
	path := filepath.Join(t.TempDir(), "tw.geojson")
	u.exportDataTo(path)
	if want := "Saved 1,147 hosts, 10 servers, 1,147 links to " + path; u.status.Text != want {
		t.Errorf("status %q, want %q", u.status.Text, want)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ds, rep := ingest.Read(context.Background(), bytes.NewReader(b), int64(len(b)), ingest.Options{Name: path})
	if rep.Err != nil || ds.Hosts.Len() != 1147 || len(ds.Servers) != 10 || ds.Links.Len() != 1147 {
		t.Fatalf("file holds %d hosts, %d servers, %d links (%v); want 1147, 10, 1147", ds.Hosts.Len(), len(ds.Servers), ds.Links.Len(), rep.Err)
	}
	for i := range ds.Hosts.Len() {
		if ds.Country(i) == "TW" {
			t.Fatalf("host %d is in TW, which is filtered out", i)
		}
	}

}

// TestExportDataFails: an unwritable place is an error dialog and a
// status that says so, never "Saved"; a cancelled write leaves no file.
func TestExportDataFails(t *testing.T) {
	u, w := newTestApp(t)
	u.exportDataTo(filepath.Join(t.TempDir(), "no such dir", "x.geojson"))
	if !strings.Contains(u.status.Text, "failed") || w.Canvas().Overlays().Top() == nil {
		t.Errorf("status %q, overlay %v; want a failure and an error dialog", u.status.Text, w.Canvas().Overlays().Top())
	}
	path := filepath.Join(t.TempDir(), "x.geojson")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := writeData(ctx, path, nil, u.input(), nil); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled write: %v", err)
	}
	if _, err := os.Stat(path); err == nil {
		t.Error("a cancelled write left a file")
	}
}
