package main

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"threatmap/data/ingest/ingesttest"
)

// These tests run the real binary in a real window. They need an X display
// (the README's test command runs them under xvfb-run) plus xdotool and
// ImageMagick's import; without a display they fail, saying so, rather than
// pass without looking.

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

func binary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "threatmap-bin")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "threatmap")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			buildErr = err
			binPath = string(out)
		}
	})
	if buildErr != nil {
		t.Fatalf("building threatmap: %v\n%s", buildErr, binPath)
	}
	return binPath
}

func needDisplay(t *testing.T) {
	t.Helper()
	if os.Getenv("DISPLAY") == "" {
		t.Fatal("no X display: run the window tests under Xvfb (.ci/test does: xvfb-run -a go test ./cmd/...)")
	}
	for _, tool := range []string{"xdotool", "import"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("%s is missing: .ci/deps test installs it", tool)
		}
	}
}

// proc is a running threatmap process.
type proc struct {
	cmd    *exec.Cmd
	stderr *syncBuf
	done   chan struct{}
	home   string // its HOME, fresh for every run
}

type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) { s.mu.Lock(); defer s.mu.Unlock(); return s.b.Write(p) }
func (s *syncBuf) String() string              { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

func start(t *testing.T, args ...string) *proc {
	t.Helper()
	needDisplay(t)
	cmd := exec.Command(binary(t), args...)
	home := t.TempDir() // fresh preferences for every run
	cmd.Env = append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME="+filepath.Join(home, ".config"), "LANG=en_US.UTF-8")
	a := &proc{cmd: cmd, stderr: &syncBuf{}, done: make(chan struct{}), home: home}
	cmd.Stderr = a.stderr
	cmd.Stdout = a.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { cmd.Wait(); close(a.done) }()
	t.Cleanup(func() {
		cmd.Process.Kill()
		<-a.done
	})
	return a
}

func (a *proc) running() bool {
	select {
	case <-a.done:
		return false
	default:
		return true
	}
}

// waitWindow waits for a window whose title contains name and returns its id.
func (a *proc) waitWindow(t *testing.T, name string, within time.Duration) string {
	t.Helper()
	deadline := time.Now().Add(within)
	for time.Now().Before(deadline) {
		if !a.running() {
			t.Fatalf("threatmap exited before showing a window:\n%s", a.stderr.String())
		}
		out, err := exec.Command("xdotool", "search", "--name", name).Output()
		if err == nil && len(bytes.TrimSpace(out)) > 0 {
			return strings.Fields(string(out))[0]
		}
		time.Sleep(200 * time.Millisecond)
	}
	titles, _ := exec.Command("xdotool", "search", "--name", ".").Output()
	t.Fatalf("no window titled %q within %v (windows: %s)\nstderr:\n%s", name, within, titles, a.stderr.String())
	return ""
}

func screenshot(t *testing.T, win string) image.Image {
	t.Helper()
	path := filepath.Join(t.TempDir(), "shot.png")
	if out, err := exec.Command("import", "-window", win, path).CombinedOutput(); err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("THREATMAP_SHOTS"); dir != "" { // keep screenshots to look at
		b, _ := os.ReadFile(path)
		os.WriteFile(filepath.Join(dir, t.Name()+".png"), b, 0o644)
	}
	return img
}

// regionStats returns how many distinct colours (quantised) a region has and
// the fraction of its pixels that are "warm" (hosts, arcs, servers).
func regionStats(img image.Image, r image.Rectangle) (colours int, warm float64) {
	seen := map[uint32]bool{}
	n, w := 0, 0
	for y := r.Min.Y; y < r.Max.Y; y += 2 {
		for x := r.Min.X; x < r.Max.X; x += 2 {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			cr, cg, cb = cr>>8, cg>>8, cb>>8
			seen[(cr>>4)<<8|(cg>>4)<<4|cb>>4] = true
			if cr > 150 && cr > cb+40 {
				w++
			}
			n++
		}
	}
	if n == 0 {
		return 0, 0
	}
	return len(seen), float64(w) / float64(n)
}

func checkNoPanic(t *testing.T, a *proc) {
	t.Helper()
	if s := a.stderr.String(); strings.Contains(s, "panic") || strings.Contains(s, "goroutine ") {
		t.Fatalf("threatmap printed a panic:\n%s", s)
	}
}

// TestWindowShowsGhostNet launches the app on the embedded data and checks
// that the window shows a map with data, the filter panels and the timeline,
// not a blank or default-grey window.
func TestWindowShowsGhostNet(t *testing.T) {
	a := start(t)
	win := a.waitWindow(t, "GhostNet", 90*time.Second)
	time.Sleep(4 * time.Second) // let the first frames arrive
	img := screenshot(t, win)
	b := img.Bounds()
	if b.Dx() < 800 || b.Dy() < 500 {
		t.Fatalf("window is %v, want at least 800x500", b)
	}
	// The map: the middle of the window has many colours and some warm
	// (host/arc) pixels.
	mapRect := image.Rect(b.Dx()*30/100, b.Dy()*20/100, b.Dx()*95/100, b.Dy()*70/100)
	colours, warm := regionStats(img, mapRect)
	if colours < 40 || warm < 0.001 {
		t.Errorf("map area looks empty: %d colours, %.4f warm pixels", colours, warm)
	}
	// The panels (left) and the timeline (bottom) are not a flat fill.
	if c, _ := regionStats(img, image.Rect(0, b.Dy()*15/100, b.Dx()*15/100, b.Dy()*70/100)); c < 8 {
		t.Errorf("filter panel area has %d colours: not drawn?", c)
	}
	if c, _ := regionStats(img, image.Rect(b.Dx()*10/100, b.Dy()*88/100, b.Dx()*90/100, b.Dy())); c < 8 {
		t.Errorf("timeline area has %d colours: not drawn?", c)
	}
	if !a.running() {
		t.Fatalf("threatmap exited:\n%s", a.stderr.String())
	}
	checkNoPanic(t, a)
}

// TestWindowBadFileKeepsRunning opens an unreadable file from the command
// line: the app stays up, says what is wrong, and shows the default data.
func TestWindowBadFileKeepsRunning(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "broken.geojson")
	os.WriteFile(bad, []byte("PK\x03\x04 this is a zip, not GeoJSON"), 0o644)
	a := start(t, bad)
	a.waitWindow(t, "threatmap", 90*time.Second)
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(a.stderr.String(), "broken.geojson") && time.Now().Before(deadline) {
		time.Sleep(200 * time.Millisecond)
	}
	if !strings.Contains(a.stderr.String(), "broken.geojson") {
		t.Errorf("no message naming the bad file; stderr:\n%s", a.stderr.String())
	}
	time.Sleep(2 * time.Second)
	if !a.running() {
		t.Fatalf("threatmap exited on a bad file:\n%s", a.stderr.String())
	}
	checkNoPanic(t, a)
}

