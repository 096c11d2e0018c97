package viewspec

import (
	"reflect"
	"strings"
	"testing"
)

// parseCases is the table of TestParse; it seeds FuzzParse.
var parseCases = []struct {
	name  string
	in    string
	err   string   // substring of the error; "" = ok
	warns []string // substrings, one per warning, in order
}{
	{name: "minimal", in: `{"threatmap_view": 1}`},
	{name: "full", in: `{
  "threatmap_view": 1,
  "files": ["data/march.geojson", "/srv/feeds/c2.csv"],
  "filters": {"countries": ["TW", "India"], "types": ["mfa"], "servers": ["s1"],
              "confidence": ["high", "unknown"], "placement": "reported"},
  "time": {"from": "2008-05", "to": "2009-03-31", "match": "first_seen"},
  "playback": {"mode": "window", "window": "30d"},
  "frames": 60, "fps": 12,
  "selection": {"server": "s1"},
  "projection": "mercator",
  "extent": {"center": [90.5, 25], "zoom": 2.5},
  "layers": ["basemap", "hosts", "legend"],
  "theme": "light", "width": 1280, "height": 720, "title": "March"
}`},
	{name: "keep nothing", in: `{"threatmap_view": 1, "filters": {"countries": [], "types": []}, "layers": []}`},
	{name: "unknown keys", in: `{"threatmap_view": 1, "colour": "red", "filters": {"contries": ["TW"]}, "extent": {"fit": true, "pad": 3}}`,
		warns: []string{`"colour"`, `"extent.pad"`, `"filters.contries"`}},
	{name: "broken json", in: "{\n  \"threatmap_view\": 1,\n  \"width\": 12,,\n}", err: "line 3, column 15"},
	{name: "wrong type", in: "{\"threatmap_view\": 1,\n \"filters\": {\"countries\": \"TW\"}}", err: "line 2, column 30: filters.countries: want a list of strings"},
	{name: "truncated", in: `{"threatmap_view": 1, "files": [`, err: "line 1, column 32"},
	{name: "trailing data", in: `{"threatmap_view": 1} {}`, err: "line 1, column 23"},
	{name: "empty", in: ``, err: "line 1, column 1"},
	{name: "byte order mark", in: "\ufeff{\"threatmap_view\": 1, \"width\": 64}"},
	{name: "byte order mark, broken", in: "\ufeff{\"threatmap_view\": 1,,}", err: "line 1, column 22"},
	{name: "not an object", in: `[1, 2]`, err: "not a JSON object"},
	{name: "no version", in: `{"width": 10}`, err: `no "threatmap_view" key`},
	{name: "newer version", in: `{"threatmap_view": 2}`, err: "newer threatmap"},
	{name: "bad version", in: `{"threatmap_view": "one"}`, err: "not a version number"},
	{name: "bad projection", in: `{"threatmap_view": 1, "projection": "robinson"}`, err: "projection: unknown projection"},
	{name: "bad layer", in: `{"threatmap_view": 1, "layers": ["roads"]}`, err: "layers:"},
	{name: "bad theme", in: `{"threatmap_view": 1, "theme": "neon"}`, err: "theme:"},
	{name: "bad country", in: `{"threatmap_view": 1, "filters": {"countries": ["Atlantis"]}}`, err: `filters.countries: unknown country "Atlantis"`},
	{name: "bad confidence", in: `{"threatmap_view": 1, "filters": {"confidence": ["sure"]}}`, err: "filters.confidence"},
	{name: "bad placement", in: `{"threatmap_view": 1, "filters": {"placement": "guessed"}}`, err: "filters.placement"},
	{name: "bad time", in: `{"threatmap_view": 1, "time": {"from": "yesterday"}}`, err: "time.from: cannot read time"},
	{name: "from after to", in: `{"threatmap_view": 1, "time": {"from": "2009", "to": "2008"}}`, err: "after"},
	{name: "bad match", in: `{"threatmap_view": 1, "time": {"match": "last_seen"}}`, err: "time.match"},
	{name: "too wide", in: `{"threatmap_view": 1, "width": 20000}`, err: "out of range"},
	{name: "negative height", in: `{"threatmap_view": 1, "height": -1}`, err: "out of range"},
	{name: "inverted bbox", in: `{"threatmap_view": 1, "extent": {"bbox": [10, 0, 0, 10]}}`, err: "extent: bbox"},
	{name: "short bbox", in: `{"threatmap_view": 1, "extent": {"bbox": [10, 0]}}`, err: "bbox: 2 numbers, want 4"},
	{name: "long center", in: `{"threatmap_view": 1, "extent": {"center": [1, 2, 3]}}`, err: "center: 3 numbers, want 2"},
	{name: "zoom zero is none", in: `{"threatmap_view": 1, "extent": {"zoom": 0}}`},
	{name: "bad zoom", in: `{"threatmap_view": 1, "extent": {"zoom": -2}}`, err: "zoom"},
	{name: "two selections", in: `{"threatmap_view": 1, "selection": {"server": "a", "host": "b"}}`, err: "exclusive"},
	{name: "old host selection", in: `{"threatmap_view": 1, "selection": {"host": "h0030"}}`},
	{name: "hosts together", in: `{"threatmap_view": 1, "selection": {"hosts": ["h0030", "ip:10.0.0.1", "#12", "a,b"]}}`},
	{name: "no hosts together", in: `{"threatmap_view": 1, "selection": {"hosts": []}}`},
	{name: "hosts and a server", in: `{"threatmap_view": 1, "selection": {"server": "a", "hosts": ["b"]}}`, err: "selection: server, host and hosts are exclusive"},
	{name: "empty host in hosts", in: `{"threatmap_view": 1, "selection": {"hosts": ["a", ""]}}`, err: "selection.hosts[1]: empty"},
	{name: "hosts not a list", in: `{"threatmap_view": 1, "selection": {"hosts": "a"}}`, err: "selection.hosts: want a list of strings"},
	{name: "unknown selection key", in: `{"threatmap_view": 1, "selection": {"hosts": ["a"], "stack": {"lon": 77}}}`, warns: []string{`"selection.stack"`}},
	{name: "title of 1000", in: `{"threatmap_view": 1, "title": "` + strings.Repeat("é", 1000) + `"}`},
	{name: "title too long", in: `{"threatmap_view": 1, "title": "` + strings.Repeat("x", 1001) + `"}`, err: "title: 1001 characters, at most 1000"},
	{name: "bad playback", in: `{"threatmap_view": 1, "playback": {"mode": "window", "window": "month"}}`, err: "playback.window"},
	{name: "bad frames", in: `{"threatmap_view": 1, "frames": -3}`, err: "frames"},
	{name: "one frame", in: `{"threatmap_view": 1, "frames": 1}`, err: "frames: 1 out of range (2 to"},
	{name: "huge animation", in: `{"threatmap_view": 1, "width": 16384, "height": 16384, "frames": 6000}`, err: "an animation of 6000 frames of 16384×16384 is too large"},
	{name: "long 4K animation", in: `{"threatmap_view": 1, "width": 3840, "height": 2160, "frames": 6000}`, err: "too large"},
	{name: "fractional fps", in: `{"threatmap_view": 1, "fps": 12.5}`, err: "fps: want whole number, not a JSON number 12.5"},
	{name: "fps over the limit", in: `{"threatmap_view": 1, "fps": 61}`, err: "fps: 61 out of range"},
	{name: "hour window", in: `{"threatmap_view": 1, "playback": {"mode": "window", "window": "12h"}}`},
	{name: "cumulative with window", in: `{"threatmap_view": 1, "playback": {"mode": "cumulative", "window": "30d"}}`, err: "no window"},
	{name: "empty file name", in: `{"threatmap_view": 1, "files": [""]}`, err: "files[0]"},
	{name: "empty files, key case", in: `{   "threAtmAp_view": 1,   "files": []}`}, // fuzz
	{name: "fractional width", in: "{\"threatmap_view\": 1, \"width\": 1.5}", err: "width: want whole number, not a JSON number 1.5"},
	{name: "huge number", in: `{"threatmap_view": 1, "width": 1e400}`, err: "line 1"},
}

