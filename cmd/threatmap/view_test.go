package main

import (
	"bytes"
	"cmp"
	"errors"
	"flag"
	"image"
	"image/draw"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"threatmap/data/threat"
	"threatmap/ui/viewspec"
)

// viewArgs draw GhostNet, read from a file, with every kind of setting a
// view holds.
var viewArgs = []string{"--width", "480", "--height", "270", "--projection", "mercator",
	"--country", "TW,India,VN,US,GB,DE", "--confidence", "high,medium,unknown", "--from", "2008-03",
	"--to", "2009-02", "--first-seen", "--select-server", "ctl1", "--center", "95,22", "--zoom", "2.5",
	"--layers", "basemap,graticule,links,hosts,servers,legend,caption", "--theme", "light", "--title", "GhostNet, monthly"}

// ghostnetDir returns a folder holding data/ghostnet.geojson.
func ghostnetDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	b, err := os.ReadFile(filepath.Join("..", "..", "assets", "ghostnet.geojson"))
	must(t, err)
	must(t, os.Mkdir(filepath.Join(dir, "data"), 0o755))
	must(t, os.WriteFile(filepath.Join(dir, "data", "ghostnet.geojson"), b, 0o644))
	return dir
}

// exportOK runs 'threatmap export args' and returns its stderr.
func exportOK(t *testing.T, args ...string) string {
	t.Helper()
	var stderr bytes.Buffer
	if rc := runExport(args, io.Discard, &stderr); rc != 0 {
		t.Fatalf("export %q: rc %d: %s", args, rc, stderr.String())
	}
	return stderr.String()
}

// readRGBA decodes a PNG into RGBA pixels.
func readRGBA(t *testing.T, path string) *image.RGBA {
	t.Helper()
	f, err := os.Open(path)
	must(t, err)
	defer f.Close()
	img, err := png.Decode(f)
	must(t, err)
	return toRGBA(img)
}

func toRGBA(img image.Image) *image.RGBA {
	if m, ok := img.(*image.RGBA); ok {
		return m
	}
	m := image.NewRGBA(img.Bounds())
	draw.Draw(m, m.Rect, img, img.Bounds().Min, draw.Src)
	return m
}

// samePixels fails unless a and b are the same picture, pixel for pixel.
func samePixels(t *testing.T, what string, a, b *image.RGBA) {
	t.Helper()
	if a.Rect != b.Rect {
		t.Fatalf("%s: sizes %v and %v", what, a.Rect, b.Rect)
	}
	if !bytes.Equal(a.Pix, b.Pix) {
		n := 0
		for i := range a.Pix {
			if a.Pix[i] != b.Pix[i] {
				n++
			}
		}
		t.Fatalf("%s: %d of %d bytes differ", what, n, len(a.Pix))
	}
}

// TestViewRoundTrip: an export with --save-view, then one with --view
// alone, draw the same pixels; the view holds its file relative to itself.
func TestViewRoundTrip(t *testing.T) {
	dir := ghostnetDir(t)
	a, b, view := filepath.Join(dir, "a.png"), filepath.Join(dir, "b.png"), filepath.Join(dir, "march.json")
	exportOK(t, append(viewArgs, "-o", a, "--save-view", view, filepath.Join(dir, "data", "ghostnet.geojson"))...)
	exportOK(t, "--view", view, "-o", b)
	samePixels(t, "--view against --save-view", readRGBA(t, a), readRGBA(t, b))

	saved, err := os.ReadFile(view)
	must(t, err)
	for _, want := range []string{`"threatmap_view": 1`, `"data/ghostnet.geojson"`, `"server": "ctl1"`, `"match": "first_seen"`, `"zoom": 2.5`} {
		if !bytes.Contains(saved, []byte(want)) {
			t.Errorf("saved view lacks %s:\n%s", want, saved)
		}
	}
	// The view is not ignored: the plain export of the same file differs.
	c := filepath.Join(dir, "c.png")
	exportOK(t, "--width", "480", "--height", "270", "-o", c, filepath.Join(dir, "data", "ghostnet.geojson"))
	if bytes.Equal(readRGBA(t, a).Pix, readRGBA(t, c).Pix) {
		t.Error("the view's export is the plain export")
	}
}