// TestWindowTitleNamesFile opens a good file: its name is in the title.
func TestWindowTitleNamesFile(t *testing.T) {
	f := filepath.Join(t.TempDir(), "sample-feed.geojson")
	os.WriteFile(f, []byte(`{"type":"FeatureCollection","features":[
{"type":"Feature","geometry":{"type":"Point","coordinates":[121.5,25.0]},"properties":{"id":"a","country":"TW","target_type":"embassy","first_seen":"2008-01-02","server":"c1"}},
{"type":"Feature","geometry":{"type":"Point","coordinates":[110.3,20.0]},"properties":{"id":"c1","role":"control"}}]}`), 0o644)
	a := start(t, f)
	a.waitWindow(t, "sample-feed.geojson", 90*time.Second)
	checkNoPanic(t, a)
}

// TestWindowOpensBigFile opens a file big enough for the progress dialog to
// show, and checks the data arrives (the title names the file, the app
// survives the dialog closing).
func TestWindowOpensBigFile(t *testing.T) {
	p, err := ingesttest.EnsureFile(t.TempDir(), 200_000, 50_000)
	if err != nil {
		t.Fatal(err)
	}
	a := start(t, p)
	a.waitWindow(t, filepath.Base(p), 120*time.Second)
	time.Sleep(2 * time.Second)
	if !a.running() {
		t.Fatalf("threatmap exited after loading:\n%s", a.stderr.String())
	}
	checkNoPanic(t, a)
}

// TestWindowInterruptKeepsPreferences: Ctrl+C in the terminal right after
// a change of theme (Ctrl+T) quits the window cleanly, and the theme is
// saved; an os.Exit on the signal skipped Fyne's quit, which writes the
// preferences it holds back for 100 ms.
func TestWindowInterruptKeepsPreferences(t *testing.T) {
	a := start(t)
	win := a.waitWindow(t, "GhostNet", 90*time.Second)
	time.Sleep(3 * time.Second)
	if out, err := exec.Command("xdotool", "windowfocus", "--sync", win, "key", "--window", win, "ctrl+t").CombinedOutput(); err != nil {
		t.Fatalf("xdotool: %v %s", err, out)
	}
	time.Sleep(20 * time.Millisecond)
	if err := a.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	select {
	case <-a.done:
	case <-time.After(20 * time.Second):
		t.Fatal("threatmap did not quit on Ctrl+C")
	}
	prefs, err := os.ReadFile(filepath.Join(a.home, ".config", "fyne", "io.github.threatmap", "preferences.json"))
	if err != nil || !strings.Contains(string(prefs), `"theme.dark":false`) {
		t.Errorf("the light theme was not saved (%v): %s\nstderr:\n%s", err, prefs, a.stderr.String())
	}
	checkNoPanic(t, a)
}
