package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"threatmap/data/filter"
)

func TestParseExport(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		err  string // substring; "" = ok
	}{
		{"minimal", []string{"-o", "x.png"}, ""},
		{"files around flags", []string{"a.geojson", "-o", "x.png", "b.csv", "--theme", "light"}, ""},
		{"all flags", []string{"-o", "x.png", "--width", "800", "--height", "600", "--projection", "mercator", "--bbox", "-10,30,40,60", "--fit", "--country", "TW,India", "--type", "mfa", "--server", "s1", "--from", "2008-01-01", "--to", "2009", "--layers", "basemap,hosts", "--force"}, ""},
		{"no output", []string{"a.geojson"}, "missing -o"},
		{"zero width", []string{"-o", "x.png", "--width", "0"}, "out of range"},
		{"too big", []string{"-o", "x.png", "--width", "20000"}, "out of range"},
		{"bad projection", []string{"-o", "x.png", "--projection", "robinson"}, "unknown projection"},
		{"bad bbox", []string{"-o", "x.png", "--bbox", "1,2,3"}, "minLon"},
		{"inverted bbox", []string{"-o", "x.png", "--bbox", "10,0,0,10"}, "want -180"},
		{"bad layer", []string{"-o", "x.png", "--layers", "hosts,roads"}, "unknown layer"},
		{"bad theme", []string{"-o", "x.png", "--theme", "neon"}, "unknown theme"},
		{"bad country", []string{"-o", "x.png", "--country", "Atlantis"}, "unknown country"},
		{"bad time", []string{"-o", "x.png", "--from", "yesterday"}, "cannot read time"},
		{"from after to", []string{"-o", "x.png", "--from", "2009-01-01", "--to", "2008-01-01"}, "after"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseExport(tc.args, &bytes.Buffer{})
			if tc.err == "" && err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)) {
				t.Fatalf("error %v, want one containing %q", err, tc.err)
			}
		})
	}
}

