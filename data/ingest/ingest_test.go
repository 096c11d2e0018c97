package ingest

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"
	"unicode/utf8"

	"threatmap/data/threat"
)

// readCase is one input and what reading it must give. The same table
// seeds the fuzz targets.
type readCase struct {
	name                           string
	in                             string
	format                         Format // expected detected format ("" when unreadable)
	hosts, servers, links, skipped int
	err                            string // substring of Report.Err, "" for none
	warn                           string // substring of some warning
	skip                           string // substring of some skip reason
	check                          func(t *testing.T, d *threat.Dataset, r *Report)
}

const (
	fcHead = `{"type":"FeatureCollection","features":[`
	pt     = `{"type":"Feature","geometry":{"type":"Point","coordinates":[121.5,25.04]},"properties":{"id":"h-1","country":"TW"}}`
	srv    = `{"type":"Feature","geometry":{"type":"Point","coordinates":[110.35,20.02]},"properties":{"id":"c2-1","role":"control"}}`
)

var readCases = []readCase{
	{name: "feature collection", format: FormatGeoJSON, hosts: 1, servers: 1, links: 1,
		in: fcHead + srv + `,` + pt + `,{"type":"Feature","geometry":{"type":"LineString","coordinates":[[110.35,20.02],[121.5,25.04]]},"properties":{"server":"c2-1","host":"h-1","first_seen":"2008-01-02"}}]}`,
		check: func(t *testing.T, d *threat.Dataset, r *Report) {
			if d.Links.Server[0] != 0 || d.Links.Host[0] != 0 || d.Links.Derived[0] {
				t.Errorf("link not resolved: %+v", d.Links)
			}
			if d.Hosts.Server[0] != 0 {
				t.Errorf("host server %d, want 0 (from the link)", d.Hosts.Server[0])
			}
		}},
	{name: "bare feature", format: FormatGeoJSON, hosts: 1, in: pt},
	// Positions where lines belong: the same reason whichever reader took
	// the feature (the lexer's one-pass coordinates are a LineString's).
	{name: "multilinestring of positions", format: FormatGeoJSON, skipped: 1, skip: "coordinates are not an array", err: "no feature could be loaded",
		in: `{"type":"Feature","geometry":{"type":"MultiLineString","coordinates":[[1,2],[3,4]]}}`},
	{name: "bare linestring", format: FormatGeoJSON, links: 1,
		in: `{"type":"LineString","coordinates":[[110.35,20.02],[121.5,25.04]]}`,
		check: func(t *testing.T, d *threat.Dataset, r *Report) {
			if d.Links.Lon1[0] != 121.5 || d.Links.Lat1[0] != 25.04 {
				t.Errorf("link ends %v %v", d.Links.Lon1[0], d.Links.Lat1[0])
			}
		}},
	{name: "one-point multipoint with role link", format: FormatGeoJSON, hosts: 1,
		in:   `{"type":"Feature","geometry":{"type":"MultiPoint","coordinates":[[2.35,48.85]]},"properties":{"role":"link","country":"FR"}}`,
		warn: "role link on a MultiPoint, read as host"},
	{name: "bare geometry", format: FormatGeoJSON, hosts: 1, in: `{"type":"Point","coordinates":[2.35,48.85]}`,
		warn: "country derived from the location for 1 host",
		check: func(t *testing.T, d *threat.Dataset, r *Report) {
			if d.Country(0) != "FR" || d.Hosts.Recon[0]&threat.FieldCountry == 0 {
				t.Errorf("country %q recon %v, want FR derived", d.Country(0), d.Hosts.Recon[0])
			}
		}},
	{name: "byte order mark", format: FormatGeoJSON, hosts: 1, in: "\uFEFF" + fcHead + pt + `]}`},
	{name: "geojsonseq", format: FormatGeoJSONSeq, hosts: 2, in: pt + "\n" + strings.Replace(pt, "h-1", "h-2", 1) + "\n"},
	{name: "geojsonseq rs", format: FormatGeoJSONSeq, hosts: 2, servers: 1, links: 2,
		in: "\x1e" + srv + "\n\x1e" + strings.Replace(pt, `"TW"`, `"TW","server":"c2-1"`, 1) + "\n\x1e{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\n\"coordinates\":[1,2]},\"properties\":{\"server\":\"c2-1\"}}\n"},
	{name: "geojsonseq bad line", format: FormatGeoJSONSeq, hosts: 2, skipped: 1, skip: "line 2",
		in: pt + "\n{\"type\":\"Feature\",\"geometry\":{\n" + pt + "\n"},
	{name: "geojsonseq truncated", format: FormatGeoJSONSeq, hosts: 1, skipped: 1, skip: "truncated",
		in: pt + "\n" + pt[:40]},
	{name: "csv", format: FormatCSV, hosts: 2,
		in: "id,name,lat,lon,country,first_seen\nh-1,\"Embassy, of \"\"X\"\"\",25.04,121.5,Taiwan,1204329600\nh-2,b,10,20,,1204329600000\n",
		check: func(t *testing.T, d *threat.Dataset, r *Report) {
			if n := d.Str(d.Hosts.Name[0]); n != `Embassy, of "X"` {
				t.Errorf("name %q", n)
			}
			if d.Country(0) != "TW" || d.Hosts.First[0] != 1204329600 || d.Hosts.First[1] != 1204329600 {
				t.Errorf("country %q first %v", d.Country(0), d.Hosts.First)
			}
		}},
	{name: "csv semicolon decimal comma", format: FormatCSV, hosts: 1,
		in: "Latitude;Longitude;Organisation\r\n\"48,85\";\"2,35\";Quai d'Orsay\r\n",
		check: func(t *testing.T, d *threat.Dataset, r *Report) {
			if math.Abs(float64(d.Hosts.Lat[0])-48.85) > 1e-4 {
				t.Errorf("lat %v", d.Hosts.Lat[0])
			}
		}},
	{name: "csv tab roles", format: FormatCSV, hosts: 1, servers: 2, links: 1,
		in: "lat\tlng\tid\ttype\tserver\n1\t2\tc\tc2\t\n3\t4\td\tcommand\t\n5\t6\th\thost\tc\n",
		check: func(t *testing.T, d *threat.Dataset, r *Report) {
			if r.Control != 1 || r.Command != 1 || r.Derived != 1 {
				t.Errorf("control %d command %d derived %d", r.Control, r.Command, r.Derived)
			}
		}},
	{name: "csv quoted newline", format: FormatCSV, hosts: 2, in: "lat,lon,name\n1,2,\"a\nb\"\n3,4,c"},
	{name: "csv bad coordinates", format: FormatCSV, hosts: 1, skipped: 2, skip: "line 2: coordinates are not numbers",
		in: "lat,lon\nx,2\n1,2\n95,0\n"},
	{name: "csv without coordinates", err: "expected GeoJSON ('{'), GeoJSONSeq or CSV header", in: "a,b\n1,2\n"},
	{name: "aliases", format: FormatGeoJSON, hosts: 1, servers: 1, links: 1,
		in: fcHead + `{"type":"Feature","id":"f-9","geometry":{"type":"Point","coordinates":[105.8,21.0]},"properties":{"Organisation":"MoIT","ISO3":"VNM","Category":"Government","First-Seen":"2008-08-01T10:00:00+02:00","Last_Seen":"2009-03-12","conf":"H","C2":["c2-x","c2-1"],"provenance":"R p.44","extra":{"a":1}}},` + srv + `]}`,
		check: func(t *testing.T, d *threat.Dataset, r *Report) {
			h := &d.Hosts
			if d.Str(h.ID[0]) != "f-9" || d.Str(h.Name[0]) != "MoIT" || d.Country(0) != "VN" || d.Type(0) != "gov_other" {
				t.Errorf("id %q name %q country %q type %q", d.Str(h.ID[0]), d.Str(h.Name[0]), d.Country(0), d.Type(0))
			}
			if h.First[0] != 1217577600 || h.Confidence[0] != threat.ConfHigh || d.Str(h.Source[0]) != "R p.44" {
				t.Errorf("first %d conf %v source %q", h.First[0], h.Confidence[0], d.Str(h.Source[0]))
			}
			if h.Server[0] != 0 {
				t.Errorf("server %d: the second reference resolves", h.Server[0])
			}
			if p := d.Str(h.Props[0]); !strings.Contains(p, `"extra":{"a":1}`) || !strings.Contains(p, `"ISO3":"VNM"`) {
				t.Errorf("props %s", p)
			}
		},
		warn: `1 reference to server "c2-x", which is not in the data`},
	{name: "times", format: FormatGeoJSONSeq, hosts: 4, warn: "not a time",
		in: `{"type":"Point","coordinates":[0,0]}` + "\n" +
			`{"type":"Feature","geometry":{"type":"Point","coordinates":[0,1]},"properties":{"first_seen":"2008-13-45"}}` + "\n" +
			`{"type":"Feature","geometry":{"type":"Point","coordinates":[0,2]},"properties":{"first_seen":1204329600000}}` + "\n" +
			`{"type":"Feature","geometry":{"type":"Point","coordinates":[0,3]},"properties":{"first_seen":"2008-03-01"}}` + "\n",
		check: func(t *testing.T, d *threat.Dataset, r *Report) {
			if f := d.Hosts.First; f[1] != threat.NoTime || f[2] != 1204329600 || f[3] != 1204329600 {
				t.Errorf("first %v", f)
			}
		}},
	{name: "bad features", format: FormatGeoJSON, hosts: 1, skipped: 6, skip: "coordinates out of range",
		in: fcHead + pt +
			`,{"type":"Feature","geometry":{"type":"Point","coordinates":[181,0]},"properties":{"id":"h-7"}}` +
			`,{"type":"Feature","geometry":{"type":"Point","coordinates":["1","2"]}}` +
			`,{"type":"Feature","geometry":null}` +
			`,{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,1],[0,0]]]}}` +
			`,42,{"type":"Feature","geometry":{"type":"Point","coordinates":[1e999,0]}}]}`,
		check: func(t *testing.T, d *threat.Dataset, r *Report) {
			if s := r.Skipped[0]; s.Index != 1 || s.ID != "h-7" || s.String() != `feature 1 (id "h-7"): coordinates out of range (lon 181, lat 0)` {
				t.Errorf("first skip %+v", s)
			}
		}},
	{name: "truncated", format: FormatGeoJSON, hosts: 2, skipped: 1, warn: "input ends inside feature 2",
		skip: "the input ends inside it",
		in:   fcHead + pt + "," + pt + "," + pt[:50]},
	{name: "truncated after comma", format: FormatGeoJSON, hosts: 1, warn: "input ends inside the features array",
		in: fcHead + pt + ",\n"},
	{name: "syntax error mid-array", format: FormatGeoJSON, hosts: 2, skipped: 1, skip: "feature 1: bytes 156-162 (line 1): invalid JSON: mismatched ']' at byte 5",
		in: fcHead + pt + `,{"a":]}` + "," + pt + "]}"},
	{name: "deep nesting", format: FormatGeoJSON, hosts: 1, skipped: 1, skip: "nesting deeper than 64",
		in: fcHead + pt + `,{"type":"Feature","properties":{"x":` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `}}]}`},
	{name: "deep top level", format: FormatGeoJSON, err: "no feature could be loaded", in: strings.Repeat("[", 100000)},
	{name: "invalid utf-8", format: FormatGeoJSON, hosts: 1,
		in: fcHead + `{"type":"Feature","geometry":{"type":"Point","coordinates":[0,0]},"properties":{"name":"a` + "\xff\xfe" + `b"}}]}`,
		check: func(t *testing.T, d *threat.Dataset, r *Report) {
			if n := d.Str(d.Hosts.Name[0]); n != "a\uFFFD\uFFFDb" && n != "a\uFFFDb" {
				t.Errorf("name %q", n)
			}
		}},
	{name: "invalid utf-8 type", format: FormatGeoJSON, hosts: 2,
		in: fcHead + `{"type":"Feature","geometry":{"type":"Point","coordinates":[0,0]},"properties":{"target_type":"emb` + "\xff" + `assy"}},` +
			`{"type":"Feature","geometry":{"type":"Point","coordinates":[1,1]},"properties":{"target_type":"emb` + "\xff" + `assy"}}]}`,
		check: func(t *testing.T, d *threat.Dataset, r *Report) {
			if ty := d.Types[d.Hosts.Type[0]]; ty != "emb\uFFFDassy" {
				t.Errorf("type %q", ty)
			}
			// One type for both hosts: the raw spelling must find the
			// cleaned one (it made a new type per host).
			if a, b := d.Hosts.Type[0], d.Hosts.Type[1]; a != b {
				t.Errorf("the same type has two codes, %d and %d (types %q)", a, b, d.Types)
			}
		}},
	{name: "crs 3857", format: FormatGeoJSON, hosts: 1, warn: "reprojected",
		in: `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::3857"}},"features":[{"type":"Feature","geometry":{"type":"Point","coordinates":[261845.7,6250566.7]}}]}`,
		check: func(t *testing.T, d *threat.Dataset, r *Report) {
			if lon, lat := d.Hosts.Lon[0], d.Hosts.Lat[0]; math.Abs(float64(lon)-2.3522) > 1e-3 || math.Abs(float64(lat)-48.8566) > 1e-3 {
				t.Errorf("lon %v lat %v, want Paris", lon, lat)
			}
		}},
	{name: "crs 4326", format: FormatGeoJSON, hosts: 1,
		in: `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:OGC:1.3:CRS84"}},"features":[` + pt + `]}`},
	{name: "crs unsupported", format: FormatGeoJSON, err: "unsupported crs EPSG:27700",
		in: `{"type":"FeatureCollection","crs":{"type":"EPSG","properties":{"code":27700}},"features":[` + pt + `]}`},
	{name: "crs late", format: FormatGeoJSON, err: "comes after the features",
		in: fcHead + pt + `],"crs":{"type":"name","properties":{"name":"EPSG:3857"}}}`},
	{name: "zip file", err: `ingest: input is a zip archive; extract it and open the .geojson or .csv inside`,
		in: "PK\x03\x04\x14\x00\x00\x00"},
	{name: "empty", err: "empty input", in: ""},
	{name: "empty collection", format: FormatGeoJSON, err: "no features", in: fcHead + `]}`},
	{name: "not an object", format: FormatGeoJSON, err: "expected a member name", in: `{1}`},
	{name: "derived links", format: FormatGeoJSON, hosts: 2, servers: 2, links: 3,
		in: fcHead + srv + `,` + strings.Replace(srv, "c2-1", "c2-2", 1) +
			`,{"type":"Feature","geometry":{"type":"Point","coordinates":[1,1]},"properties":{"server":["c2-1","c2-2"]}}` +
			`,{"type":"Feature","geometry":{"type":"Point","coordinates":[2,2]},"properties":{"server":"c2-2"}}]}`,
		check: func(t *testing.T, d *threat.Dataset, r *Report) {
			if r.Derived != 3 || d.Hosts.Server[0] != 0 || d.Hosts.Server[1] != 1 || !d.Links.Derived[2] || d.Links.Feature[0] != -1 {
				t.Errorf("derived %d servers %v links %+v", r.Derived, d.Hosts.Server, d.Links)
			}
		}},
	{name: "links by coordinates", format: FormatGeoJSON, hosts: 1, servers: 1, links: 1,
		in: fcHead + srv + "," + pt + `,{"type":"Feature","geometry":{"type":"MultiLineString","coordinates":[[[110.35,20.02],[115,22]],[[115,22],[121.5,25.04]]]}}]}`,
		check: func(t *testing.T, d *threat.Dataset, r *Report) {
			if d.Links.Server[0] != 0 || d.Links.Host[0] != 0 {
				t.Errorf("link %+v", d.Links)
			}
		}},
	{name: "metadata and roles", format: FormatGeoJSON, hosts: 1, servers: 2,
		in: `{"type":"FeatureCollection","metadata":{"title":"T","sources":["R"],"caveat":"C","reconstructed":true},"features":[` +
			strings.Replace(srv, `"role":"control"`, `"kind":"Command Server"`, 1) + "," +
			strings.Replace(strings.Replace(srv, `"role":"control"`, `"type":"c2"`, 1), "c2-1", "c2-2", 1) + "," + pt + `]}`,
		check: func(t *testing.T, d *threat.Dataset, r *Report) {
			if d.Meta.Title != "T" || d.Meta.Caveat != "C" || !d.Meta.Reconstructed || len(d.Meta.Sources) != 1 {
				t.Errorf("meta %+v", d.Meta)
			}
			if d.Servers[0].Role != threat.RoleCommand || d.Servers[1].Role != threat.RoleControl {
				t.Errorf("roles %v %v", d.Servers[0].Role, d.Servers[1].Role)
			}
		}},
	{name: "duplicate servers", format: FormatGeoJSON, hosts: 0, servers: 1, warn: `duplicate server id (the first server is kept): 1 feature (feature 1 (id "c2-1"))`,
		in: fcHead + srv + "," + srv + `]}`},
	{name: "first_seen after last_seen", format: FormatGeoJSONSeq, hosts: 3,
		in: strings.Replace(pt, `"TW"`, `"TW","first_seen":"2008-05-02","last_seen":"2008-05-01"`, 1) + "\n" +
			strings.Replace(pt, `"TW"`, `"TW","first_seen":"2008-05-01T10:00:00Z","last_seen":"2008-05-01"`, 1) + "\n" +
			strings.Replace(pt, `"h-1"`, `"h-3"`, 1) + "\n",
		warn: `first_seen after last_seen: 1 feature (feature 0 (id "h-1"))`},
	{name: "duplicate host ids", format: FormatGeoJSONSeq, hosts: 4,
		in:   pt + "\n" + strings.Replace(pt, "h-1", "h-2", 1) + "\n" + pt + "\n" + pt + "\n",
		warn: `duplicate host id (links by id go to the first host): 2 features (feature 2 (id "h-1"), feature 3 (id "h-1"))`},
	{name: "a server named twice", format: FormatGeoJSON, hosts: 2, servers: 1, links: 2,
		in: fcHead + srv + `,` + strings.Replace(pt, `"TW"`, `"TW","server":["c2-1"," c2-1"]`, 1) + `,` +
			strings.Replace(pt, `"h-1","country":"TW"`, `"h-2","server":"c2-1"`, 1) + `]}`,
		warn: `the same server named twice by a host: 1 feature (feature 1 (id "h-1"))`},
	{name: "trailing garbage", format: FormatGeoJSON, hosts: 1, warn: "data after the end",
		in: fcHead + pt + `]} xyz`},
	{name: "utf-16", err: "UTF-16", in: "\xff\xfe{\x00"},
	// Issue 15: an extra '}' inside a feature. Loading it would drop its
	// role (a server read as a host): it is skipped whole.
	{name: "feature closed early", format: FormatGeoJSON, hosts: 1, servers: 1, skipped: 1,
		skip: "feature 1: bytes 160-287 (line 1): invalid JSON: its object closes at byte 268",
		in: fcHead + srv + `,{"type":"Feature","properties":{"id":"h1","server":"c2-1"},"geometry":{"type":"Point","coordinates":[10,50]}},"role":"command"}},` +
			strings.Replace(pt, "h-1", "h-2", 1) + `]}`,
		check: func(t *testing.T, d *threat.Dataset, r *Report) {
			if id := d.Str(d.Hosts.ID[0]); id != "h-2" {
				t.Errorf("host %q loaded, want only h-2", id)
			}
		}},
	// Garbage before feature 1 is no feature: the bad one after it is
	// feature 2, not 3.
	{name: "index after garbage", format: FormatGeoJSON, hosts: 1, servers: 1, skipped: 1,
		skip: `feature 2 (id "h-7"): coordinates out of range`, warn: "bytes 156-162 (line 1): invalid JSON between features",
		in: fcHead + pt + `,garbage ` + srv + `,{"type":"Feature","geometry":{"type":"Point","coordinates":[181,0]},"properties":{"id":"h-7"}}]}`},
	// Two features with nothing between them: both load.
	{name: "feature after feature", format: FormatGeoJSONSeq, hosts: 1, servers: 1, warn: "line 1 holds 2 JSON values one after another",
		in: pt + srv},
	{name: "two features on a seq line", format: FormatGeoJSONSeq, hosts: 2, servers: 1, warn: "line 2 holds 2 JSON values one after another",
		in: pt + "\n" + strings.Replace(pt, "h-1", "h-2", 1) + " " + srv + "\n"},
	// GeoJSONSeq is told by its lines, not by line 2 alone; bad lines
	// cost themselves only.
	{name: "seq bad second line", format: FormatGeoJSONSeq, hosts: 3, skipped: 1, skip: "feature 1: line 2:",
		in: pt + "\nxx" + pt + "\n" + pt + "\n" + pt + "\n"},
	{name: "seq comment first line", format: FormatGeoJSONSeq, hosts: 2, skipped: 1, skip: "feature 0: line 1:",
		in: "# exported\n" + pt + "\n" + strings.Replace(pt, "h-1", "h-2", 1) + "\n"},
	{name: "seq garbage first line", format: FormatGeoJSONSeq, hosts: 2, skipped: 1, skip: "feature 0: line 1:",
		in: "garbage\n" + pt + "\n" + strings.Replace(pt, "h-1", "h-2", 1) + "\n"},
	{name: "seq after an empty collection", format: FormatGeoJSONSeq, hosts: 2, warn: "line 1: an empty FeatureCollection before one feature per line",
		in: fcHead + "]}\n" + pt + "\n" + strings.Replace(pt, "h-1", "h-2", 1) + "\n"},
	{name: "seq second byte-order mark", format: FormatGeoJSONSeq, hosts: 2, warn: "line 2: a byte-order mark inside the file",
		in: "\uFEFF" + pt + "\n\uFEFF" + strings.Replace(pt, "h-1", "h-2", 1) + "\n"},
	// Pretty-printed features one after another, no RS: whole values.
	{name: "seq pretty", format: FormatGeoJSONSeq, hosts: 2, servers: 1, warn: "features across several lines with no RS",
		in: strings.ReplaceAll(pt+"\n"+srv+"\n"+strings.Replace(pt, "h-1", "h-2", 1)+"\n", ",", ",\n  ")},
	{name: "seq pretty broken", format: FormatGeoJSONSeq, hosts: 2, skipped: 1, skip: "feature 1: bytes",
		in: strings.ReplaceAll(pt+"\n"+srv[:60]+"\n"+strings.Replace(pt, "h-1", "h-2", 1)+"\n", ",", ",\n  ")},
	// Skips from the bytes of a collection say where they are.
	{name: "not an object has bytes", format: FormatGeoJSON, hosts: 1, skipped: 1, skip: `feature 1: bytes 156-157: not a JSON object (found "42")`,
		in: fcHead + pt + `,42]}`},
	{name: "invalid JSON has bytes", format: FormatGeoJSON, hosts: 1, skipped: 1,
		skip: `feature 1: bytes 156-225: invalid JSON at byte 62 of the feature: invalid character 'a' after array element (byte 218 of the file)`,
		in:   fcHead + pt + `,{"type":"Feature","geometry":{"type":"Point","coordinates":[50abc,7]}}]}`},
	{name: "seq invalid JSON has its file byte", format: FormatGeoJSONSeq, hosts: 2, skipped: 1,
		skip: `feature 1: line 2: invalid JSON at byte 62 of the feature: invalid character 'a' after array element (byte 178 of the file)`,
		in:   pt + "\n" + `{"type":"Feature","geometry":{"type":"Point","coordinates":[50abc,7]}}` + "\n" + strings.Replace(pt, "h-1", "h-2", 1) + "\n"},
	{name: "stray bracket first", format: FormatGeoJSON, hosts: 2, warn: "stray ']' at line 1, byte 40",
		in: fcHead + `],` + pt + `,` + strings.Replace(pt, "h-1", "h-2", 1) + `]}`},
	{name: "stray bracket own line", format: FormatGeoJSON, hosts: 2, servers: 1, warn: "stray ']' at line 4, byte",
		in: fcHead + "\n" + pt + ",\n" + srv + "\n],\n" + strings.Replace(pt, "h-1", "h-2", 1) + "\n]}\n"},
	{name: "stray open bracket", format: FormatGeoJSON, hosts: 2, servers: 1, warn: "stray '[' at line 1, byte 156 before a feature",
		in: fcHead + pt + `,[` + srv + `,` + strings.Replace(pt, "h-1", "h-2", 1) + `]}`},
}

