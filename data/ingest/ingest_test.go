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
	{name: "link provenance", format: FormatGeoJSON, hosts: 3, servers: 1, links: 5, warn: "unknown confidence",
		in: linkProvenance, check: checkLinkProvenance},
	{name: "unknown reconstructed field", format: FormatGeoJSON, hosts: 1,
		in:   fcHead + `{"type":"Feature","geometry":{"type":"Point","coordinates":[121.5,25.04]},"properties":{"id":"h-1","country":"TW","reconstructed":["position","bogus",3]}}]}`,
		warn: `feature 0 (id "h-1"): unknown reconstructed field "bogus", ignored`,
		check: func(t *testing.T, d *threat.Dataset, r *Report) {
			if d.Hosts.Recon[0] != threat.FieldLocation || d.Str(d.Hosts.Props[0]) != `{"reconstructed":["position","bogus",3]}` {
				t.Errorf("Recon %v, Props %s; want coordinates, the member kept", d.Hosts.Recon[0].Names(), d.Str(d.Hosts.Props[0]))
			}
		}},
	{name: "csv reconstructed list", format: FormatCSV, hosts: 2, warn: `feature 1 (id "h-2"): unknown reconstructed field "place", ignored`,
		in: "lat,lon,id,country,reconstructed\n25.04,121.5,h-1,TW,\"coordinates, country;first_seen\"\n25.04,121.5,h-2,TW,place\n",
		check: func(t *testing.T, d *threat.Dataset, r *Report) {
			if got := d.Hosts.Recon[0].Names(); strings.Join(got, ",") != "coordinates,country,first_seen" || d.Hosts.Recon[1] != 0 {
				t.Errorf("Recon %v and %v, want coordinates,country,first_seen and none", got, d.Hosts.Recon[1].Names())
			}
		}},
	{name: "reported countries", format: FormatGeoJSON, hosts: 1,
		in:   `{"type":"FeatureCollection","metadata":{"reported_countries":["TW","th"," UK","XX",7,"TW"]},"features":[` + pt + `]}`,
		warn: `metadata reported_countries: 2 values ignored (not a country code): "XX", 7`,
		check: func(t *testing.T, d *threat.Dataset, r *Report) {
			if got := strings.Join(d.Meta.ReportedCountries, " "); got != "TW TH GB" {
				t.Errorf("reported countries %q, want \"TW TH GB\"", got)
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
	// Issue 15: a quote that never closes costs its own row, not the rest
	// of the file.
	{name: "csv unterminated quote", format: FormatCSV, hosts: 3, skipped: 1, skip: "line 3: unterminated quote",
		in: "id,lat,lon,name\na,50,10,x\nb,50,10,\"Acme, Inc\nc,48.8,2.3,y\nd,40,-3,z\n",
		check: func(t *testing.T, d *threat.Dataset, r *Report) {
			if d.Str(d.Hosts.ID[1]) != "c" || d.Str(d.Hosts.Name[2]) != "z" {
				t.Errorf("ids %q %q, name %q", d.Str(d.Hosts.ID[0]), d.Str(d.Hosts.ID[1]), d.Str(d.Hosts.Name[2]))
			}
		}},
	{name: "csv quote closing into another width", format: FormatCSV, hosts: 2, skipped: 1, skip: "line 2: unterminated quote",
		in: "lat,lon,name\n1,2,\"a\n3,4,b\",x\n5,6,c\n"},
	{name: "csv quote open past 64 lines", format: FormatCSV, hosts: 100, skipped: 1, skip: "line 2: unterminated quote",
		in: "lat,lon,name\n1,2,\"a\n" + strings.Repeat("3,4,b\n", 99) + "5,6,\"c\"\n"},
	// A bare CR outside quotes ends a record, as LF and CRLF do, in a file
	// too long for the decoder's CR-only sniff to have seen it.
	{name: "csv mixed line ends", format: FormatCSV, hosts: 3, skipped: 1, skip: "line 5: coordinates are not numbers",
		in: "id,lat,lon,name\r\na,50,10,x\rb,48.8,2.3,y\nc,40,-3,z\r\nd,x,1\r\n",
		check: func(t *testing.T, d *threat.Dataset, r *Report) {
			if d.Str(d.Hosts.Name[0]) != "x" || d.Str(d.Hosts.ID[1]) != "b" {
				t.Errorf("name %q, id %q", d.Str(d.Hosts.Name[0]), d.Str(d.Hosts.ID[1]))
			}
		}},
	// A bare year is that year, never Unix seconds 1000-9999.
	// A last_seen year is its last day (2010-12-31), which a date-only
	// last_seen covers whole: "last seen in 2010" is through 2010.
	{name: "bare year", format: FormatGeoJSONSeq, hosts: 2,
		in: `{"type":"Feature","geometry":{"type":"Point","coordinates":[2.35,48.85]},"properties":{"first_seen":2009,"last_seen":"2010"}}` + "\n" +
			`{"type":"Feature","geometry":{"type":"Point","coordinates":[2.35,48.85]},"properties":{"first_seen":"2009","last_seen":2009.5}}` + "\n",
		warn: "country derived",
		check: func(t *testing.T, d *threat.Dataset, r *Report) {
			h := &d.Hosts
			if h.First[0] != 1230768000 || h.Last[0] != 1293753600 || h.First[1] != 1230768000 || h.Last[1] != 2009 {
				t.Errorf("first %v last %v", h.First, h.Last)
			}
		}},
	{name: "csv bare year", format: FormatCSV, hosts: 1, in: "lat,lon,first_seen\n48.85,2.35,2009\n",
		check: func(t *testing.T, d *threat.Dataset, r *Report) {
			if d.Hosts.First[0] != 1230768000 {
				t.Errorf("first %v", d.Hosts.First)
			}
		}},
	{name: "ambiguous slash date", format: FormatCSV, hosts: 1, in: "lat,lon,first_seen\n48.85,2.35,01/02/2009\n",
		warn: `first_seen "01/02/2009" is not a time`,
		check: func(t *testing.T, d *threat.Dataset, r *Report) {
			if d.Hosts.First[0] != threat.NoTime {
				t.Errorf("first %v", d.Hosts.First)
			}
		}},
	// Coordinates are decimal numbers: not Go's hex, digit separators,
	// Inf or NaN. A sign, ".5", "10." and leading zeros are read.
	{name: "csv coordinates not decimal", format: FormatCSV, hosts: 4, skipped: 6, skip: "line 2: coordinates are not numbers",
		in: "lat,lon\n5_0,10\n1_0.5,1\n0x1p4,1\nInf,1\n1,NaN\n1e,2\n+50,-7\n.5,10.\n050,1e1\n-0,0\n",
		check: func(t *testing.T, d *threat.Dataset, r *Report) {
			if h := d.Hosts; h.Lat[0] != 50 || h.Lon[0] != -7 || h.Lat[1] != 0.5 || h.Lon[1] != 10 || h.Lat[2] != 50 || h.Lon[2] != 10 {
				t.Errorf("lat %v lon %v", h.Lat, h.Lon)
			}
		}},
	// Rows of only spaces and delimiters are blank lines, counted once.
	{name: "csv blank rows", format: FormatCSV, hosts: 2, warn: "6 blank rows (only spaces or delimiters) ignored",
		in: "lat,lon,name\n1,2,a\n \r\n\t\n,,\n  ,  ,\n\n\"\",\n3,4,b\n \t"},
	// A short row says what it lacks; a second latitude column is named.
	{name: "csv short row", format: FormatCSV, hosts: 1, skipped: 2, skip: "line 3: row has 2 fields, the header 4: no longitude",
		in: "id,lat,lon,name\na,50,10,x\nb,50\nc\n",
		check: func(t *testing.T, d *threat.Dataset, r *Report) {
			if !hasIssue(r.Skipped, "line 4: row has 1 field, the header 4: no latitude or longitude") {
				t.Errorf("skipped %v", r.Skipped)
			}
		}},
	{name: "csv duplicate latitude column", format: FormatCSV, hosts: 1,
		warn: `2 latitude columns ("lat" (column 2), "Latitude" (column 4)): column 2 is used`,
		in:   "id,lat,lon,Latitude\na,50,10,0\n",
		check: func(t *testing.T, d *threat.Dataset, r *Report) {
			if d.Hosts.Lat[0] != 50 {
				t.Errorf("lat %v", d.Hosts.Lat)
			}
		}},
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
	{name: "first_seen after last_seen", format: FormatGeoJSONSeq, hosts: 5,
		in: strings.Replace(pt, `"TW"`, `"TW","first_seen":"2008-05-02","last_seen":"2008-05-01"`, 1) + "\n" +
			strings.Replace(pt, `"TW"`, `"TW","first_seen":"2008-05-01T10:00:00Z","last_seen":"2008-05-01"`, 1) + "\n" +
			strings.Replace(pt, `"TW"`, `"TW","first_seen":"2009-06-01","last_seen":"2009"`, 1) + "\n" +
			strings.Replace(pt, `"TW"`, `"TW","first_seen":"2010-06-01","last_seen":"2009"`, 1) + "\n" +
			strings.Replace(pt, `"h-1"`, `"h-3"`, 1) + "\n",
		warn: `first_seen after last_seen: 2 features (feature 0 (id "h-1"), feature 3 (id "h-1"))`},
	{name: "duplicate host ids", format: FormatGeoJSONSeq, hosts: 4,
		in:   pt + "\n" + strings.Replace(pt, "h-1", "h-2", 1) + "\n" + pt + "\n" + pt + "\n",
		warn: `duplicate host id (links by id go to the first host): 2 features (feature 2 (id "h-1"), feature 3 (id "h-1"))`},
	{name: "a server named twice", format: FormatGeoJSON, hosts: 2, servers: 1, links: 2,
		in: fcHead + srv + `,` + strings.Replace(pt, `"TW"`, `"TW","server":["c2-1"," c2-1"]`, 1) + `,` +
			strings.Replace(pt, `"h-1","country":"TW"`, `"h-2","server":"c2-1"`, 1) + `]}`,
		warn: `the same server named twice by a host: 1 feature (feature 1 (id "h-1"))`},
	{name: "trailing garbage", format: FormatGeoJSON, hosts: 1, warn: "data after the end",
		in: fcHead + pt + `]} xyz`},
	{name: "utf-16", format: FormatGeoJSON, err: "unexpected end of input inside the top-level object", warn: "read as UTF-16LE: transcoded to UTF-8", in: "\xff\xfe{\x00"},
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
	for _, m := range []int{len(l.Host), len(l.Lon0), len(l.Lat0), len(l.Lon1), len(l.Lat1), len(l.First), len(l.Derived), len(l.Feature)} {
		if m != l.Len() {
			t.Fatalf("link columns differ in length: %d vs %d", m, l.Len())
		}
	}
	// The provenance columns are kept whole, or not at all (nil: none).
	for _, m := range []int{len(l.Recon), len(l.Source), len(l.Confidence)} {
		if m != l.Len() && (m != 0 || l.Recon != nil || l.Source != nil || l.Confidence != nil) {
			t.Fatalf("link provenance columns %d, %d, %d for %d links", len(l.Recon), len(l.Source), len(l.Confidence), l.Len())
		}
	}
	for i := range l.Len() {
		if int(l.Server[i]) >= len(d.Servers) || int(l.Host[i]) >= n {
			t.Errorf("link %d: bad index", i)
		}
		if i < len(l.Source) {
			if s, ref := d.LinkSource(i), l.Source[i]; !utf8.ValidString(s) || int(ref.Off)+int(ref.Len) > len(d.Text) {
				t.Errorf("link %d: source %q, ref %+v out of the arena or invalid", i, s, ref)
			}
		}
		if l.Derived[i] && d.LinkRecon(i)&threat.FieldLink == 0 {
			t.Errorf("derived link %d not reconstructed", i)
		}
	}
	if r.Err == nil && len(d.Meta.Files) == 1 {
		if r.Reconstructed["link"] > r.Links || r.Reconstructed["link"] < r.Derived || r.Reconstructed["position"] > r.Hosts+r.Servers+r.Links {
			t.Errorf("reconstructed %v of %d hosts, %d servers, %d links (%d derived)", r.Reconstructed, r.Hosts, r.Servers, r.Links, r.Derived)
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

// linkProvenance has links that say what of them was reconstructed, a
// link to a host whose server was (h-3), and a derived one (h-2).
const linkProvenance = fcHead + srv + `,` + pt + `,` +
	`{"type":"Feature","geometry":{"type":"Point","coordinates":[100.5,13.75]},"properties":{"id":"h-2","country":"TH","server":"c2-1","source":"S2","confidence":"medium","first_seen":"2008-05-01","reconstructed":["coordinates","server","first_seen"]}},` +
	`{"type":"Feature","geometry":{"type":"Point","coordinates":[77.2,28.6]},"properties":{"id":"h-3","country":"IN","reconstructed":["server"]}},` +
	`{"type":"Feature","geometry":{"type":"LineString","coordinates":[[110.35,20.02],[121.5,25.04]]},"properties":{"server":"c2-1","host":"h-1","reconstructed":["link"],"source":"IWM p.12","confidence":"high"}},` +
	`{"type":"Feature","geometry":{"type":"MultiLineString","coordinates":[[[110.35,20.02],[115,22]],[[115,22],[121.5,25.04]]]},"properties":{"server":"c2-1","host":"h-1","reconstructed":true,"source":"Nagaraja","confidence":"low"}},` +
	`{"type":"Feature","id":"l-4","geometry":{"type":"LineString","coordinates":[[110.35,20.02],[121.5,25.04]]},"properties":{"server":"c2-1","host":"h-1","source":"observed","confidence":"sure"}},` +
	`{"type":"Feature","geometry":{"type":"LineString","coordinates":[[110.35,20.02],[77.2,28.6]]},"properties":{"server":"c2-1","host":"h-3"}}]}`

func checkLinkProvenance(t *testing.T, d *threat.Dataset, r *Report) {
	type link struct {
		host    string
		derived bool
		recon   string
		source  string
		conf    threat.Confidence
	}
	want := []link{
		{"h-1", false, "link", "IWM p.12", threat.ConfHigh},
		{"h-1", false, "link", "Nagaraja", threat.ConfLow},
		{"h-1", false, "", "observed", threat.ConfUnknown},
		{"h-3", false, "link", "", threat.ConfUnknown},
		{"h-2", true, "first_seen,server,link", "S2", threat.ConfMedium},
	}
	lk := &d.Links
	for i, w := range want {
		got := link{d.Str(d.Hosts.ID[lk.Host[i]]), lk.Derived[i], strings.Join(d.LinkRecon(i).Names(), ","), d.LinkSource(i), d.LinkConfidence(i)}
		if got != w || lk.Recon[i] != d.LinkRecon(i) {
			t.Errorf("link %d: %+v (Recon column %v), want %+v", i, got, lk.Recon[i].Names(), w)
		}
	}
	if !hasIssue(r.Warnings, `feature 6 (id "l-4"): unknown confidence "sure"`) {
		t.Errorf("warnings %v", r.Warnings)
	}
	// country: the server's, from its location.
	wantRecon := map[string]int{"position": 1, "country": 1, "target_type": 0, "first_seen": 2, "last_seen": 0,
		"server": 3, "name": 0, "ip": 0, "confidence": 0, "link": 4}
	if fmt.Sprint(r.Reconstructed) != fmt.Sprint(wantRecon) {
		t.Errorf("Reconstructed %v, want %v", r.Reconstructed, wantRecon)
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
	// The derived link is the hosts file's, the explicit one the links file's.
	if reps[0].Reconstructed["link"] != 1 || reps[1].Reconstructed["link"] != 0 || d.LinkRecon(1) != threat.FieldLink {
		t.Errorf("reconstructed links %v / %v, derived link's Recon %v", reps[0].Reconstructed, reps[1].Reconstructed, d.LinkRecon(1).Names())
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
		// A 4-digit string is a year, as on the command line; other digit
		// strings are epoch seconds or milliseconds.
		"2009": 1230768000, " 1970 ": 0, "0": 0, "999": 999, "10000": 10000, "-1": -1,
		// Slash dates: year first, or day and month when only one order
		// makes a date.
		"2009/02/13": 1234483200, "13/02/2009": 1234483200, "02/13/2009": 1234483200, "02/02/2009": 1233532800,
		// An ISO 8601 offset without its colon (Suricata's eve.json).
		"2008-03-01T02:00:00.123456+0200": 1204329600, "2008-02-29T22:30:00-0130": 1204329600,
	} {
		if got, ok := timeOf(s); !ok || got != want {
			t.Errorf("timeOf(%q) = %d %v, want %d", s, got, ok, want)
		}
	}
	for _, s := range []string{"", "2001-02-29", "yesterday", "2008-03-01T25:00:00Z", "NaN", "2008-03-01T00:00:00+2400", "2008-03-01T00:00:00+02:0", "2008-03-01T00:00:00+020",
		"01/02/2009", "13/13/2009", "0x1p4", "1_000", "+Inf", "1e400"} {
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
