package main

import (
	"bytes"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

const validGeoJSON = `{"type":"FeatureCollection","features":[
{"type":"Feature","geometry":{"type":"Point","coordinates":[110.3,20.0]},"properties":{"id":"c2-1","role":"control","first_seen":"2008-06-01"}},
{"type":"Feature","geometry":{"type":"Point","coordinates":[121.5,25.0]},"properties":{"id":"h-1","country":"TW","target_type":"embassy","server":"c2-1","first_seen":"2008-07-01T00:00:00Z","last_seen":1236816000}},
{"type":"Feature","geometry":{"type":"Point","coordinates":[200,25.0]},"properties":{"id":"h-2"}}
]}`

func TestValidateJSON(t *testing.T) {
	p := writeFile(t, "a.geojson", validGeoJSON)
	var out, errb bytes.Buffer
	if code := runValidate([]string{"--json", p}, &out, &errb); code != 0 {
		t.Fatalf("exit %d, stderr %s", code, errb.String())
	}
	var got map[string]any
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("%v in %s", err, out.String())
	}
	for _, k := range []string{"file", "format", "hosts", "c2", "links", "countries", "target_types", "time", "skipped", "warnings"} {
		if _, ok := got[k]; !ok {
			t.Errorf("key %q missing in %s", k, out.String())
		}
	}
	if got["hosts"] != 1.0 || got["c2"] != 1.0 || got["links"] != 1.0 || got["format"] != "geojson" {
		t.Errorf("counts: %s", out.String())
	}
	if c := got["countries"].(map[string]any); c["TW"] != 1.0 {
		t.Errorf("countries %v", c)
	}
	tm := got["time"].(map[string]any)
	if tm["first"] != "2008-06-01T00:00:00Z" || tm["last"] != "2009-03-12T00:00:00Z" {
		t.Errorf("time %v", tm)
	}
	sk := got["skipped"].([]any)
	if len(sk) != 1 || !strings.Contains(sk[0].(map[string]any)["reason"].(string), "out of range") ||
		sk[0].(map[string]any)["index"] != 2.0 || sk[0].(map[string]any)["id"] != "h-2" {
		t.Errorf("skipped %v", sk)
	}
}

func TestValidateText(t *testing.T) {
	p := writeFile(t, "a.geojson", validGeoJSON)
	var out, errb bytes.Buffer
	if code := runValidate([]string{p}, &out, &errb); code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"hosts 1, c2 servers 1 (1 control, 0 command), links 1 (1 derived)", "TW 1", `feature 2 (id "h-2"): coordinates out of range`} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("missing %q in\n%s", want, out.String())
		}
	}
}

func TestValidateExitStatus(t *testing.T) {
	good := writeFile(t, "good.csv", "lat,lon,id\n10,20,a\n")
	bad := writeFile(t, "bad.bin", "\x01\x02junk")
	zip := writeFile(t, "hosts.zip", "PK\x03\x04junk")
	for _, c := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"unreadable", []string{bad}, 1, `line 1, byte 0: expected GeoJSON`},
		{"zip", []string{zip}, 1, `hosts.zip is a zip archive; extract it`},
		{"missing", []string{filepath.Join(t.TempDir(), "nope.geojson")}, 1, "no such file"},
		{"one good one bad", []string{good, bad}, 0, "hosts 1"},
		{"unknown flag", []string{"--bogus"}, 2, "unknown flag"},
		{"json error", []string{"--json", bad}, 1, `"error":"ingest: `},
	} {
		t.Run(c.name, func(t *testing.T) {
			var out, errb bytes.Buffer
			code := runValidate(c.args, &out, &errb)
			if code != c.code {
				t.Errorf("exit %d, want %d", code, c.code)
			}
			if s := out.String() + errb.String(); !strings.Contains(s, c.want) {
				t.Errorf("output lacks %q:\n%s", c.want, s)
			}
		})
	}
}

func TestValidateDefault(t *testing.T) {
	var out, errb bytes.Buffer
	code := runValidate([]string{"--json"}, &out, &errb)
	if !strings.Contains(out.String(), `"file":"ghostnet.geojson (embedded)"`) {
		t.Errorf("output %s", out.String())
	}
	var got map[string]any
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	h := got["hosts"].(float64)
	if (h > 0) != (code == 0) {
		t.Errorf("exit %d with %v hosts", code, h)
	}
	// Every GhostNet host position and host-server link is filled in.
	rc, _ := got["reconstructed"].(map[string]any)
	if rc["position"].(float64) < h || rc["link"] != got["links"] || got["links"].(float64) < h {
		t.Errorf("reconstructed %v of %v hosts, %v links", rc, h, got["links"])
	}
}