// check verifies invariants that hold for any input.
func checkInvariants(t *testing.T, d *threat.Dataset, r *Report) {
	t.Helper()
	if d == nil || r == nil {
		t.Fatal("nil result")
	}
	h := &d.Hosts
	n := h.Len()
	for _, c := range [][]int{{len(h.Lat), len(h.First), len(h.Last), len(h.Country), len(h.Type), len(h.Server), len(h.Confidence), len(h.Recon), len(h.ID), len(h.Name), len(h.IP), len(h.Source), len(h.Props), len(h.Feature)}} {
		for _, m := range c {
			if m != n {
				t.Fatalf("host columns differ in length: %d vs %d", m, n)
			}
		}
	}
	if r.Err == nil && r.Hosts != n && len(d.Meta.Files) == 1 {
		t.Errorf("report hosts %d, dataset %d", r.Hosts, n)
	}
	if (r.Err == nil) != (r.Loaded() > 0) {
		t.Errorf("Err %v with %d loaded", r.Err, r.Loaded())
	}
	for i := range n {
		if !(h.Lon[i] >= -180 && h.Lon[i] <= 180 && h.Lat[i] >= -90 && h.Lat[i] <= 90) {
			t.Errorf("host %d at %v,%v", i, h.Lon[i], h.Lat[i])
		}
		if int(h.Country[i]) >= len(d.Countries) || int(h.Type[i]) >= len(d.Types) || int(h.Server[i]) >= len(d.Servers) {
			t.Errorf("host %d codes out of range", i)
		}
		for _, ref := range []threat.Ref{h.ID[i], h.Name[i], h.IP[i], h.Source[i]} {
			if s := d.Str(ref); !utf8.ValidString(s) {
				t.Errorf("host %d: invalid UTF-8 %q", i, s)
			}
			if int(ref.Off)+int(ref.Len) > len(d.Text) {
				t.Errorf("host %d: ref out of the arena", i)
			}
		}
	}
	seen := map[string]bool{}
	for _, ty := range d.Types {
		if !utf8.ValidString(ty) {
			t.Errorf("target type: invalid UTF-8 %q", ty)
		}
		if seen[ty] {
			t.Errorf("target type %q listed twice", ty)
		}
		seen[ty] = true
	}
	l := &d.Links
	for i := range l.Len() {
		if int(l.Server[i]) >= len(d.Servers) || int(l.Host[i]) >= n {
			t.Errorf("link %d: bad index", i)
		}
	}
	if r.SkippedCount < len(r.Skipped) || r.WarningCount < len(r.Warnings) || len(r.Skipped)+len(r.Warnings) > MaxIssues*len(r.kept) {
		t.Errorf("issue counts %d/%d %d/%d", len(r.Skipped), r.SkippedCount, len(r.Warnings), r.WarningCount)
	}
	for _, is := range append(r.Skipped, r.Warnings...) {
		if is.Reason == "" || !utf8.ValidString(is.Reason) || len(is.Reason) > 600 {
			t.Errorf("bad issue %+v", is)
		}
	}
}