// TestViewOverride: a flag beside --view changes that field only, and
// draws what the same flags without a view draw; FILEs replace the view's.
func TestViewOverride(t *testing.T) {
	dir := ghostnetDir(t)
	data := filepath.Join(dir, "data", "ghostnet.geojson")
	view := filepath.Join(dir, "v.json")
	exportOK(t, append(viewArgs, "-o", filepath.Join(dir, "a.png"), "--save-view", view, data)...)
	base, _, err := viewspec.Read(view)
	must(t, err)

	opt, err := parseExport([]string{"--view", view, "--country", "CN", "-o", "x.png"}, io.Discard)
	must(t, err)
	got := *opt.view.spec
	if !reflect.DeepEqual(got.Filters.Countries, []string{"CN"}) {
		t.Fatalf("countries %q, want CN", got.Filters.Countries)
	}
	got.Filters.Countries = base.Filters.Countries
	if !reflect.DeepEqual(&got, base) {
		t.Errorf("--country changed more than the countries:\n%+v\n%+v", &got, base)
	}

	over, direct := filepath.Join(dir, "over.png"), filepath.Join(dir, "direct.png")
	exportOK(t, "--view", view, "--country", "CN", "-o", over)
	args := slicesReplace(viewArgs, "--country", "CN")
	exportOK(t, append(args, "-o", direct, data)...)
	samePixels(t, "--view --country CN against the flags", readRGBA(t, over), readRGBA(t, direct))

	// --zoom alone keeps the view's centre; FILEs replace its files.
	opt, err = parseExport([]string{"--view", view, "--zoom", "4", "-o", "x.png", "other.geojson"}, io.Discard)
	must(t, err)
	if e := opt.view.spec.Extent; e.Zoom != 4 || !reflect.DeepEqual(e.Center, []float64{95, 22}) {
		t.Errorf("extent %+v, want zoom 4 about 95,22", e)
	}
	if f := opt.view.spec.Files; !reflect.DeepEqual(f, []string{"other.geojson"}) {
		t.Errorf("files %q, want other.geojson", f)
	}
}

// TestViewZoomKeepsTheFraming: --zoom beside a --bbox view zooms about
// the centre the box was drawn at, and beside a --fit view about the
// hosts' centre; both zoomed about the world's centre (Africa) before.
func TestViewZoomKeepsTheFraming(t *testing.T) {
	dir := t.TempDir()
	small := []string{"--width", "320", "--height", "180"}
	for _, tc := range []struct {
		name  string
		frame []string
	}{
		{"bbox", []string{"--bbox", "100,10,130,35"}},
		{"fit", []string{"--fit", "--country", "TW"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			view := filepath.Join(dir, tc.name+".json")
			exportOK(t, append(append(small, tc.frame...), "-o", filepath.Join(dir, tc.name+".png"), "--save-view", view)...)
			drawn, err := parseExport(append(append(small, tc.frame...), "-o", "x.png"), io.Discard)
			must(t, err)
			_, fr, _, err := viewspec.Draw(mustLoad(t), drawn.view.spec)
			must(t, err)
			opt, err := parseExport([]string{"--view", view, "--zoom", "3", "-o", "x.png"}, io.Discard)
			must(t, err)
			_, zf, _, err := viewspec.Draw(mustLoad(t), opt.view.spec)
			must(t, err)
			if zf.View.Zoom != 3 || math.Abs(zf.View.Center[0]-fr.View.Center[0]) > 1e-9 || math.Abs(zf.View.Center[1]-fr.View.Center[1]) > 1e-9 {
				t.Errorf("zoomed view centre %v zoom %v; want %v (the view's) at zoom 3", zf.View.Center, zf.View.Zoom, fr.View.Center)
			}
		})
	}
}

// mustLoad is the embedded GhostNet data.
func mustLoad(t *testing.T) *threat.Dataset {
	t.Helper()
	ds, err := load(nil, nil, io.Discard)
	must(t, err)
	return ds
}

// slicesReplace returns args with the value after flag replaced.
func slicesReplace(args []string, flag, val string) []string {
	out := append([]string(nil), args...)
	for i := range out {
		if out[i] == flag {
			out[i+1] = val
		}
	}
	return out
}

