package ui

import (
	"strings"
	"testing"
)

// TestStackTooltipAndClick: on the default GhostNet data at world scale,
// the Indian hosts around New Delhi are one marker; hovering it says how
// many hosts are there and names the first, and a click selects them all
// and lists them in the details panel.
func TestStackTooltipAndClick(t *testing.T) {
	u, w := newTestApp(t)
	u.ResetView()
	u.redraw()
	w.Canvas().Capture()
	x, y := u.mapv.View.ToScreen(77.2, 28.6)
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
