package viewspec

import (
	"bytes"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"threatmap/data/ingest"
	"threatmap/data/threat"
)

// TestHostRefs: every host is named by its id when that finds it, else
// by its address, else by its index, and the names find the same hosts
// back; HostRefs names as HostRef does, in one pass.
func TestHostRefs(t *testing.T) {
	b := threat.NewBuilder(6)
	for _, h := range []threat.Host{
		{ID: "a"}, {ID: "a", IP: "10.0.0.1"}, {IP: "10.0.0.1"}, {ID: "#7"}, {ID: "ip:10.0.0.9"}, {ID: "b", IP: "10.0.0.2"},
	} {
		h.Server = -1
		b.AddHost(h)
	}
	ds := b.Build()
	all := []int32{0, 1, 2, 3, 4, 5}
	refs := HostRefs(ds, all)
	if want := []string{"a", "ip:10.0.0.1", "#2", "#3", "#4", "b"}; !slices.Equal(refs, want) {
		t.Fatalf("HostRefs = %q, want %q", refs, want)
	}
	for i, r := range refs {
		if one := HostRef(ds, i); one != r {
			t.Errorf("HostRef(%d) = %q, HostRefs says %q", i, one, r)
		}
	}
	if got, missing := HostIndices(ds, append(slices.Clone(refs), "a", "#99", "ip:", "")); !slices.Equal(got, all) ||
		!slices.Equal(missing, []string{"#99", "ip:", ""}) {
		t.Errorf("HostIndices = %v, missing %q; want every host once, and the three names of none", got, missing)
	}

	gn, _ := ingest.Default()
	every := make([]int32, gn.Hosts.Len())
	for i := range every {
		every[i] = int32(i)
	}
	if got, missing := HostIndices(gn, HostRefs(gn, every)); !slices.Equal(got, every) || missing != nil {
		t.Errorf("GhostNet: the names of its %d hosts find %d, %d missing", len(every), len(got), len(missing))
	}
}

// TestSelectHostsWarns: hosts the data no longer has are counted and the
// first named, and the others selected; none found selects nothing.
func TestSelectHostsWarns(t *testing.T) {
	b := threat.NewBuilder(3)
	for _, id := range []string{"h1", "h2", "h3"} {
		b.AddHost(threat.Host{ID: id, Server: -1})
	}
	ds := b.Build()
	for _, tc := range []struct {
		refs  []string
		hosts []int32
		warn  string
	}{
		{[]string{"h3", "h1"}, []int32{0, 2}, ""},
		{[]string{"h1", "gone", "h2"}, []int32{0, 1}, `selection.hosts: 1 of 3 hosts is not in the data ("gone"); 2 selected`},
		{[]string{"g1", "h2", "g2", "g3", "g4"}, []int32{1}, `selection.hosts: 4 of 5 hosts are not in the data ("g1", "g2", "g3", …); 1 selected`},
		{[]string{"gone"}, nil, `selection.hosts: no host "gone" in the data; nothing selected`},
		{[]string{"g1", "g2"}, nil, `selection.hosts: none of the 2 hosts is in the data ("g1", "g2"); nothing selected`},
	} {
		hosts, warn := SelectHosts(ds, tc.refs)
		if !slices.Equal(hosts, tc.hosts) || warn != tc.warn {
			t.Errorf("SelectHosts(%q) = %v, %q; want %v, %q", tc.refs, hosts, warn, tc.hosts, tc.warn)
		}
	}
}

// delhi returns the GhostNet hosts within half a degree of New Delhi: one
// marker at world scale.
func delhi(ds *threat.Dataset) []int32 {
	var out []int32
	for i := range ds.Hosts.Len() {
		if math.Abs(float64(ds.Hosts.Lon[i])-77.2) < 0.5 && math.Abs(float64(ds.Hosts.Lat[i])-28.6) < 0.5 {
			out = append(out, int32(i))
		}
	}
	return out
}