func TestRead(t *testing.T) {
	for _, c := range readCases {
		t.Run(c.name, func(t *testing.T) {
			d, r := Read(context.Background(), strings.NewReader(c.in), int64(len(c.in)), Options{})
			checkInvariants(t, d, r)
			if c.err != "" {
				if r.Err == nil || !strings.Contains(r.Err.Error(), c.err) {
					t.Fatalf("err %v, want %q", r.Err, c.err)
				}
			} else if r.Err != nil {
				t.Fatalf("err %v", r.Err)
			}
			if r.Format != c.format {
				t.Errorf("format %q, want %q", r.Format, c.format)
			}
			if c.err == "" && (r.Hosts != c.hosts || r.Servers != c.servers || r.Links != c.links || r.SkippedCount != c.skipped) {
				t.Errorf("hosts %d servers %d links %d skipped %d, want %d %d %d %d\nskipped %v\nwarnings %v",
					r.Hosts, r.Servers, r.Links, r.SkippedCount, c.hosts, c.servers, c.links, c.skipped, r.Skipped, r.Warnings)
			}
			if c.warn != "" && !hasIssue(r.Warnings, c.warn) {
				t.Errorf("no warning with %q in %v", c.warn, r.Warnings)
			}
			if c.skip != "" && !hasIssue(r.Skipped, c.skip) {
				t.Errorf("no skip with %q in %v", c.skip, r.Skipped)
			}
			if c.check != nil && !t.Failed() {
				c.check(t, d, r)
			}
		})
	}
}