// reconGeoJSON has a host whose position, country and server were filled
// in (a derived link), links marked reconstructed by name and by true,
// and one reported link with its source.
const reconGeoJSON = `{"type":"FeatureCollection","features":[
{"type":"Feature","geometry":{"type":"Point","coordinates":[110.3,20.0]},"properties":{"id":"c2-1","role":"control","country":"CN"}},
{"type":"Feature","geometry":{"type":"Point","coordinates":[121.5,25.0]},"properties":{"id":"h-1","country":"TW"}},
{"type":"Feature","geometry":{"type":"Point","coordinates":[100.5,13.75]},"properties":{"id":"h-2","server":"c2-1","reconstructed":["coordinates","country","server"]}},
{"type":"Feature","geometry":{"type":"LineString","coordinates":[[110.3,20.0],[121.5,25.0]]},"properties":{"server":"c2-1","host":"h-1","reconstructed":["link","first_seen"],"first_seen":"2008-06-01","source":"IWM p.12","confidence":"high"}},
{"type":"Feature","geometry":{"type":"LineString","coordinates":[[110.3,20.0],[121.5,25.0]]},"properties":{"server":"c2-1","host":"h-1","reconstructed":true}},
{"type":"Feature","geometry":{"type":"LineString","coordinates":[[110.3,20.0],[121.5,25.0]]},"properties":{"server":"c2-1","host":"h-1","source":"observed"}}
]}`

func TestValidateReconstructed(t *testing.T) {
	p := writeFile(t, "recon.geojson", reconGeoJSON)
	var out, errb bytes.Buffer
	if code := runValidate([]string{"--json", p}, &out, &errb); code != 0 {
		t.Fatalf("exit %d, stderr %s", code, errb.String())
	}
	var got struct {
		Links         int            `json:"links"`
		Derived       int            `json:"derived_links"`
		Reconstructed map[string]int `json:"reconstructed"`
	}
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("%v in %s", err, out.String())
	}
	// The derived link takes FieldServer from its host: server counts
	// the host and its link.
	want := map[string]int{"position": 1, "country": 1, "target_type": 0, "first_seen": 1, "last_seen": 0,
		"server": 2, "name": 0, "ip": 0, "confidence": 0, "link": 3}
	if got.Links != 4 || got.Derived != 1 || !maps.Equal(got.Reconstructed, want) {
		t.Errorf("links %d (%d derived), reconstructed %v, want 4 (1), %v", got.Links, got.Derived, got.Reconstructed, want)
	}

	out.Reset()
	if code := runValidate([]string{p}, &out, &errb); code != 0 {
		t.Fatalf("exit %d", code)
	}
	if line := "  reconstructed: position 1, country 1, first_seen 1, server 2, link 3\n"; !strings.Contains(out.String(), line) {
		t.Errorf("missing %q in\n%s", line, out.String())
	}
}

func TestValidateReconstructedNone(t *testing.T) {
	p := writeFile(t, "plain.csv", "lat,lon,id,country\n25.0,121.5,h-1,TW\n")
	var out, errb bytes.Buffer
	if code := runValidate([]string{p}, &out, &errb); code != 0 {
		t.Fatalf("exit %d", code)
	}
	if !strings.Contains(out.String(), "  reconstructed: none\n") {
		t.Errorf("output:\n%s", out.String())
	}
	out.Reset()
	runValidate([]string{"--json", p}, &out, &errb)
	if !strings.Contains(out.String(), `"reconstructed":{"confidence":0,"country":0,"first_seen":0,"ip":0,"last_seen":0,"link":0,"name":0,"position":0,"server":0,"target_type":0}`) {
		t.Errorf("output: %s", out.String())
	}
}

// TestValidatePlacement: a list whose addresses cannot be placed says so,
// by reason, in the text and the JSON report (reserved ranges are never
// looked up, whatever the database).
func TestValidatePlacement(t *testing.T) {
	p := writeFile(t, "block.netset", "# list\n10.0.0.1\n127.0.0.1\n192.168.0.0/16\n")
	var out, errb bytes.Buffer
	if code := runValidate([]string{p}, &out, &errb); code != 1 {
		t.Fatalf("exit %d, want 1 (nothing placed)", code)
	}
	if want := "placed from IP: 0 at country level, 0 at city level; not placed: 2 private, 1 loopback"; !strings.Contains(out.String(), want) {
		t.Errorf("missing %q in\n%s", want, out.String())
	}
	out.Reset()
	runValidate([]string{"--json", p}, &out, &errb)
	var got struct {
		Format    string `json:"format"`
		Placement struct {
			NotPlaced map[string]int `json:"not_placed"`
		} `json:"placement"`
		Skipped []struct{ Reason string } `json:"skipped"`
	}
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatalf("%v in %s", err, out.String())
	}
	if got.Format != "iplist" || got.Placement.NotPlaced["private"] != 2 || len(got.Skipped) != 3 ||
		got.Skipped[0].Reason != "line 2: 10.0.0.1: private address, not geolocated" {
		t.Errorf("report %s", out.String())
	}
}
