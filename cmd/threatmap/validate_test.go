package main

import (
	"bytes"
	"encoding/json"
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
	if h := got["hosts"].(float64); (h > 0) != (code == 0) {
		t.Errorf("exit %d with %v hosts", code, h)
	}
}