func hasIssue(is []Issue, sub string) bool {
	for _, x := range is {
		if strings.Contains(x.String(), sub) {
			return true
		}
	}
	return false
}

// TestAcrossFiles loads hosts from one file and links from another.
func TestAcrossFiles(t *testing.T) {
	dir := t.TempDir()
	hosts := writeTemp(t, dir, "hosts.csv", "id,lat,lon,server\nh-1,25.04,121.5,c2-1\nh-2,10,10,\n")
	links := writeTemp(t, dir, "links.geojson", fcHead+srv+`,{"type":"Feature","geometry":{"type":"LineString","coordinates":[[0,0],[1,1]]},"properties":{"server":"c2-1","host":"h-2"}}]}`)
	d, reps := LoadFiles(context.Background(), []string{hosts, links, dir + "/missing.csv"}, Options{})
	if reps[0].Err != nil || reps[1].Err != nil || reps[2].Err == nil {
		t.Fatalf("errors %v %v %v", reps[0].Err, reps[1].Err, reps[2].Err)
	}
	if d.Links.Len() != 2 || d.Links.Host[0] != 1 || d.Links.Server[0] != 0 || !d.Links.Derived[1] || d.Links.Host[1] != 0 {
		t.Errorf("links %+v", d.Links)
	}
	if reps[0].Derived != 1 || reps[1].Links != 1 || len(d.Meta.Files) != 2 {
		t.Errorf("reports %+v %+v files %v", reps[0], reps[1], d.Meta.Files)
	}
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	in := fcHead + strings.Repeat(pt+",", 20000) + pt + "]}"
	d, r := Read(ctx, strings.NewReader(in), 0, Options{})
	if r.Err == nil || !strings.Contains(r.Err.Error(), "canceled") || d.Hosts.Len() != 0 {
		t.Errorf("err %v hosts %d", r.Err, d.Hosts.Len())
	}
}

