package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
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

// TestExportOutputKind: -o's extension (any case) chooses what is
// written; any other name is a usage error that writes nothing, where it
// wrote a PNG as map.json or map.jpg.
func TestExportOutputKind(t *testing.T) {
	for _, tc := range []struct {
		name, out string
		rc        int
		want      string // substring of stderr
	}{
		{"png", "m.PNG", 0, "wrote"},
		{"json", "m.json", 2, "-o m.json: name the data .geojson (or the image .png)"},
		{"jpeg", "m.jpg", 2, "-o m.jpg: the extension chooses what is written: .png for an image, .gif"},
		{"no extension", "map", 2, "-o map: the extension chooses"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, tc.out)
			rc, stderr := exportRun("-o", out)
			if rc != tc.rc || !strings.Contains(stderr, strings.Replace(tc.want, tc.out, out, 1)) {
				t.Fatalf("rc %d, stderr %q; want %d and %q", rc, stderr, tc.rc, tc.want)
			}
			if _, err := os.Stat(out); (err == nil) != (tc.rc == 0) {
				t.Errorf("written: %v, want %v", err == nil, tc.rc == 0)
			}
			noTemps(t, dir)
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
		// Digit strings other than a 4-digit year are Unix seconds, 0 too.
		{"0", false, 0}, {"0", true, 0}, {"1", true, 1}, {"999", false, 999}, {"-1", false, -1}, {"12345", true, 12345},
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

// TestExportInterrupted: Ctrl+C, kill or a closed terminal while an export
// is under way leaves no temporary file behind, and the exit status says
// which signal (128 + its number). The export reads a named pipe that is
// never written, so it is certainly under way, with its temporary file
// made, when the signal comes, however busy the machine: no sleep is
// tuned to its speed.
func TestExportInterrupted(t *testing.T) {
	for _, c := range []struct {
		sig  syscall.Signal
		code int
	}{{syscall.SIGINT, 130}, {syscall.SIGTERM, 143}, {syscall.SIGHUP, 129}} {
		t.Run(c.sig.String(), func(t *testing.T) {
			e := startBlockedExport(t, "")
			e.interrupt(t, c.sig, c.code)
		})
	}
}

// TestExportNohup: a signal the export was started to ignore (nohup's
// SIGHUP) stays ignored; the next one it watches still cleans up.
func TestExportNohup(t *testing.T) {
	e := startBlockedExport(t, "HUP")
	if err := e.cmd.Process.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	// Had the SIGHUP ended it, SIGINT would find it gone or exit 129.
	e.interrupt(t, syscall.SIGINT, 130)
}

// TestExportReaderGone: the reader of the export's messages gone
// ('export ... 2>&1 | head -1'), a message written after that no longer
// kills the export by SIGPIPE mid-load, its temporary file left behind:
// the image is written and the exit status is 0.
func TestExportReaderGone(t *testing.T) {
	list := filepath.Join(t.TempDir(), "list.txt")
	must(t, os.WriteFile(list, []byte("8.8.8.8\n10.0.0.1\n"), 0o644)) // the private address is skipped: a message
	r, w, err := os.Pipe()
	must(t, err)
	e := startExportOn(t, "", w, list)
	w.Close()
	r.Close()
	if _, err := e.w.WriteString(validGeoJSON); err != nil {
		t.Fatal(err)
	}
	e.w.Close()
	if err := <-e.done; err != nil {
		t.Fatalf("export ended with %v, want exit status 0", err)
	}
	if !isPNG(t, filepath.Join(e.dir, "map.png")) {
		t.Error("no image written")
	}
	noTemps(t, e.dir)
}

// blockedExport is an export process stuck reading a named pipe that is
// open and empty, with its temporary file made.
type blockedExport struct {
	cmd    *exec.Cmd
	done   chan error
	stderr bytes.Buffer
	dir    string // where its output goes
	w      *os.File
}

// startBlockedExport starts one, with the signals named in ignore (a
// shell trap's names) ignored from the start, as nohup does.
func startBlockedExport(t *testing.T, ignore string) *blockedExport {
	return startExportOn(t, ignore, nil)
}

// startExportOn starts a blocked export writing its messages to stderr
// (nil: e.stderr) and reading the files before the named pipe.
func startExportOn(t *testing.T, ignore string, stderr *os.File, files ...string) *blockedExport {
	in := filepath.Join(t.TempDir(), "feed.geojson")
	if err := syscall.Mkfifo(in, 0o600); err != nil {
		t.Fatal(err)
	}
	e := &blockedExport{dir: t.TempDir(), done: make(chan error, 1)}
	e.cmd = helperCommand(append(append([]string{"export", "--width", "160", "--height", "90", "-o", filepath.Join(e.dir, "map.png")}, files...), in)...)
	if ignore != "" {
		e.cmd.Args = append([]string{"sh", "-c", `trap "" ` + ignore + `; exec "$0" "$@"`}, e.cmd.Args...)
		e.cmd.Path = "/bin/sh"
	}
	e.cmd.Stderr = &e.stderr
	if stderr != nil {
		e.cmd.Stderr = stderr
	}
	if err := e.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { e.done <- e.cmd.Wait() }()
	// Wait for the export to open the pipe: a writer's non-blocking
	// open fails (ENXIO) until a reader has it open. The pipe then
	// stays open and empty, so the export waits for data for ever.
	for e.w == nil {
		f, err := os.OpenFile(in, os.O_WRONLY|syscall.O_NONBLOCK, 0)
		switch {
		case err == nil:
			e.w = f
			continue
		case !errors.Is(err, syscall.ENXIO):
			t.Fatal(err)
		}
		select {
		case err := <-e.done:
			t.Fatalf("export ended (%v) before reading its input: %s", err, e.stderr.String())
		case <-time.After(5 * time.Millisecond):
		}
	}
	t.Cleanup(func() { e.w.Close() })
	// The temporary file is made before the input is read, so that
	// an unwritable directory fails before a long load.
	if ents, _ := os.ReadDir(e.dir); len(ents) != 1 {
		t.Fatalf("%d entries in the directory while the input is read, want the temporary file", len(ents))
	}
	return e
}

// interrupt sends sig and checks the exit status and that no file is left.
func (e *blockedExport) interrupt(t *testing.T, sig syscall.Signal, code int) {
	t.Helper()
	if err := e.cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	err := <-e.done
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != code {
		t.Fatalf("exit %v, want status %d; stderr: %s", err, code, e.stderr.String())
	}
	if ents, _ := os.ReadDir(e.dir); len(ents) != 0 {
		t.Fatalf("%d entries left in the directory, want none (first %q)", len(ents), ents[0].Name())
	}
}

// helperCommand runs this test binary as 'threatmap args...' (see
// TestExportHelperProcess): no build, nothing left in TMPDIR.
func helperCommand(args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], append([]string{"-test.run=^TestExportHelperProcess$", "--"}, args...)...)
	cmd.Env = append(os.Environ(), "THREATMAP_TEST_HELPER=1")
	return cmd
}

