package viewspec

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"syscall"
	"testing"
	"threatmap/data/threat"
	"time"
)

// TestQuote: what Quote writes, a POSIX shell reads back as the same word.
func TestQuote(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Fatalf("no sh: %v", err)
	}
	words := []string{"plain", "a b", "it's", `"dq"`, "$HOME", "`x`", "a;b", "*.png", "", "--title=x", "ü 漢", `back\slash`, "-dash", "new\nline"}
	var script strings.Builder
	script.WriteString(`for a in`)
	for _, w := range words {
		script.WriteString(" " + Quote(w))
	}
	script.WriteString(`; do printf '%s\0' "$a"; done`)
	out, err := exec.Command("sh", "-c", script.String()).Output()
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00")
	if !reflect.DeepEqual(got, words) {
		t.Errorf("the shell read\n%q\nwant\n%q", got, words)
	}
	if Quote("map.png") != "map.png" || Quote("a b") != "'a b'" {
		t.Errorf("plain words stay bare: %s %s", Quote("map.png"), Quote("a b"))
	}
}

func TestCommand(t *testing.T) {
	v := &View{Version: Version, Files: []string{"my data.geojson", "-odd.csv"}, Width: 800, Height: 600,
		Filters:   Filters{Countries: []string{"TW", "IN"}, Types: []string{}, Confidence: []string{"high"}, Placement: "reported"},
		Time:      Time{From: "2008-06-01T00:00:00Z", To: "2008-12-31T23:59:59Z", Match: "first_seen"},
		Selection: Selection{Server: "c2-1"}, Projection: "mercator", Layers: []string{"basemap", "hosts"},
		Extent: Extent{Center: []float64{77.25, 28.5}, Zoom: 3.0000000000000004}, Theme: "light", Title: "Ghost's net"}
	got, err := v.Command("out.png")
	if err != nil {
		t.Fatal(err)
	}
	want := "threatmap export --width 800 --height 600 --projection mercator --center 77.25,28.5 --zoom 3.0000000000000004" +
		" --country TW,IN --type none --confidence high --placement reported --from 2008-06-01T00:00:00Z" +
		" --to 2008-12-31T23:59:59Z --first-seen --select-server c2-1 --layers basemap,hosts --theme light" +
		` --title 'Ghost'\''s net' -o out.png -- 'my data.geojson' -odd.csv`
	if got != want {
		t.Errorf("command\n%s\nwant\n%s", got, want)
	}
	for _, bad := range [][]string{{"a,b"}, {""}, {"none"}} {
		v := &View{Version: Version, Filters: Filters{Servers: bad}}
		if _, err := v.Args("x.png"); err == nil || !strings.Contains(err.Error(), "save a view instead") {
			t.Errorf("servers %q: error %v", bad, err)
		}
	}
	anim := &View{Version: Version, Frames: 60, FPS: 12, Playback: &Playback{Mode: "window", Window: "30d"}}
	if a, _ := anim.Args("s.gif"); !strings.Contains(strings.Join(a, " "), "--frames 60 --fps 12 --window 30d -o s.gif") {
		t.Errorf("animation args %q", a)
	}
	// A still takes no animation flag: the export command refuses them.
	if a, _ := anim.Args("s.png"); slices.ContainsFunc(a, func(s string) bool {
		return s == "--frames" || s == "--fps" || s == "--window" || s == "--cumulative"
	}) {
		t.Errorf("still args %q hold animation flags", a)
	}
}