// TestHugeFeature streams a feature larger than maxFeature without
// buffering it: it is skipped and the next one loads.
func TestHugeFeature(t *testing.T) {
	if testing.Short() {
		t.Skip("streams 65 MiB")
	}
	head := fcHead + `{"type":"Feature","properties":{"name":"`
	tail := `"}},` + pt + `]}`
	r := &repeatReader{head: head, n: maxFeature + 1<<20, tail: tail}
	d, rep := Read(context.Background(), r, 0, Options{})
	checkInvariants(t, d, rep)
	if rep.Hosts != 1 || rep.SkippedCount != 1 || !strings.Contains(rep.Skipped[0].Reason, "larger than 64 MiB") {
		t.Errorf("hosts %d skipped %v", rep.Hosts, rep.Skipped)
	}
}

// TestHugeUnclosed: a feature that never ends (a string left open to the
// end of a stream past maxFeature) is reported at the byte where it
// starts, not where its kept bytes had moved to.
func TestHugeUnclosed(t *testing.T) {
	if testing.Short() {
		t.Skip("streams 65 MiB")
	}
	head := fcHead + pt + `,{"type":"Feature","properties":{"name":"`
	r := &repeatReader{head: head, n: maxFeature + 1<<20}
	d, rep := Read(context.Background(), r, 0, Options{})
	checkInvariants(t, d, rep)
	want := "feature 1: the feature starting at line 1, byte 156: the input ends inside it"
	if rep.Hosts != 1 || rep.SkippedCount != 1 || !hasIssue(rep.Skipped, want) {
		t.Errorf("hosts %d skipped %v, want %q", rep.Hosts, rep.Skipped, want)
	}
}