// TestExportHelperProcess is not a test: in a process started by
// helperCommand it runs the command line after "--", as main does.
func TestExportHelperProcess(t *testing.T) {
	if os.Getenv("THREATMAP_TEST_HELPER") != "1" {
		return
	}
	args := os.Args
	for len(args) > 0 && args[0] != "--" {
		args = args[1:]
	}
	if len(args) == 0 {
		os.Exit(2)
	}
	os.Exit(run(args[1:], os.Stdout, os.Stderr))
}

// exportRun runs 'threatmap export' with a small image and returns its
// exit status and stderr.
func exportRun(args ...string) (int, string) {
	var stderr bytes.Buffer
	rc := runExport(append([]string{"--width", "160", "--height", "90"}, args...), &stderr, &stderr)
	return rc, stderr.String()
}

// noTemps fails when a temporary file was left in dir.
func noTemps(t *testing.T, dir string) {
	t.Helper()
	m, _ := filepath.Glob(filepath.Join(dir, ".threatmap-*"))
	if len(m) > 0 {
		t.Errorf("temporary file left: %s", m[0])
	}
}

// isPNG reports whether the file at p is a PNG image.
func isPNG(t *testing.T, p string) bool {
	t.Helper()
	b, err := os.ReadFile(p)
	return err == nil && bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n"))
}

