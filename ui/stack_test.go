package ui

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"threatmap/ui/render"
	"threatmap/ui/viewspec"
)

// TestStackTooltipAndClick: on the default GhostNet data at world scale,
// the Indian hosts around New Delhi are one marker; hovering it says how
// many hosts are there and names the first, and a click selects them all
// and lists them in the details panel.
func TestStackTooltipAndClick(t *testing.T) {
	u, x, y := atNewDelhi(t)
	u.hover(int(x), int(y))
	tip := tipText(u)
	first, _, _ := strings.Cut(tip, "\n")
	if !strings.HasSuffix(first, " hosts here") {
		t.Fatalf("tooltip over New Delhi:\n%s\nwant \"N hosts here\"", tip)
	}
	if strings.Contains(tip, "))") {
		t.Errorf("tooltip nests parentheses:\n%s", tip)
	}
	if lines := strings.Split(tip, "\n"); len(lines) < 2 || strings.HasSuffix(lines[1], "…") {
		t.Errorf("tooltip's type mix is cut: %q", lines)
	}
	if !strings.Contains(tip, "· ") || !strings.Contains(tip, "India") {
		t.Errorf("tooltip names no host in India:\n%s", tip)
	}
	n := 0
	for _, c := range strings.TrimSuffix(first, " hosts here") {
		if c >= '0' && c <= '9' {
			n = n*10 + int(c-'0')
		}
	}
	u.tapMap(int(x), int(y))
	if got := u.details.Title(); got != first {
		t.Errorf("details title %q after a click, want %q", got, first)
	}
	if got := len(u.details.Victims()); got != n {
		t.Errorf("details list %d hosts, want the %d of the stack", got, n)
	}
	for _, i := range u.details.Victims() {
		if u.ds.Country(int(i)) != "IN" {
			t.Errorf("listed host %d is in %s", i, u.ds.Country(int(i)))
		}
	}
}

// TestStackOfIPHosts: hosts of an IP list have neither name nor id; the
// stack's tooltip, its list in the details panel and a host's title name
// them by address ("unknown  US  " named none of them), and the list
// leaves out the date they do not have.
func TestStackOfIPHosts(t *testing.T) {
	u, w := newTestApp(t)
	u.open([]string{writeFile(t, "ips.txt", "8.8.8.8\n8.8.4.4\n")})
	if u.ds.Hosts.Len() != 2 || u.ds.Country(0) != u.ds.Country(1) {
		t.Fatalf("want two hosts of one country, got %d", u.ds.Hosts.Len())
	}
	u.redraw()
	w.Canvas().Capture()
	x, y := u.mapv.View.ToScreen(float64(u.ds.Hosts.Lon[0]), float64(u.ds.Hosts.Lat[0]))
	u.hover(int(x), int(y))
	tip := tipText(u)
	u.tapMap(int(x), int(y))
	var list []string
	for _, i := range u.details.Victims() {
		list = append(list, victimLabel(u.ds, int(i)))
	}
	for _, l := range list {
		if strings.Contains(l, "unknown") {
			t.Errorf("stack list row %q shows an unknown date", l)
		}
	}
	for _, ip := range []string{"8.8.8.8", "8.8.4.4"} {
		if !strings.Contains(tip, ip) {
			t.Errorf("stack tooltip does not name %s:\n%s", ip, tip)
		}
		if !strings.Contains(strings.Join(list, "\n"), ip) {
			t.Errorf("stack list %q does not name %s", list, ip)
		}
	}
	u.details.ShowHost(u.ds, 0)
	if got := u.details.Title(); got != "Host 8.8.8.8" {
		t.Errorf("host title %q, want \"Host 8.8.8.8\"", got)
	}
}

// TestIPHostTooltip: the tooltip of a host placed from its IP address says
// so, and that its position is a guess, not only "reconstructed"; it has
// no line of "unknown" dates and "not stated" confidence.
func TestIPHostTooltip(t *testing.T) {
	u, w := newTestApp(t)
	u.open([]string{writeFile(t, "ips.txt", "8.8.8.8\n")})
	u.redraw()
	w.Canvas().Capture()
	x, y := u.mapv.View.ToScreen(float64(u.ds.Hosts.Lon[0]), float64(u.ds.Hosts.Lat[0]))
	u.hover(int(x), int(y))
	tip := tipText(u)
	if !strings.Contains(tip, "Position from IP, country level: a guess") {
		t.Errorf("tooltip of an IP-placed host does not say how it was placed:\n%s", tip)
	}
	for _, noise := range []string{"unknown", "not stated"} {
		if strings.Contains(tip, noise) {
			t.Errorf("tooltip of an undated host says %q:\n%s", noise, tip)
		}
	}
}