// repeatReader yields head, n bytes of 'a', then tail.
// TestHugeSeqLine: a GeoJSONSeq line past maxFeature is skipped whole
// (by its line), however far past: one of 64-128 MiB was read as a
// feature, its buffer doubled to 128 MiB first (80 MiB: 515 MB peak RSS).
func TestHugeSeqLine(t *testing.T) {
	if testing.Short() {
		t.Skip("streams 72 MiB")
	}
	head := pt + "\n" + `{"type":"Feature","properties":{"name":"`
	tail := `"}}` + "\n" + srv + "\n"
	r := &repeatReader{head: head, n: maxFeature + 8<<20, tail: tail}
	d, rep := Read(context.Background(), r, 0, Options{Name: "x.geojsonl"})
	checkInvariants(t, d, rep)
	if rep.Hosts != 1 || rep.Servers != 1 || rep.SkippedCount != 1 || !strings.Contains(rep.Skipped[0].Reason, "line 2: feature larger than 64 MiB") {
		t.Errorf("hosts %d servers %d skipped %v", rep.Hosts, rep.Servers, rep.Skipped)
	}
}

type repeatReader struct {
	head string
	n    int
	tail string
	pos  int
}

func (r *repeatReader) Read(p []byte) (int, error) {
	total := len(r.head) + r.n + len(r.tail)
	if r.pos >= total {
		return 0, ioEOF
	}
	k := 0
	for k < len(p) && r.pos < total {
		switch {
		case r.pos < len(r.head):
			p[k] = r.head[r.pos]
		case r.pos < len(r.head)+r.n:
			p[k] = 'a'
		default:
			p[k] = r.tail[r.pos-len(r.head)-r.n]
		}
		k++
		r.pos++
	}
	return k, nil
}