// TestExportRefusesToReplace: -o never replaces a directory, a device, a
// named pipe or one of the inputs (by name, through a symbolic link or as
// a hard link), with or without --force, and says why.
func TestExportRefusesToReplace(t *testing.T) {
	for _, c := range []struct {
		name  string
		make  func(t *testing.T, out, in string) // makes out
		force bool
		want  string
	}{
		{"directory", mkdir, true, "is a directory; refusing to replace it"},
		{"directory without force", mkdir, false, "is a directory; refusing to replace it"},
		{"named pipe", mkfifo, true, "is a named pipe; refusing to replace it"},
		{"device", mkdev, true, "is a device; refusing to replace it"},
		{"input", nil, true, "is the input file"},
		{"input without force", nil, false, "is the input file"},
		{"link to input", func(t *testing.T, out, in string) { must(t, os.Symlink(in, out)) }, true, "is the input file"},
		{"hard link to input", func(t *testing.T, out, in string) { must(t, os.Link(in, out)) }, true, "is the input file"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			in := filepath.Join(dir, "in.geojson")
			must(t, os.WriteFile(in, []byte(validGeoJSON), 0o644))
			out := in
			if c.make != nil {
				out = filepath.Join(dir, "out.png")
				c.make(t, out, in)
			}
			before, err := os.Lstat(out)
			must(t, err)
			args := []string{"-o", out, in}
			if c.force {
				args = append(args, "--force")
			}
			rc, stderr := exportRun(args...)
			if rc != 1 || !strings.Contains(stderr, "threatmap export: "+out) || !strings.Contains(stderr, c.want) {
				t.Errorf("rc %d, stderr %q; want 1 and %q", rc, stderr, c.want)
			}
			after, err := os.Lstat(out)
			if err != nil || after.Mode() != before.Mode() || !os.SameFile(before, after) {
				t.Errorf("%s replaced: %v, mode %v, was %v", out, err, after.Mode(), before.Mode())
			}
			if b, _ := os.ReadFile(in); string(b) != validGeoJSON {
				t.Error("input changed")
			}
			noTemps(t, dir)
		})
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func mkdir(t *testing.T, out, _ string) { must(t, os.Mkdir(out, 0o755)) }

func mkfifo(t *testing.T, out, _ string) { must(t, syscall.Mkfifo(out, 0o600)) }

// mkdev makes out a character device like /dev/null where allowed (root),
// else a symbolic link to /dev/null, which this user cannot replace anyway.
func mkdev(t *testing.T, out, _ string) {
	if syscall.Mknod(out, syscall.S_IFCHR|0o600, 1<<8|3) != nil {
		must(t, os.Symlink("/dev/null", out))
	}
}

// TestExportThroughLink: -o naming a symbolic link writes the file it
// points to, in that file's directory, keeping its permissions; the link
// stays a link. Without --force the link counts as an existing file.
func TestExportThroughLink(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "sub")
	must(t, os.Mkdir(sub, 0o755))
	real := filepath.Join(sub, "real.png")
	must(t, os.WriteFile(real, []byte("old"), 0o600))
	link := filepath.Join(dir, "link.png")
	must(t, os.Symlink("sub/real.png", link))

	if rc, stderr := exportRun("-o", link); rc != 1 || !strings.Contains(stderr, "use --force") {
		t.Fatalf("without --force: rc %d, %q", rc, stderr)
	}
	if b, _ := os.ReadFile(real); string(b) != "old" {
		t.Fatal("target changed without --force")
	}
	if rc, stderr := exportRun("--force", "-o", link); rc != 0 {
		t.Fatalf("rc %d: %s", rc, stderr)
	}
	if dest, err := os.Readlink(link); err != nil || dest != "sub/real.png" {
		t.Errorf("link now %q, %v; want it kept", dest, err)
	}
	if !isPNG(t, real) {
		t.Error("target is not the image")
	}
	if st, err := os.Stat(real); err != nil || st.Mode().Perm() != 0o600 {
		t.Errorf("target mode %v, %v; want its 0600 kept", st.Mode(), err)
	}
	// A dangling link: the file it names is made.
	dangling := filepath.Join(dir, "new.png")
	must(t, os.Symlink("sub/new.png", dangling))
	if rc, stderr := exportRun("--force", "-o", dangling); rc != 0 || !isPNG(t, filepath.Join(sub, "new.png")) {
		t.Errorf("dangling link: rc %d, %s", rc, stderr)
	}
	if st, err := os.Lstat(dangling); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Error("dangling link replaced")
	}
	// A loop of links: an error, not a hang.
	loop := filepath.Join(sub, "loop.png")
	must(t, os.Symlink("loop.png", loop))
	if rc, stderr := exportRun("--force", "-o", loop); rc != 1 || !strings.Contains(stderr, "more than 40 symbolic links") {
		t.Errorf("loop: rc %d, %q", rc, stderr)
	}
	must(t, os.Remove(loop))
	for d, want := range map[string]int{dir: 3, sub: 2} { // the links and sub; the two images
		if ents, _ := os.ReadDir(d); len(ents) != want {
			t.Errorf("%s holds %d entries, want %d", d, len(ents), want)
		}
	}
}