// TestViewMovedFolder: a folder of data and views copied elsewhere (and
// the original gone) still draws the same map.
func TestViewMovedFolder(t *testing.T) {
	dir := ghostnetDir(t)
	view := filepath.Join(dir, "v.json")
	exportOK(t, append(viewArgs, "-o", filepath.Join(dir, "a.png"), "--save-view", view, filepath.Join(dir, "data", "ghostnet.geojson"))...)
	want := readRGBA(t, filepath.Join(dir, "a.png"))
	moved := filepath.Join(t.TempDir(), "shared")
	must(t, os.CopyFS(moved, os.DirFS(dir)))
	must(t, os.RemoveAll(dir))
	out := filepath.Join(moved, "again.png")
	exportOK(t, "--view", filepath.Join(moved, "v.json"), "-o", out)
	samePixels(t, "moved folder", want, readRGBA(t, out))
}

// TestViewFileProblems: unknown keys warn and draw; a broken file, a
// missing data file or IP database or a refused --save-view write nothing
// and say why, naming the view that named the missing file.
func TestViewFileProblems(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		must(t, os.WriteFile(p, []byte(s), 0o644))
		return p
	}
	out := filepath.Join(dir, "m.png")
	unknown := write("unknown.json", `{"threatmap_view": 1, "width": 200, "height": 100, "colour": "red", "filters": {"contries": ["TW"]}, "selection": {"server": "nope"}}`)
	msg := exportOK(t, "--view", unknown, "-o", out)
	for _, want := range []string{unknown + `: unknown key "colour" ignored`, unknown + `: unknown key "filters.contries" ignored`,
		`selection.server: no C2 server "nope" in the data; nothing selected`} {
		if !strings.Contains(msg, want) {
			t.Errorf("stderr lacks %q:\n%s", want, msg)
		}
	}
	if m := readRGBA(t, out); m.Rect.Dx() != 200 {
		t.Errorf("width %d, want the view's 200", m.Rect.Dx())
	}

	for _, tc := range []struct {
		name, view string
		rc         int
		want       string
	}{
		{"broken", "{\"threatmap_view\": 1,\n  \"width\": 200,\n  \"theme\" \"dark\"\n}", 2, "broken.json: line 3, column 11: invalid character"},
		{"bad value", `{"threatmap_view": 1, "projection": "robinson"}`, 2, `bad value.json: projection: unknown projection "robinson"`},
		{"missing data", `{"threatmap_view": 1, "files": ["nowhere.geojson"]}`, 1, filepath.Join(dir, "nowhere.geojson")},
		{"missing data named", `{"threatmap_view": 1, "files": ["nowhere.geojson"]}`, 1,
			"(named by the view " + filepath.Join(dir, "missing data named.json") + "; to draw it on other data, give the FILEs"},
		{"missing geoip", `{"threatmap_view": 1, "geoip": "gone.mmdb"}`, 1,
			filepath.Join(dir, "gone.mmdb") + ": no such file or directory\n  (named by the view " + filepath.Join(dir, "missing geoip.json") + "; to use another IP database, give --geoip"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := write(tc.name+".json", tc.view)
			o := filepath.Join(dir, tc.name+".png")
			var stderr bytes.Buffer
			if rc := runExport([]string{"--view", v, "-o", o}, io.Discard, &stderr); rc != tc.rc || !strings.Contains(stderr.String(), tc.want) {
				t.Errorf("rc %d, %q; want %d and %q", rc, stderr.String(), tc.rc, tc.want)
			}
			if _, err := os.Stat(o); err == nil {
				t.Error("an image was written")
			}
		})
	}
}

// TestSaveViewFailsFirst: a view that cannot be written (a full disk)
// leaves the image unwritten too, as exit status 1 says; the image was
// committed first and stayed.
func TestSaveViewFailsFirst(t *testing.T) {
	marshalView = func(*viewspec.View) ([]byte, error) { return nil, errors.New("no space left on device") }
	defer func() { marshalView = viewspec.Marshal }()
	dir := t.TempDir()
	out, view := filepath.Join(dir, "m.png"), filepath.Join(dir, "v.json")
	var stderr bytes.Buffer
	if rc := runExport([]string{"--width", "64", "--height", "32", "-o", out, "--save-view", view}, io.Discard, &stderr); rc != 1 ||
		!strings.Contains(stderr.String(), "cannot write "+view+": no space left on device") {
		t.Fatalf("rc %d, %q; want 1 and the view's error", rc, stderr.String())
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("%s holds %v, want nothing", dir, ents)
	}
}