// TestParseExportFiles: which arguments are files, "--" and flag values
// included.
func TestParseExportFiles(t *testing.T) {
	for _, tc := range []struct {
		name  string
		args  []string
		files []string
		out   string
	}{
		{"after terminator", []string{"-o", "x.png", "--", "-name.geojson"}, []string{"-name.geojson"}, "x.png"},
		{"terminator after files", []string{"a.csv", "-o", "x.png", "--", "-b.csv", "--force"}, []string{"a.csv", "-b.csv", "--force"}, "x.png"},
		{"terminator first", []string{"--", "-a.csv"}, nil, ""},
		{"terminator as a value", []string{"--title", "--", "a.csv", "-o", "x.png"}, []string{"a.csv"}, "x.png"},
		{"output named --", []string{"-o", "--", "a.csv"}, []string{"a.csv"}, "--"},
		{"bool flag then terminator", []string{"-o", "x.png", "--force", "--", "-a.csv"}, []string{"-a.csv"}, "x.png"},
		{"dash", []string{"-o", "x.png", "-"}, []string{"-"}, "x.png"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opt, err := parseExport(tc.args, &bytes.Buffer{})
			if tc.out == "" {
				if err == nil || !strings.Contains(err.Error(), "missing -o") {
					t.Fatalf("error %v, want missing -o", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(opt.files, tc.files) || opt.out != tc.out {
				t.Errorf("files %q, out %q; want %q, %q", opt.files, opt.out, tc.files, tc.out)
			}
		})
	}
}

// TestParseExportEpoch: the epoch is a bound like any other time.
func TestParseExportEpoch(t *testing.T) {
	opt, err := parseExport([]string{"-o", "x.png", "--from", "1970-01-01T00:00:00Z", "--to", "1970-01-01T00:00:00Z"}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	if opt.query.From != filter.At(0) || opt.query.To != filter.At(0) || !opt.query.Constrains() {
		t.Errorf("query %+v, want the instant 0", opt.query)
	}
	if _, err := parseExport([]string{"-o", "x.png", "--from", "1970-01-02", "--to", "1970-01-01T00:00:00Z"}, &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "after") {
		t.Errorf("from after the epoch's to: %v", err)
	}
}

func TestParseTime(t *testing.T) {
	for _, tc := range []struct {
		in   string
		end  bool
		want int64
	}{
		{"2009-03-29", false, 1238284800},
		{"2009-03-29", true, 1238371199},
		{"2009", true, 1262303999},
		{"2009-03-29T12:00:00Z", false, 1238328000},
		{"1238284800", false, 1238284800},
	} {
		got, err := parseTime(tc.in, tc.end)
		if err != nil || got != tc.want {
			t.Errorf("parseTime(%q, %v) = %d, %v; want %d", tc.in, tc.end, got, err, tc.want)
		}
	}
}

func TestExportWritesAtomically(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "map.png")
	var stderr bytes.Buffer
	if rc := runExport([]string{"--width", "320", "--height", "180", "-o", out}, &stderr, &stderr); rc != 0 {
		t.Fatalf("rc %d: %s", rc, stderr.String())
	}
	st, err := os.Stat(out)
	if err != nil || st.Size() == 0 {
		t.Fatalf("no output: %v", err)
	}
	// Exists: refused without --force, file untouched.
	before, _ := os.ReadFile(out)
	stderr.Reset()
	if rc := runExport([]string{"--width", "100", "--height", "100", "-o", out}, &stderr, &stderr); rc != 1 || !strings.Contains(stderr.String(), "use --force") {
		t.Fatalf("rc %d, %q; want 1 and a --force hint", rc, stderr.String())
	}
	after, _ := os.ReadFile(out)
	if !bytes.Equal(before, after) {
		t.Fatal("existing file changed without --force")
	}
	// Unreadable input: exit 1, no file, no temporary left behind.
	out2 := filepath.Join(dir, "bad.png")
	if rc := runExport([]string{"-o", out2, filepath.Join(dir, "missing.geojson")}, &stderr, &stderr); rc != 1 {
		t.Fatalf("rc %d for a missing input, want 1", rc)
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 {
		t.Fatalf("directory holds %d entries, want only map.png", len(ents))
	}
	// Usage error: exit 2.
	if rc := runExport([]string{"--width", "x", "-o", out2}, &stderr, &stderr); rc != 2 {
		t.Fatalf("rc %d for a bad flag, want 2", rc)
	}
}

// TestExportPartialInput: an unreadable FILE among good ones is left out
// and named, skipped features are counted, and -o naming a directory gets
// a clear refusal even with --force.
func TestExportPartialInput(t *testing.T) {
	dir := t.TempDir()
	good := writeFile(t, "good.geojson", `{"type":"FeatureCollection","features":[`+
		`{"type":"Feature","geometry":{"type":"Point","coordinates":[10,50]},"properties":{}},`+
		`{"type":"Feature","geometry":{"type":"Point","coordinates":[500,50]},"properties":{}}]}`)
	out := filepath.Join(dir, "m.png")
	var stderr bytes.Buffer
	if rc := runExport([]string{"--width", "160", "--height", "90", "-o", out, good, filepath.Join(dir, "missing.geojson")}, &stderr, &stderr); rc != 0 {
		t.Fatalf("rc %d: %s", rc, stderr.String())
	}
	for _, want := range []string{"missing.geojson: no such file or directory (left out)", "good.geojson: 1 feature skipped", "1 host,"} {
		if !strings.Contains(stderr.String(), want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr.String())
		}
	}
	stderr.Reset()
	if rc := runExport([]string{"--force", "-o", dir, good}, &stderr, &stderr); rc != 1 || !strings.Contains(stderr.String(), "is a directory") {
		t.Errorf("-o DIR: rc %d, %q", rc, stderr.String())
	}
	// No file readable: each named once, none "left out" of an image
	// that is not made, and one line saying so; nothing written.
	stderr.Reset()
	out2 := filepath.Join(dir, "none.png")
	if rc := runExport([]string{"-o", out2, filepath.Join(dir, "a.geojson"), filepath.Join(dir, "b.geojson")}, &stderr, &stderr); rc != 1 {
		t.Fatalf("no readable file: rc %d, want 1", rc)
	}
	msg := stderr.String()
	if strings.Contains(msg, "left out") || strings.Count(msg, "a.geojson") != 1 || !strings.Contains(msg, "none of the 2 files could be read") {
		t.Errorf("no readable file: %q", msg)
	}
	if _, err := os.Stat(out2); err == nil {
		t.Error("an image was written")
	}
}

// TestExportInterrupted: Ctrl+C while the image is being written leaves
// no temporary file behind, and the exit status says which signal (130).
func TestExportInterrupted(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command(binary(t), "export", "--width", "8192", "--height", "8192", "-o", filepath.Join(dir, "map.png"))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	// Wait for the temporary file, then interrupt.
	deadline := time.Now().Add(2 * time.Minute)
	for {
		if m, _ := filepath.Glob(filepath.Join(dir, ".map.png.*.tmp")); len(m) > 0 {
			break
		}
		select {
		case err := <-done:
			t.Fatalf("export ended (%v) before its temporary file was seen: %s", err, stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			t.Fatal("no temporary file within 2 minutes")
		}
		time.Sleep(2 * time.Millisecond)
	}
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	err := <-done
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 130 {
		t.Fatalf("exit %v, want status 130; stderr: %s", err, stderr.String())
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Fatalf("%d entries left in the directory, want none (first %q)", len(ents), ents[0].Name())
	}
}