// TestExportLongName: an output name of 245 bytes, legal, is written and
// replaced: the temporary file's name does not grow with it.
func TestExportLongName(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, strings.Repeat("m", 241)+".png")
	if rc, stderr := exportRun("-o", out); rc != 0 || !isPNG(t, out) {
		t.Fatalf("rc %d: %s", rc, stderr)
	}
	if rc, stderr := exportRun("--force", "-o", out); rc != 0 {
		t.Fatalf("--force: rc %d: %s", rc, stderr)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("%d entries, want the image only", len(ents))
	}
}

// TestExportDashFile: after "--" a file name may start with a dash, as for
// validate.
func TestExportDashFile(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	must(t, os.WriteFile("-name.geojson", []byte(validGeoJSON), 0o644))
	rc, stderr := exportRun("-o", "m.png", "--", "-name.geojson")
	if rc != 0 || !strings.Contains(stderr, "1 host,") || !isPNG(t, "m.png") {
		t.Errorf("rc %d: %s", rc, stderr)
	}
	var out, errb bytes.Buffer
	if rc := runValidate([]string{"--", "-name.geojson"}, &out, &errb); rc != 0 || !strings.Contains(out.String(), "hosts 1") {
		t.Errorf("validate: rc %d: %s%s", rc, out.String(), errb.String())
	}
}

// TestExportEpochZero: --to 1970-01-01T00:00:00Z (Unix 0) keeps the hosts
// active up to that instant, and --from it those active since; neither is
// "no filter".
func TestExportEpochZero(t *testing.T) {
	in := writeFile(t, "epoch.geojson", `{"type":"FeatureCollection","features":[`+
		`{"type":"Feature","geometry":{"type":"Point","coordinates":[10,50]},"properties":{"id":"a","first_seen":"1969-12-31","last_seen":"1969-12-31"}},`+
		`{"type":"Feature","geometry":{"type":"Point","coordinates":[20,50]},"properties":{"id":"b","first_seen":"1970-01-02","last_seen":"1970-01-02"}},`+
		`{"type":"Feature","geometry":{"type":"Point","coordinates":[30,50]},"properties":{"id":"c","first_seen":"1970-01-03","last_seen":"1970-01-03"}}]}`)
	dir := t.TempDir()
	for i, c := range []struct {
		args []string
		want string
	}{
		{nil, "3 hosts,"},
		{[]string{"--to", "1970-01-01T00:00:00Z"}, "1 host,"},
		{[]string{"--from", "1970-01-01T00:00:00Z"}, "2 hosts,"},
		{[]string{"--from", "1970-01-01T00:00:00Z", "--to", "1970-01-02"}, "1 host,"},
	} {
		out := filepath.Join(dir, fmt.Sprintf("m%d.png", i))
		rc, stderr := exportRun(append([]string{"-o", out, in}, c.args...)...)
		if rc != 0 || !strings.Contains(stderr, c.want) {
			t.Errorf("%v: rc %d, %q; want %q", c.args, rc, stderr, c.want)
		}
	}
}