func TestParse(t *testing.T) {
	for _, tc := range parseCases {
		t.Run(tc.name, func(t *testing.T) {
			v, warns, err := Parse([]byte(tc.in))
			if tc.err == "" && err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want one containing %q", err, tc.err)
				}
				return
			}
			if len(warns) != len(tc.warns) {
				t.Fatalf("warnings %q, want %d", warns, len(tc.warns))
			}
			for i, w := range tc.warns {
				if !strings.Contains(warns[i], w) || !strings.Contains(warns[i], "unknown key") {
					t.Errorf("warning %d %q, want one naming %s", i, warns[i], w)
				}
			}
			if v == nil {
				t.Fatal("no view and no error")
			}
		})
	}
}

func TestParseFull(t *testing.T) {
	v, _, err := Parse([]byte(parseCases[1].in))
	if err != nil {
		t.Fatal(err)
	}
	q, err := v.Query()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(q.Countries, []string{"TW", "IN"}) {
		t.Errorf("countries %q, want TW, IN (names resolved)", q.Countries)
	}
	if q.To.Unix != 1238543999 { // 2009-03-31T23:59:59Z: a date as "to" means its end
		t.Errorf("to = %d", q.To.Unix)
	}
	if w, h := v.Size(); w != 1280 || h != 720 || v.Extent.Zoom != 2.5 || v.Playback.Window != "30d" || v.FPS != 12 {
		t.Errorf("view %+v", v)
	}
	k, _, _ := Parse([]byte(parseCases[2].in))
	if q, _ := k.Query(); !reflect.DeepEqual(q.Countries, []string{NoneKey}) || q.Servers != nil {
		t.Errorf("empty list must keep nothing, absent all: %+v", q)
	}
}