// TestSaveViewNotTheImageByLink: --save-view naming the image's file
// through a link to its folder is refused, --force or not; with --force
// the view overwrote the image just written, and both were reported.
func TestSaveViewNotTheImageByLink(t *testing.T) {
	dir := t.TempDir()
	must(t, os.Symlink(".", filepath.Join(dir, "here")))
	out, view := filepath.Join(dir, "here", "m.png"), filepath.Join(dir, "m.png")
	var stderr bytes.Buffer
	if rc := runExport([]string{"--width", "64", "--height", "32", "-o", out, "--save-view", view, "--force"}, io.Discard, &stderr); rc != 1 ||
		!strings.Contains(stderr.String(), "--save-view "+view+" is the image's -o file") {
		t.Fatalf("rc %d, %q; want 1 and the view named as the image", rc, stderr.String())
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("%s holds %v, want the link alone", dir, ents)
	}
}

// TestSaveViewRefuses: --save-view follows -o's rules: an existing file
// only with --force (and then nothing else is refused), never the image
// itself nor the view read.
func TestSaveViewRefuses(t *testing.T) {
	dir := t.TempDir()
	view := filepath.Join(dir, "v.json")
	must(t, os.WriteFile(view, []byte("keep me"), 0o644))
	out := filepath.Join(dir, "m.png")
	small := []string{"--width", "64", "--height", "32"}
	var stderr bytes.Buffer
	if rc := runExport(append(small, "-o", out, "--save-view", view), io.Discard, &stderr); rc != 1 || !strings.Contains(stderr.String(), "use --force") {
		t.Fatalf("rc %d, %q; want 1 and a --force hint", rc, stderr.String())
	}
	if b, _ := os.ReadFile(view); string(b) != "keep me" {
		t.Error("the existing view was changed")
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("the image was written though the view was refused")
	}
	exportOK(t, append(small, "-o", out, "--save-view", view, "--force")...)
	if v, _, err := viewspec.Read(view); err != nil || v.Width != 64 {
		t.Errorf("--force: view %+v, %v", v, err)
	}
	stderr.Reset()
	if rc := runExport(append(small, "-o", out, "--save-view", out, "--force"), io.Discard, &stderr); rc != 1 || !strings.Contains(stderr.String(), "name of its own") {
		t.Errorf("--save-view = -o: rc %d, %q", rc, stderr.String())
	}
	stderr.Reset()
	if rc := runExport([]string{"--view", view, "-o", out, "--save-view", view, "--force"}, io.Discard, &stderr); rc != 1 || !strings.Contains(stderr.String(), "input") {
		t.Errorf("--save-view = --view: rc %d, %q", rc, stderr.String())
	}
}

// TestViewArgs: the arguments a view writes (what Help › Copy export
// command copies) parse back into the same view.
func TestViewArgs(t *testing.T) {
	full := func(v viewspec.View) *viewspec.View {
		v.Version = viewspec.Version
		if v.Width == 0 {
			v.Width, v.Height = 800, 450
		}
		if v.Projection == "" {
			v.Projection = "equal-earth"
		}
		if v.Layers == nil {
			v.Layers = []string{"basemap", "links", "hosts", "servers", "legend", "caption"}
		}
		if v.Theme == "" {
			v.Theme = "dark"
		}
		return &v
	}
	for _, tc := range []struct {
		name string
		view *viewspec.View
		out  string // "": out.png
	}{
		{"world", full(viewspec.View{}), ""},
		{"window", full(viewspec.View{Filters: viewspec.Filters{Countries: []string{"TW", "IN"}, Types: []string{"mfa", "embassy"},
			Servers: []string{"ctl1"}, Confidence: []string{"high", "unknown"}, Placement: "reconstructed"},
			Time:      viewspec.Time{From: "2008-01-01T00:00:00Z", To: "2008-12-31T23:59:59Z", Match: "first_seen"},
			Selection: viewspec.Selection{Server: "ctl2"}, Extent: viewspec.Extent{Center: []float64{-170.25, 12.125}, Zoom: 1.0000000000000002},
			Layers: []string{"hosts"}, Theme: "light", Projection: "mercator", Files: []string{"a b.geojson", "-dash.csv"}}), ""},
		{"keep nothing", full(viewspec.View{Filters: viewspec.Filters{Countries: []string{}, Types: []string{}, Servers: []string{}, Confidence: []string{}}, Layers: []string{}}), ""},
		{"fit, host, title", full(viewspec.View{Extent: viewspec.Extent{Fit: true}, Selection: viewspec.Selection{Host: "#12"}, Title: "it's 'quoted'"}), ""},
		{"hosts together", full(viewspec.View{Selection: viewspec.Selection{Hosts: []string{"h0030", "ip:10.0.0.1", "#12", "it's"}}}), ""},
		{"fit at a zoom", full(viewspec.View{Extent: viewspec.Extent{Fit: true, Zoom: 2.5}}), ""},
		{"bbox, active window", full(viewspec.View{Extent: viewspec.Extent{BBox: []float64{-10, 30, 40.5, 60}}, Time: viewspec.Time{To: "1970-01-01T00:00:00Z"}}), ""},
		{"animation, sliding window", full(viewspec.View{Frames: 24, FPS: 12, Playback: &viewspec.Playback{Mode: "window", Window: "12h"},
			Time: viewspec.Time{From: "2008-06-01T00:00:00Z"}}), "out.gif"},
		{"animation, cumulative video", full(viewspec.View{Frames: 600, FPS: 60, Playback: &viewspec.Playback{Mode: "cumulative"}}), "out.webm"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := cmp.Or(tc.out, "out.png")
			args, err := tc.view.Args(out)
			must(t, err)
			opt, err := parseExport(args, io.Discard)
			if err != nil {
				t.Fatalf("%q: %v", args, err)
			}
			if !reflect.DeepEqual(opt.view.spec, tc.view) {
				t.Errorf("%q parsed into\n%+v\nwant\n%+v", args, opt.view.spec, tc.view)
			}
		})
	}
}