// TestStackViewRoundTrip: a view of hosts selected together, written and
// read back, selects the same hosts and draws the same pixels; at world
// scale, where they are one marker, it is the picture of the first of
// them selected (the window's click); closer, where they are several, it
// is not. Next month's data without some of them warns and draws the
// others.
func TestStackViewRoundTrip(t *testing.T) {
	ds, _ := ingest.Default()
	stack := delhi(ds)
	if len(stack) < 20 {
		t.Fatalf("%d hosts around New Delhi, want a stack", len(stack))
	}
	v := &View{Version: Version, Width: 640, Height: 360, Selection: Selection{Hosts: HostRefs(ds, stack)}}
	b, err := Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	back, warns, err := Parse(b)
	if err != nil || warns != nil {
		t.Fatalf("re-read: %v %q", err, warns)
	}
	fr, err := Resolve(ds, back)
	if err != nil || !slices.Equal(fr.Scene.SelectedHosts, stack) || fr.Warnings != nil {
		t.Fatalf("the view read back selects %v (%v, %q), want %v", fr.Scene.SelectedHosts, err, fr.Warnings, stack)
	}
	draw := func(v *View) []byte {
		img, _, _, err := Draw(ds, v)
		if err != nil {
			t.Fatal(err)
		}
		return img.Pix
	}
	first := *v
	first.Selection = Selection{Host: HostRef(ds, int(stack[0]))}
	if !bytes.Equal(draw(v), draw(back)) || !bytes.Equal(draw(v), draw(&first)) {
		t.Error("at world scale: the view read back, or the stack's first host selected, draws another picture")
	}
	near, nearFirst := *v, first
	near.Extent = Extent{Center: []float64{77.2, 28.6}, Zoom: 16}
	nearFirst.Extent = near.Extent
	if bytes.Equal(draw(&near), draw(&nearFirst)) {
		t.Error("zoomed in: the stack draws as its first host alone")
	}

	gone := *v
	gone.Selection.Hosts = append(slices.Clone(v.Selection.Hosts), "h9998", "h9999")
	fr, _ = Resolve(ds, &gone)
	if want := fmt.Sprintf("selection.hosts: 2 of %d hosts are not in the data", len(stack)+2); len(fr.Warnings) != 1 || !strings.HasPrefix(fr.Warnings[0], want) ||
		!slices.Equal(fr.Scene.SelectedHosts, stack) {
		t.Errorf("with two hosts gone: warnings %q, selected %d; want %q and the %d others", fr.Warnings, len(fr.Scene.SelectedHosts), want, len(stack))
	}
}

// TestStackTooLarge: a selection the command line cannot carry says to
// save a view; one a view file cannot hold says to select fewer.
func TestStackTooLarge(t *testing.T) {
	refs := make([]string, 3000)
	for i := range refs {
		refs[i] = fmt.Sprintf("ip:10.%d.%d.%d", i>>16, i>>8&255, i&255)
	}
	v := &View{Version: Version, Selection: Selection{Hosts: refs}}
	if _, err := v.Args("x.png"); err == nil || !strings.Contains(err.Error(), "--select-hosts: 3,000 hosts take 41 KiB, more than a command line should carry (32 KiB): save a view instead and export it with --view") {
		t.Errorf("Args of 3,000 hosts: %v", err)
	}
	if _, err := Marshal(v); err != nil {
		t.Errorf("a view of 3,000 hosts: %v", err)
	}
	many := make([]string, 800_000)
	for i := range many {
		many[i] = fmt.Sprintf("ip:10.%d.%d.%d", i>>16, i>>8&255, i&255)
	}
	v.Selection.Hosts = many
	if _, err := Marshal(v); err == nil || !strings.Contains(err.Error(), "selection.hosts: 800,000 hosts, more than a view selects (500,000)") {
		t.Errorf("Marshal of 800,000 hosts: %v", err)
	}
	// Fewer hosts with long names still pass the file's size.
	long := many[:400_000]
	for i := range long {
		long[i] = fmt.Sprintf("ip:2001:db8:aaaa:bbbb:cccc:dddd:%x:%x", i>>16, i&0xffff)
	}
	v.Selection.Hosts = long
	if _, err := Marshal(v); err == nil || !strings.Contains(err.Error(), "more than a view file may (16 MiB): it selects 400,000 hosts; select fewer") {
		t.Errorf("Marshal of 400,000 long names: %v", err)
	}
	// A file naming more hosts than a view selects is refused on reading
	// before any is looked up.
	var b strings.Builder
	b.WriteString(`{"threatmap_view": 1, "selection": {"hosts": [`)
	for i := range MaxSelectedHosts + 1 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `"#%d"`, i%10)
	}
	b.WriteString(`]}}`)
	if _, _, err := Parse([]byte(b.String())); err == nil || !strings.Contains(err.Error(), "500,001 hosts, more than a view selects") {
		t.Errorf("Parse of 500,001 hosts: %v", err)
	}
}

// BenchmarkStackRefs1M names a stack of 100,000 hosts among a million and
// finds them back, as Save view and Open view do.
func BenchmarkStackRefs1M(b *testing.B) {
	const n, k = 1_000_000, 100_000
	bl := threat.NewBuilder(n)
	for i := range n {
		bl.AddHost(threat.Host{ID: fmt.Sprintf("h%07d", i), IP: fmt.Sprintf("10.%d.%d.%d", i>>16, i>>8&255, i&255), Server: -1})
	}
	ds := bl.Build()
	stack := make([]int32, k)
	for j := range stack {
		stack[j] = int32(j * (n / k))
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		refs := HostRefs(ds, stack)
		if got, missing := HostIndices(ds, refs); len(got) != k || missing != nil {
			b.Fatalf("%d found, %d missing", len(got), len(missing))
		}
	}
}
