package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"threatmap/data/geoip/geoiptest"
)

// geoipFiles writes a GeoLite2-City MMDB, a text file and a GeoJSON feed.
func geoipFiles(t *testing.T) (mmdb, notMMDB, feed string) {
	t.Helper()
	dir := t.TempDir()
	mmdb = filepath.Join(dir, "GeoLite2-City.mmdb")
	b := geoiptest.MMDB("GeoLite2-City", 1767225600, []geoiptest.Net{{Prefix: "81.2.69.0/24", Record: map[string]any{
		"country":  map[string]any{"iso_code": "GB"},
		"location": map[string]any{"latitude": 51.5142, "longitude": -0.0931},
	}}})
	if err := os.WriteFile(mmdb, b, 0o644); err != nil {
		t.Fatal(err)
	}
	notMMDB = writeFile(t, "list.txt", "81.2.69.160\n")
	return mmdb, notMMDB, writeFile(t, "a.geojson", validGeoJSON)
}

func TestValidateGeoIPFlag(t *testing.T) {
	mmdb, notMMDB, feed := geoipFiles(t)
	for _, c := range []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"file", []string{"--geoip", mmdb, feed}, 0, ""},
		{"equals", []string{"-geoip=" + mmdb, "--json", feed}, 0, ""},
		{"missing value", []string{feed, "--geoip"}, 2, "--geoip needs an MMDB file"},
		{"empty value", []string{"--geoip=", feed}, 2, "--geoip needs an MMDB file"},
		{"no such file", []string{"--geoip", mmdb + ".gone", feed}, 1, mmdb + ".gone: no such file or directory"},
		{"not an MMDB", []string{"--geoip", notMMDB, feed}, 1, notMMDB + ": not an MMDB file"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := runValidate(c.args, &out, &errb)
			if code != c.code || !strings.Contains(errb.String(), c.stderr) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, errb.String(), c.code, c.stderr)
			}
			if c.code == 0 && !strings.Contains(out.String(), "a.geojson") {
				t.Errorf("no report for the feed: %q", out.String())
			}
		})
	}
}

func TestExportGeoIPFlag(t *testing.T) {
	mmdb, notMMDB, feed := geoipFiles(t)
	dir := t.TempDir()
	var stderr bytes.Buffer
	out := filepath.Join(dir, "bad.png")
	if rc := runExport([]string{"--geoip", notMMDB, "-o", out, feed}, &stderr, &stderr); rc != 1 || !strings.Contains(stderr.String(), "not an MMDB file") {
		t.Fatalf("exit %d, stderr %q", rc, stderr.String())
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a bad --geoip left %s behind (%v)", out, err)
	}
	// Not a file: a device filled memory. (A named pipe is read, as
	// process substitution gives.)
	for path, what := range map[string]string{os.DevNull: "a device", dir: "a directory"} {
		stderr.Reset()
		if rc := runExport([]string{"--geoip", path, "-o", out, feed}, &stderr, &stderr); rc != 1 ||
			!strings.Contains(stderr.String(), "--geoip "+path+" is "+what+": give an MMDB file") {
			t.Errorf("%s: exit %d, stderr %q", path, rc, stderr.String())
		}
	}
	stderr.Reset()
	out = filepath.Join(dir, "ok.png")
	if rc := runExport([]string{"--width", "320", "--height", "180", "--geoip", mmdb, "-o", out, feed}, &stderr, &stderr); rc != 0 {
		t.Fatalf("exit %d, stderr %q", rc, stderr.String())
	}
	if fi, err := os.Stat(out); err != nil || fi.Size() == 0 {
		t.Errorf("no PNG written: %v", err)
	}
}