// TestViewFlagsCovered: every export flag is part of a view (and a flag
// beside --view overrides it) or explicitly not: a new flag must say which.
func TestViewFlagsCovered(t *testing.T) {
	fs, _ := exportFlags(&exportOptions{}, io.Discard)
	fs.VisitAll(func(f *flag.Flag) {
		if viewFields[f.Name] == nil && !viewFreeFlags[f.Name] {
			t.Errorf("flag --%s is neither in viewFields (view.go) nor in viewFreeFlags", f.Name)
		}
	})
}

// TestSelectHosts: --select-hosts selects hosts together, as a click on a
// stack in the window: --save-view holds them and --view draws them again;
// a host the data lacks is a warning; "none" drops a view's selection;
// it excludes the other selections.
func TestSelectHosts(t *testing.T) {
	dir := ghostnetDir(t)
	data := filepath.Join(dir, "data", "ghostnet.geojson")
	small := []string{"--width", "480", "--height", "270", "--center", "77.2,28.6", "--zoom", "16"}
	a, b, view := filepath.Join(dir, "a.png"), filepath.Join(dir, "b.png"), filepath.Join(dir, "v.json")
	msg := exportOK(t, append(small, "--select-hosts", "h0030,h0042,h0067,gone", "-o", a, "--save-view", view, data)...)
	if want := `selection.hosts: 1 of 4 hosts is not in the data ("gone"); 3 selected`; !strings.Contains(msg, want) {
		t.Errorf("stderr lacks %q:\n%s", want, msg)
	}
	if saved, _ := os.ReadFile(view); !bytes.Contains(saved, []byte(`"hosts": [`)) || !bytes.Contains(saved, []byte(`"h0067"`)) {
		t.Errorf("the saved view lacks the hosts:\n%s", saved)
	}
	exportOK(t, "--view", view, "-o", b)
	samePixels(t, "--view against --select-hosts", readRGBA(t, a), readRGBA(t, b))

	plain, dropped := filepath.Join(dir, "plain.png"), filepath.Join(dir, "dropped.png")
	exportOK(t, append(small, "-o", plain, data)...)
	exportOK(t, "--view", view, "--select-hosts", "none", "-o", dropped)
	samePixels(t, "--select-hosts none against no selection", readRGBA(t, plain), readRGBA(t, dropped))
	if bytes.Equal(readRGBA(t, plain).Pix, readRGBA(t, a).Pix) {
		t.Error("the selected hosts draw nothing")
	}

	var stderr bytes.Buffer
	if rc := runExport([]string{"--select-hosts", "h0030", "--select-server", "ctl1", "-o", filepath.Join(dir, "x.png")}, io.Discard, &stderr); rc != 2 ||
		!strings.Contains(stderr.String(), "--select-server, --select-host and --select-hosts are exclusive") {
		t.Errorf("rc %d, %q; want 2 and the exclusion", rc, stderr.String())
	}
}