// TestMarshalRoundTrip: what Marshal writes, Parse reads back the same,
// with no warning.
func TestMarshalRoundTrip(t *testing.T) {
	for _, tc := range parseCases {
		if tc.err != "" {
			continue
		}
		v, _, err := Parse([]byte(tc.in))
		if err != nil {
			t.Fatal(err)
		}
		b, err := Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		w, warns, err := Parse(b)
		if err != nil || len(warns) > 0 {
			t.Fatalf("%s: re-read: %v %q\n%s", tc.name, err, warns, b)
		}
		if !reflect.DeepEqual(v, w) {
			t.Errorf("%s: round trip changed the view:\n%+v\n%+v", tc.name, v, w)
		}
	}
}

// FuzzParse: any input gives a view or an error, never a panic or a hang,
// and a view that parses survives Marshal and Parse unchanged.
func FuzzParse(f *testing.F) {
	for _, tc := range parseCases {
		f.Add([]byte(tc.in))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, _, err := Parse(data)
		if err != nil {
			if v != nil {
				t.Fatal("a view with an error")
			}
			return
		}
		b, err := Marshal(v)
		if err != nil {
			t.Fatalf("marshal: %v", err)
		}
		w, warns, err := Parse(b)
		if err != nil || len(warns) > 0 {
			t.Fatalf("re-read: %v %q\n%s", err, warns, b)
		}
		if !reflect.DeepEqual(v, w) {
			t.Fatalf("round trip changed the view:\n%+v\n%+v", v, w)
		}
		if _, err := v.Args("x.png"); err != nil && !strings.Contains(err.Error(), "command line") {
			t.Fatalf("args: %v", err)
		}
	})
}