// TestProgress checks that progress ends at the input size.
func TestProgress(t *testing.T) {
	in := fcHead + strings.Repeat(pt+",", 30000) + pt + "]}"
	var last, calls int64
	Read(context.Background(), strings.NewReader(in), int64(len(in)), Options{Progress: func(read, total int64) {
		calls++
		if read < last || total != int64(len(in)) {
			t.Errorf("progress %d/%d after %d", read, total, last)
		}
		last = read
	}})
	if last != int64(len(in)) || calls < 2 {
		t.Errorf("last %d of %d, %d calls", last, len(in), calls)
	}
}

func TestDefault(t *testing.T) {
	d, r := Default()
	checkInvariants(t, d, r)
	if r.Format != FormatGeoJSON || r.File != DefaultName {
		t.Errorf("report %+v", r)
	}
}

func TestTimeOf(t *testing.T) {
	for s, want := range map[string]int64{
		"2008-03-01": 1204329600, "2008-03-01T00:00:00Z": 1204329600, "2008-03-01T02:00:00+02:00": 1204329600,
		"2008-03-01 00:00:00": 1204329600, "2008-03-01T00:00:00.123Z": 1204329600, "1204329600": 1204329600,
		"1204329600000": 1204329600, "1969-12-31": -86400, "2000-02-29": 951782400,
	} {
		if got, ok := timeOf(s); !ok || got != want {
			t.Errorf("timeOf(%q) = %d %v, want %d", s, got, ok, want)
		}
	}
	for _, s := range []string{"", "2001-02-29", "yesterday", "2008-03-01T25:00:00Z", "NaN"} {
		if got, ok := timeOf(s); ok {
			t.Errorf("timeOf(%q) = %d, want failure", s, got)
		}
	}
}