// TestStackSelectionSurvives: the New Delhi stack clicked in the window is
// carried whole by the export, Save view, the animation export and Copy
// export command; the window's map and its export are the same picture;
// the view reopened selects the same hosts and lists them all.
func TestStackSelectionSurvives(t *testing.T) {
	u, x, y := atNewDelhi(t)
	u.tapMap(int(x), int(y))
	stack := slices.Clone(u.stack)
	n := len(stack)
	if n < 10 || u.details.Title() != render.Count(n)+" hosts here" || len(u.details.Victims()) != n {
		t.Fatalf("the click selected %d hosts, the details say %q and list %d", n, u.details.Title(), len(u.details.Victims()))
	}
	s := u.MapSettings()
	spec, err := u.viewSpec(s)
	if err != nil {
		t.Fatal(err)
	}
	if got, missing := viewspec.HostIndices(u.ds, spec.Selection.Hosts); !slices.Equal(got, stack) || missing != nil || spec.Selection.Host != "" {
		t.Fatalf("the view selects %v (missing %q, host %q), want the stack %v", got, missing, spec.Selection.Host, stack)
	}
	shown, err := u.ExportImage(s)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(shown.Pix, u.last.img.Pix) {
		t.Error("the export of the stack selection is not the window's map")
	}
	// A closer view splits the stack: the export rings every part, not
	// the first host's marker alone.
	u.Zoom(16)
	u.mapv.View.Center = orb.Point{77.2, 28.6}
	split, _ := u.ExportImage(u.MapSettings())
	u.selectItem(render.Item{Kind: render.KindHost, Index: int(stack[0])}, false)
	firstOnly, _ := u.ExportImage(u.MapSettings())
	if bytes.Equal(split.Pix, firstOnly.Pix) {
		t.Error("zoomed in, the stack's export is that of its first host")
	}
	u.ResetView()
	u.selectStack(stack)

	path := filepath.Join(t.TempDir(), "delhi.json")
	if err := u.SaveViewTo(path); err != nil {
		t.Fatal(err)
	}
	if saved, _ := os.ReadFile(path); !bytes.Contains(saved, []byte(`"hosts": [`)) {
		t.Errorf("the saved view names no hosts:\n%s", saved)
	}
	a, err := u.animSpec(AnimSettings{ExportSettings: s, Frames: 4, FPS: 2})
	if err != nil || len(a.Selection.Hosts) != n {
		t.Errorf("the animation's view selects %d hosts (%v), want %d", len(a.Selection.Hosts), err, n)
	}
	u.CopyExportCommand()
	if cmd := u.app.Clipboard().Content(); !strings.Contains(cmd, "--select-hosts "+strings.Join(spec.Selection.Hosts, ",")+" ") {
		t.Errorf("the copied command lacks the stack's hosts:\n%s", cmd)
	}

	u.ClearSelection()
	if err := u.OpenView(path); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(u.stack, stack) || u.details.Title() != render.Count(n)+" hosts here" || len(u.details.Victims()) != n {
		t.Errorf("the reopened view selects %d hosts, the details say %q and list %d; want the %d", len(u.stack), u.details.Title(), len(u.details.Victims()), n)
	}
	if again, _ := u.ExportImage(u.MapSettings()); !bytes.Equal(again.Pix, shown.Pix) {
		t.Error("the reopened view exports another picture")
	}
}

// TestOpenViewMissingHosts: a view's stack of which the data lacks some
// hosts selects the others and says how many are missing; one that names
// none of them selects nothing, with a warning, not an error.
func TestOpenViewMissingHosts(t *testing.T) {
	u, _ := newTestApp(t)
	dir := t.TempDir()
	refs := viewspec.HostRefs(u.ds, []int32{3, 4, 5})
	some := filepath.Join(dir, "some.json")
	os.WriteFile(some, []byte(`{"threatmap_view": 1, "selection": {"hosts": ["`+strings.Join(refs, `", "`)+`", "gone-1", "ip:192.0.2.1"]}}`), 0o644)
	if err := u.OpenView(some); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(u.stack, []int32{3, 4, 5}) || !strings.Contains(u.lastError, `selection.hosts: 2 of 5 hosts are not in the data ("gone-1", "ip:192.0.2.1"); 3 selected`) {
		t.Errorf("stack %v, warning %q", u.stack, u.lastError)
	}
	none := filepath.Join(dir, "none.json")
	os.WriteFile(none, []byte(`{"threatmap_view": 1, "selection": {"hosts": ["gone-1", "gone-2"]}}`), 0o644)
	if err := u.OpenView(none); err != nil {
		t.Fatal(err)
	}
	if u.stack != nil || u.selected.Kind != render.KindNone || !strings.Contains(u.lastError, "none of the 2 hosts is in the data") {
		t.Errorf("stack %v, selected %v, warning %q", u.stack, u.selected, u.lastError)
	}
}

// atNewDelhi opens GhostNet at world scale in a test window, drawn, and
// returns the pixel of the New Delhi stack (the Indian hosts around it
// are one marker there).
func atNewDelhi(t *testing.T) (u *App, x, y float64) {
	t.Helper()
	u, w := newTestApp(t)
	u.ResetView()
	u.redraw()
	w.Canvas().Capture()
	x, y = u.mapv.View.ToScreen(77.2, 28.6)
	return u, x, y
}
