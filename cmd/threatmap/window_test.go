package main

import (
	"bytes"
	"context"
	"fmt"
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
// plus xdotool and ImageMagick's import. Without them a plain `go test ./...`
// skips these tests, saying how to run them (xvfb-run -a go test ./cmd/...);
// with THREATMAP_REQUIRE_DISPLAY=1, as .ci/test sets it, they fail instead,
// so CI cannot pass without looking.
//
// They wait for what a user would see (a window title, a drawn map, a
// message), never for a time to pass: hang bounds every wait, and only a
// real hang reaches it, however busy the machine.
const hang = 3 * time.Minute

var (
	buildOnce sync.Once
	binDir    string // removed by TestMain
	binPath   string
	buildErr  error
)

// TestMain removes the binary the tests built, so a run leaves nothing in
// TMPDIR.
func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	os.Exit(code)
}

func binary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "threatmap-bin")
		if err != nil {
			buildErr = err
			return
		}
		binDir = dir
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

// needDisplay skips the test when there is no X display or a tool is
// missing, or fails it when THREATMAP_REQUIRE_DISPLAY is set. xdotool and
// import speak X, so a Wayland session needs its DISPLAY (XWayland) too.
func needDisplay(t testing.TB) {
	t.Helper()
	missing := t.Skipf
	if os.Getenv("THREATMAP_REQUIRE_DISPLAY") != "" {
		missing = t.Fatalf
	}
	if os.Getenv("DISPLAY") == "" {
		missing("no X display (DISPLAY is unset): the real-window tests run under Xvfb: " +
			"xvfb-run -a go test ./cmd/... (or .ci/test, which runs every test)")
	}
	for _, tool := range []string{"xdotool", "import"} {
		if _, err := exec.LookPath(tool); err != nil {
			missing("%s is missing for the real-window tests: .ci/deps test installs it", tool)
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

func start(t testing.TB, args ...string) *proc {
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

// waitFor polls until check reports nothing missing (""), failing with
// what is still missing when a stops or after hang.
func (a *proc) waitFor(t testing.TB, check func() (missing string)) {
	t.Helper()
	deadline := time.Now().Add(hang)
	for {
		m := check()
		if m == "" {
			return
		}
		if !a.running() {
			t.Fatalf("threatmap exited while the test waited for %s:\n%s", m, a.stderr.String())
		}
		if time.Now().After(deadline) {
			t.Fatalf("still waiting after %v (a hang?) for %s\nstderr:\n%s", hang, m, a.stderr.String())
		}
		time.Sleep(100 * time.Millisecond) // a poll interval, not a guess at how long it takes
	}
}

// waitWindow waits for a window whose title contains name and returns its id.
func (a *proc) waitWindow(t testing.TB, name string) string {
	t.Helper()
	var id string
	a.waitFor(t, func() string {
		out, err := exec.Command("xdotool", "search", "--name", name).Output()
		if err == nil && len(bytes.TrimSpace(out)) > 0 {
			id = strings.Fields(string(out))[0]
			return ""
		}
		titles, _ := exec.Command("xdotool", "search", "--name", ".").Output()
		return fmt.Sprintf("a window titled %q (windows: %s)", name, bytes.TrimSpace(titles))
	})
	return id
}

// waitDrawn waits until the window shows a map with data, the filter panels
// and the timeline (see drawn), and returns that screenshot.
func (a *proc) waitDrawn(t testing.TB, win string) image.Image {
	t.Helper()
	var img image.Image
	a.waitFor(t, func() string {
		img = screenshot(t, win)
		return drawn(img)
	})
	return img
}

// drawn says what the window in img lacks ("" when nothing): at least
// 800x500 pixels; a map with many colours and some warm (host and arc)
// pixels in the middle; filter panels (left) and a timeline (bottom) that
// are not a flat fill.
func drawn(img image.Image) string {
	b := img.Bounds()
	if b.Dx() < 800 || b.Dy() < 500 {
		return fmt.Sprintf("a window of at least 800x500 (it is %v)", b.Size())
	}
	var miss []string
	// GhostNet's links are all reconstructed (drawn faint) and its hosts'
	// positions too (hollow rings): 0.0008-0.0012 of the map area is warm,
	// a map without data none.
	if colours, warm := regionStats(img, mapRect(b)); colours < 40 || warm < 0.0003 {
		miss = append(miss, fmt.Sprintf("a map with data (map area: %d colours, %.4f warm pixels)", colours, warm))
	}
	if c, _ := regionStats(img, image.Rect(0, b.Dy()*15/100, b.Dx()*15/100, b.Dy()*70/100)); c < 8 {
		miss = append(miss, fmt.Sprintf("the filter panels (%d colours)", c))
	}
	if c, _ := regionStats(img, image.Rect(b.Dx()*10/100, b.Dy()*88/100, b.Dx()*90/100, b.Dy())); c < 8 {
		miss = append(miss, fmt.Sprintf("the timeline (%d colours)", c))
	}
	return strings.Join(miss, ", ")
}

// mapRect is the middle of the window, where the map is.
func mapRect(b image.Rectangle) image.Rectangle {
	return image.Rect(b.Dx()*30/100, b.Dy()*20/100, b.Dx()*95/100, b.Dy()*70/100)
}

// screenshot captures the window (straight to memory: nothing is left in
// TMPDIR); THREATMAP_SHOTS=DIR keeps the last one of each test there.
func screenshot(t testing.TB, win string) image.Image {
	t.Helper()
	var out, stderr bytes.Buffer
	cmd := exec.Command("import", "-window", win, "png:-")
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("import: %v\n%s", err, stderr.Bytes())
	}
	if dir := os.Getenv("THREATMAP_SHOTS"); dir != "" { // keep screenshots to look at
		os.WriteFile(filepath.Join(dir, strings.ReplaceAll(t.Name(), "/", "_")+".png"), out.Bytes(), 0o644)
	}
	img, err := png.Decode(&out)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// luminance is the mean luminance (0-255) of r in img, sampled.
func luminance(img image.Image, r image.Rectangle) float64 {
	sum, n := 0.0, 0
	for y := r.Min.Y; y < r.Max.Y; y += 4 {
		for x := r.Min.X; x < r.Max.X; x += 4 {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			sum += (0.299*float64(cr) + 0.587*float64(cg) + 0.114*float64(cb)) / 257
			n++
		}
	}
	return sum / float64(max(n, 1))
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

func checkNoPanic(t testing.TB, a *proc) {
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
	win := a.waitWindow(t, "GhostNet")
	a.waitDrawn(t, win)
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
	a.waitFor(t, func() string {
		if strings.Contains(a.stderr.String(), "broken.geojson") {
			return ""
		}
		return "a message naming broken.geojson"
	})
	// It falls back to the default data, and draws it.
	a.waitDrawn(t, a.waitWindow(t, "GhostNet"))
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
	a.waitWindow(t, "sample-feed.geojson")
	checkNoPanic(t, a)
}

// TestWindowOpensBigFile opens a file big enough for the progress dialog to
// show, and checks the data arrives (the title names the file, the app
// survives the dialog closing).
func TestWindowOpensBigFile(t *testing.T) {
	needDisplay(t) // before making the file
	p, err := ingesttest.EnsureFile(t.TempDir(), 200_000, 50_000)
	if err != nil {
		t.Fatal(err)
	}
	a := start(t, p)
	a.waitDrawn(t, a.waitWindow(t, filepath.Base(p)))
	if !a.running() {
		t.Fatalf("threatmap exited after loading:\n%s", a.stderr.String())
	}
	checkNoPanic(t, a)
}

// TestWindowInterruptKeepsPreferences: Ctrl+C in the terminal right after
// a change of theme (Ctrl+T) quits the window cleanly, and the theme is
// saved; an os.Exit on the signal skipped Fyne's quit, which writes the
// preferences it holds back for 100 ms. The signal goes as soon as the
// window shows the light theme, not after a guessed delay: sent before the
// key is handled, it would find nothing to save.
func TestWindowInterruptKeepsPreferences(t *testing.T) {
	a := start(t)
	win := a.waitWindow(t, "GhostNet")
	img := a.waitDrawn(t, win)
	dark := luminance(img, mapRect(img.Bounds()))
	if out, err := exec.Command("xdotool", "windowfocus", "--sync", win, "key", "--window", win, "ctrl+t").CombinedOutput(); err != nil {
		t.Fatalf("xdotool: %v %s", err, out)
	}
	a.waitFor(t, func() string {
		img := screenshot(t, win)
		l := luminance(img, mapRect(img.Bounds()))
		if l < dark+40 {
			return fmt.Sprintf("the light theme after Ctrl+T (map luminance %.0f, %.0f in the dark theme)", l, dark)
		}
		t.Logf("map luminance %.0f in the dark theme, %.0f in the light one", dark, l)
		return ""
	})
	if err := a.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	select {
	case <-a.done:
	case <-time.After(hang):
		t.Fatalf("threatmap did not quit on Ctrl+C within %v", hang)
	}
	prefs, err := os.ReadFile(filepath.Join(a.home, ".config", "fyne", "io.github.threatmap", "preferences.json"))
	if err != nil || !strings.Contains(string(prefs), `"theme.dark":false`) {
		t.Errorf("the light theme was not saved (%v): %s\nstderr:\n%s", err, prefs, a.stderr.String())
	}
	checkNoPanic(t, a)
}

// TestNoDisplaySaysHowToRun: without a usable display the app exits with
// status 1 and the command that runs it under Xvfb, not a GLFW crash.
func TestNoDisplaySaysHowToRun(t *testing.T) {
	for _, c := range []struct{ name, display string }{
		{"unset", ""},
		{"unreachable", ":987"}, // no X server listens there
	} {
		t.Run(c.name, func(t *testing.T) {
			var env []string
			for _, kv := range os.Environ() {
				if !strings.HasPrefix(kv, "DISPLAY=") && !strings.HasPrefix(kv, "WAYLAND_DISPLAY=") {
					env = append(env, kv)
				}
			}
			if c.display != "" {
				env = append(env, "DISPLAY="+c.display)
			}
			ctx, cancel := context.WithTimeout(context.Background(), hang)
			defer cancel()
			cmd := exec.CommandContext(ctx, binary(t))
			cmd.Env = append(env, "HOME="+t.TempDir())
			out, err := cmd.CombinedOutput()
			if code := cmd.ProcessState.ExitCode(); code != 1 {
				t.Errorf("exit status %d (%v), want 1", code, err)
			}
			for _, want := range []string{"xvfb-run -a", "threatmap validate"} {
				if !strings.Contains(string(out), want) {
					t.Errorf("output lacks %q:\n%s", want, out)
				}
			}
			if strings.Contains(string(out), "goroutine ") {
				t.Errorf("a crash, not a message:\n%s", out)
			}
		})
	}
}