// TestRefsInHalves resolves references in a file long enough that finish
// splits hosts and links into halves on two goroutines: links in reverse
// host order (no hint holds), by id and by end point, to known and unknown
// servers, and hosts taking their link's server.
func TestRefsInHalves(t *testing.T) {
	const n = 20000
	pos := func(i int) (float64, float64) { return float64(i%300)/2 - 75, float64(i/300)/2 - 40 }
	var b strings.Builder
	b.WriteString(fcHead)
	b.WriteString(`{"type":"Feature","geometry":{"type":"Point","coordinates":[10,10]},"properties":{"id":"a","role":"control"}},`)
	b.WriteString(`{"type":"Feature","geometry":{"type":"Point","coordinates":[20,20]},"properties":{"id":"b","role":"command"}}`)
	hostRef := []string{`,"server":"a"`, ``, `,"server":"zz"`}
	for i := range n {
		x, y := pos(i)
		fmt.Fprintf(&b, `,{"type":"Feature","geometry":{"type":"Point","coordinates":[%g,%g]},"properties":{"id":"h-%d"%s}}`, x, y, i, hostRef[i%3])
	}
	// Link k: to host n-1-k; its server by id b, by an unknown id and then
	// its start (a), by its start alone (b), by id a.
	linkSrv := []struct {
		ref    string
		x0, y0 float64
		want   int32
	}{{`"server":"b",`, 20, 20, 1}, {`"server":"nope",`, 10, 10, 0}, {``, 20, 20, 1}, {`"server":"a",`, 0, 0, 0}}
	for k := range n {
		j := n - 1 - k
		x, y := pos(j)
		s := linkSrv[k%4]
		host := fmt.Sprintf(`"host":"h-%d"`, j)
		if k%5 == 0 {
			host = `"host":"unknown"` // found by its end point
		}
		fmt.Fprintf(&b, `,{"type":"Feature","geometry":{"type":"LineString","coordinates":[[%g,%g],[%g,%g]]},"properties":{%s%s}}`, s.x0, s.y0, x, y, s.ref, host)
	}
	b.WriteString("]}")
	d, r := Read(context.Background(), strings.NewReader(b.String()), 0, Options{})
	if r.Err != nil || r.Hosts != n || r.Links != n || r.Servers != 2 {
		t.Fatalf("err %v, %d hosts %d links %d servers", r.Err, r.Hosts, r.Links, r.Servers)
	}
	lk, h := &d.Links, &d.Hosts
	for k := range n {
		j := n - 1 - k
		if lk.Host[k] != int32(j) || lk.Server[k] != linkSrv[k%4].want {
			t.Fatalf("link %d: host %d server %d, want %d %d", k, lk.Host[k], lk.Server[k], j, linkSrv[k%4].want)
		}
		want := linkSrv[k%4].want
		if j%3 == 0 {
			want = 0 // its own reference wins
		}
		if h.Server[j] != want {
			t.Fatalf("host %d: server %d, want %d", j, h.Server[j], want)
		}
	}
	var msgs []string
	for _, w := range r.Warnings {
		msgs = append(msgs, w.Reason)
	}
	all := strings.Join(msgs, "\n")
	for _, want := range []string{
		fmt.Sprintf(`%d references to server "nope", which is not in the data`, n/4),
		fmt.Sprintf(`%d references to server "zz", which is not in the data`, n/3),
	} {
		if !strings.Contains(all, want) {
			t.Errorf("warnings lack %q:\n%s", want, all)
		}
	}
	if strings.Contains(all, "no server") || strings.Contains(all, "no host") {
		t.Errorf("unresolved links:\n%s", all)
	}
}

// TestTooManyTypes reads a feed whose target type is a free string per
// host, more of them than the uint16 type codes hold: the codes fill up to
// the last, which every later type shares, with a warning, rather than
// wrapping around onto other types.
func TestTooManyTypes(t *testing.T) {
	const n = maxTypes + 3000
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, `{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{"target_type":"t%d","country":"NG"}}`+"\n", i)
	}
	d, r := Read(context.Background(), strings.NewReader(b.String()), int64(b.Len()), Options{})
	checkInvariants(t, d, r)
	if r.Err != nil || r.Hosts != n {
		t.Fatalf("hosts %d of %d, err %v", r.Hosts, n, r.Err)
	}
	if len(d.Types) != maxTypes {
		t.Errorf("%d types, want %d", len(d.Types), maxTypes)
	}
	for _, i := range []int{0, 1, maxTypes - 3} { // "unknown" is code 0
		if got, want := d.Types[d.Hosts.Type[i]], fmt.Sprintf("t%d", i); got != want {
			t.Errorf("host %d: type %q, want %q", i, got, want)
		}
	}
	for _, i := range []int{maxTypes - 2, n - 1} {
		if got := d.Types[d.Hosts.Type[i]]; got != otherTypes {
			t.Errorf("host %d: type %q, want %q", i, got, otherTypes)
		}
	}
	if !hasIssue(r.Warnings, "3002 hosts read as") {
		t.Errorf("no warning of the hosts read as other types: %v", r.Warnings)
	}
}
