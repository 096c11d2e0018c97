package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"threatmap/data/ingest"
)

func TestParseExportData(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		warn string // substring of stderr; "" = none
	}{
		{"filters", []string{"-o", "x.geojson", "--country", "TW", "--type", "mfa", "--from", "2008", "--force"}, ""},
		{"upper case", []string{"-o", "X.GeoJSON"}, ""},
		{"width", []string{"-o", "x.geojson", "--width", "800"}, "warning: --width ignored: it is only for an image"},
		{"several", []string{"-o", "x.GEOJSON", "--theme", "light", "--bbox", "0,0,1,1"}, "warning: --bbox, --theme ignored: they are only"},
		{"fit", []string{"--fit", "-o", "x.geojson"}, "--fit ignored"},
		{"png keeps them", []string{"-o", "x.png", "--width", "800", "--theme", "light"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stderr bytes.Buffer
			if _, err := parseExport(tc.args, &stderr); err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if got := stderr.String(); (tc.warn == "") != (got == "") || !strings.Contains(got, tc.warn) {
				t.Fatalf("stderr %q, want %q", got, tc.warn)
			}
		})
	}
	var usage bytes.Buffer
	if rc := runExport([]string{"-h"}, &usage, &usage); rc != 0 || !strings.Contains(usage.String(), "-o FILE.geojson") {
		t.Errorf("usage (rc %d) does not explain .geojson:\n%s", rc, usage.String())
	}
}

// TestExportData: -o FILE.geojson writes the filtered data, which reads
// back; the same refusals as an image.
func TestExportData(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "taiwan.GeoJSON")
	var stderr bytes.Buffer
	if rc := runExport([]string{"-o", out, "--country", "TW"}, &stderr, &stderr); rc != 0 {
		t.Fatalf("rc %d: %s", rc, stderr.String())
	}
	b, err := os.ReadFile(out)
	must(t, err)
	ds, rep := ingest.Read(context.Background(), bytes.NewReader(b), int64(len(b)), ingest.Options{Name: out})
	if rep.Err != nil || rep.SkippedCount > 0 {
		t.Fatalf("re-read: %v, %d skipped", rep.Err, rep.SkippedCount)
	}
	// GhostNet: 148 hosts in Taiwan (reported), 10 servers, a link each.
	if ds.Hosts.Len() != 148 || len(ds.Servers) != 10 || ds.Links.Len() != 148 {
		t.Errorf("wrote %d hosts, %d servers, %d links; want 148, 10, 148", ds.Hosts.Len(), len(ds.Servers), ds.Links.Len())
	}
	for i := range ds.Hosts.Len() {
		if ds.Country(i) != "TW" {
			t.Fatalf("host %d in %q", i, ds.Country(i))
		}
	}
	if want := "wrote " + out + ": 148 hosts, 10 servers, 148 links"; !strings.Contains(stderr.String(), want) {
		t.Errorf("stderr %q, want %q", stderr.String(), want)
	}
	// Exists: refused without --force, untouched; replaced with it.
	stderr.Reset()
	if rc := runExport([]string{"-o", out}, &stderr, &stderr); rc != 1 || !strings.Contains(stderr.String(), "use --force") {
		t.Fatalf("rc %d, %q; want 1 and a --force hint", rc, stderr.String())
	}
	if after, _ := os.ReadFile(out); !bytes.Equal(after, b) {
		t.Fatal("existing file changed without --force")
	}
	if rc := runExport([]string{"-o", out, "--force"}, &stderr, &stderr); rc != 0 {
		t.Fatalf("--force: rc %d: %s", rc, stderr.String())
	}
	if after, _ := os.ReadFile(out); len(after) <= len(b) {
		t.Errorf("--force wrote %d bytes, want the whole world (> %d)", len(after), len(b))
	}
	// Never over an input, even with --force.
	stderr.Reset()
	if rc := runExport([]string{"-o", out, "--force", out}, &stderr, &stderr); rc != 1 || !strings.Contains(stderr.String(), "is the input file") {
		t.Errorf("rc %d, %q; want 1, is the input file", rc, stderr.String())
	}
	noTemps(t, dir)
}

// TestExportDataView: a view saved beside a data export gives the same
// data again through --view.
func TestExportDataView(t *testing.T) {
	dir := t.TempDir()
	a, b, v := filepath.Join(dir, "a.geojson"), filepath.Join(dir, "b.geojson"), filepath.Join(dir, "v.json")
	var stderr bytes.Buffer
	if rc := runExport([]string{"-o", a, "--country", "TW", "--save-view", v}, &stderr, &stderr); rc != 0 {
		t.Fatalf("rc %d: %s", rc, stderr.String())
	}
	if rc := runExport([]string{"--view", v, "-o", b}, &stderr, &stderr); rc != 0 {
		t.Fatalf("--view: rc %d: %s", rc, stderr.String())
	}
	ba, _ := os.ReadFile(a)
	bb, _ := os.ReadFile(b)
	if len(ba) == 0 || !bytes.Equal(ba, bb) {
		t.Errorf("--view wrote %d bytes, the first export %d; want the same file", len(bb), len(ba))
	}
	if !strings.Contains(stderr.String(), "wrote "+b+": 148 hosts") {
		t.Errorf("stderr %q", stderr.String())
	}
}