// TestRelative: files inside the view's folder are written relative to it
// and read back relative to wherever the folder is; others stay absolute.
func TestRelative(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "briefing")
	far := filepath.Join(filepath.Dir(root), "far.csv") // two levels up: absolute
	v := &View{Version: Version, Files: []string{filepath.Join(dir, "data", "march.geojson"), filepath.Join(root, "other.csv"), filepath.Join(dir, "top.csv"), far}}
	r := v.Relative(dir)
	want := []string{"data/march.geojson", "../other.csv", "top.csv", far}
	if !reflect.DeepEqual(r.Files, want) {
		t.Fatalf("relative %q, want %q", r.Files, want)
	}
	if v.Files[0] != filepath.Join(dir, "data", "march.geojson") {
		t.Error("Relative changed the view it copied")
	}
	b, err := Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	moved := filepath.Join(root, "a", "moved")
	if err := os.MkdirAll(moved, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(moved, "v.json")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	back, _, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	want = []string{filepath.Join(moved, "data", "march.geojson"), filepath.Join(root, "a", "other.csv"), filepath.Join(moved, "top.csv"), far}
	if !reflect.DeepEqual(back.Files, want) {
		t.Errorf("resolved %q, want %q", back.Files, want)
	}
	if (&View{Version: Version}).Relative(dir).Files != nil {
		t.Error("no files must stay no files (the embedded data)")
	}
}

// TestReadNamesTheFile: errors and warnings say which file.
func TestReadNamesTheFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "v.json")
	os.WriteFile(path, []byte("{\"threatmap_view\": 1, \"zoom\": 2}"), 0o644)
	_, warns, err := Read(path)
	if err != nil || len(warns) != 1 || !strings.HasPrefix(warns[0], path+": unknown key \"zoom\"") {
		t.Errorf("warnings %q, err %v", warns, err)
	}
	os.WriteFile(path, []byte("{\"threatmap_view\": 1,\n\"width\": }"), 0o644)
	if _, _, err := Read(path); err == nil || !strings.HasPrefix(err.Error(), path+": line 2, column 10") {
		t.Errorf("error %v", err)
	}
	if _, _, err := Read(filepath.Join(dir, "none.json")); err == nil || !os.IsNotExist(err) {
		t.Errorf("missing file: %v", err)
	}
}

// TestReadOnlyFiles: a device or a folder given as the view is refused
// at once, by name; a named pipe is read, as process substitution gives
// ('--view <(jq ... v.json)').
func TestReadOnlyFiles(t *testing.T) {
	dir := t.TempDir()
	for path, what := range map[string]string{os.DevNull: "a device", dir: "a directory"} {
		if _, _, err := Read(path); err == nil || err.Error() != path+" is "+what+", not a view file" {
			t.Errorf("error %v, want %q", err, path+" is "+what+", not a view file")
		}
	}
	fifo := filepath.Join(dir, "v.json")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	go func() {
		if f, err := os.OpenFile(fifo, os.O_WRONLY, 0); err == nil {
			f.WriteString(`{"threatmap_view": 1, "width": 64}`)
			f.Close()
		}
	}()
	done := make(chan error, 1)
	var v *View
	go func() {
		var err error
		v, _, err = Read(fifo)
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil || v.Width != 64 {
			t.Errorf("view through a named pipe: %+v, %v", v, err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Read of a named pipe with a writer still waits after 10 s")
	}
}

// TestHostRefByAddress: a host of an IP list has no id; the view names it
// by its address, so the same view on next month's list selects the same
// address, not whatever host sits at the old index.
func TestHostRefByAddress(t *testing.T) {
	build := func(ips ...string) *threat.Dataset {
		b := threat.NewBuilder(len(ips))
		for _, ip := range ips {
			b.AddHost(threat.Host{IP: ip, Server: -1})
		}
		return b.Build()
	}
	march := build("81.2.69.160", "9.9.9.9")
	ref := HostRef(march, 0)
	if ref != "ip:81.2.69.160" {
		t.Fatalf("HostRef = %q, want ip:81.2.69.160", ref)
	}
	april := build("9.9.9.9", "1.1.1.1", "81.2.69.160")
	if i, ok := HostIndex(april, ref); !ok || i != 2 {
		t.Errorf("HostIndex(%q) = %d, %v; want 2", ref, i, ok)
	}
	if _, ok := HostIndex(build("9.9.9.9"), ref); ok {
		t.Error("an address the data lacks selects a host")
	}
}
