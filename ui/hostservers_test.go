package ui

import (
	"strings"
	"testing"

	"threatmap/ui/render"
)

// twoServerFeed has a host that names two servers and one that names one.
const twoServerFeed = `{"type":"FeatureCollection","features":[
{"type":"Feature","geometry":{"type":"Point","coordinates":[121.5,25.03]},"properties":{"id":"a","name":"Ministry A","country":"TW","target_type":"mfa","first_seen":"2008-01-02","server":["c1","c2"]}},
{"type":"Feature","geometry":{"type":"Point","coordinates":[2.35,48.85]},"properties":{"id":"b","country":"FR","target_type":"embassy","first_seen":"2008-02-03","server":"c1"}},
{"type":"Feature","geometry":{"type":"Point","coordinates":[110.3,20.0]},"properties":{"id":"c1","role":"control","network":"NET-ONE"}},
{"type":"Feature","geometry":{"type":"Point","coordinates":[113.3,23.1]},"properties":{"id":"c2","role":"command","network":"NET-TWO"}}]}`

// TestHostWithTwoServers: the tooltip and the details of a host that
// reports to two servers name both, with the count; a host with one names it.
func TestHostWithTwoServers(t *testing.T) {
	u, _ := newTestApp(t)
	u.open([]string{writeFile(t, "two.geojson", twoServerFeed)})
	if u.ds.Hosts.Len() != 2 || len(u.ds.Servers) != 2 {
		t.Fatalf("loaded %d hosts, %d servers", u.ds.Hosts.Len(), len(u.ds.Servers))
	}
	host := func(id string) int {
		for i := range u.ds.Hosts.Len() {
			if u.ds.Str(u.ds.Hosts.ID[i]) == id {
				return i
			}
		}
		t.Fatalf("no host %q", id)
		return -1
	}
	for _, tc := range []struct {
		id, count string
		want      []string
		not       string
	}{
		{id: "a", count: "C2: 2 servers", want: []string{"Control: c1", "Command: c2"}},
		{id: "b", count: "C2: Control: c1", want: []string{"Control: c1"}, not: "c2"},
	} {
		i := host(tc.id)
		tip := strings.Join(u.tipLines(render.Item{Kind: render.KindHost, Index: i}), "\n")
		u.selectItem(render.Item{Kind: render.KindHost, Index: i}, false)
		row := ""
		for _, r := range u.details.Rows() {
			if r[0] == "server" {
				row = r[1]
			}
		}
		if !strings.Contains(tip, tc.count) {
			t.Errorf("host %s: tooltip lacks %q:\n%s", tc.id, tc.count, tip)
		}
		for _, w := range tc.want {
			if !strings.Contains(tip, w) {
				t.Errorf("host %s: tooltip lacks %q:\n%s", tc.id, w, tip)
			}
			if !strings.Contains(row, w) {
				t.Errorf("host %s: details server row %q lacks %q", tc.id, row, w)
			}
		}
		if tc.not != "" && (strings.Contains(tip, tc.not) || strings.Contains(row, tc.not)) {
			t.Errorf("host %s names %q: tooltip %q, row %q", tc.id, tc.not, tip, row)
		}
	}
}
