package ingest

import (
	"context"
	"strings"
	"testing"

	"threatmap/data/ingest/internal/jsonlex"
)

// badJSON are malformed fragments that no reader may take as a value:
// each goes where the coordinates go (coords) and among the properties
// (prop, a member or members). Every feature they make is skipped with
// "invalid JSON at byte N", whether the lexer or the gjson path reads it.
// They seed FuzzLexFeat and the read fuzz targets.
var badJSON = []struct{ name, coords, prop string }{
	{"letters after a number", `[50abc,7]`, `"n":50abc`},
	{"hex", `[0x10,7]`, `"n":0x10`},
	{"leading dot", `[.5,7]`, `"n":.5`},
	{"exponent without digits", `[1e,7]`, `"n":1e`},
	{"trailing dot", `[10.,7]`, `"n":10.`},
	{"leading zero", `[01,7]`, `"n":01`},
	{"plus sign", `[+10,7]`, `"n":+10`},
	{"no comma", `[12 34]`, `"n":[12 34]`},
	{"unquoted value", `[1,2],"country": US, "name": "x"`, `"country": US, "name": "x"`},
	{"no colon", `[1,2],"country" "US"`, `"country" "US"`},
	{"unquoted key", `[1,2],country:"US"`, `country:"US"`},
	{"comment", `[1,2/* here */]`, `"n":1 // one`},
	{"trailing comma in an array", `[1,2,]`, `"n":[1,2,]`},
	{"trailing comma in an object", `[1,2],"x":1,`, `"n":1,`},
	{"raw newline in a string", `[1,2],"x":"a` + "\n" + `b"`, `"name":"a` + "\n" + `b"`},
	{"raw tab in a string", `[1,2],"x":"a` + "\t" + `b"`, `"name":"a` + "\t" + `b"`},
	{"single quotes", `[1,2],"x":'a'`, `"name":'a'`},
	{"literal prefix", `[1,2],"x":tru`, `"n":nul`},
	{"nested bad number", `[[1,2],[3,-]]`, `"n":{"a":[1,{"b":-}]}`},
}

// badFeatures returns the features badJSON makes: plain, for the lexer,
// and with an escape in the id, which the lexer declines (the gjson path).
func badFeatures() (names, in []string) {
	for _, c := range badJSON {
		for _, esc := range []string{"", `\"`} {
			path := "lexer"
			if esc != "" {
				path = "gjson"
			}
			names = append(names, c.name+"/coordinates/"+path, c.name+"/property/"+path)
			in = append(in,
				`{"type":"Feature","geometry":{"type":"Point","coordinates":`+c.coords+`},"properties":{"id":"h`+esc+`9"}}`,
				`{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"properties":{"id":"h`+esc+`9",`+c.prop+`}}`)
		}
	}
	return names, in
}

// TestBadJSON reads each malformed feature after a good one, in a
// FeatureCollection and as GeoJSONSeq: the good one loads, the bad one
// is skipped for its invalid JSON, never read at a wrong position or
// without a property.
func TestBadJSON(t *testing.T) {
	names, ins := badFeatures()
	for k, bad := range ins {
		t.Run(names[k], func(t *testing.T) {
			var f feat
			if lexFeat(bad, &f) {
				t.Fatalf("the lexer accepts %s", bad)
			}
			if err := gjsonFeat(bad, &f); err == nil || !strings.Contains(err.Error(), "invalid JSON at byte") {
				t.Fatalf("gjsonFeat: %v", err)
			}
			ins := []string{fcHead + pt + ",\n" + bad + "\n]}"}
			if !strings.Contains(bad, "\n") { // else GeoJSONSeq reads two lines
				ins = append(ins, pt+"\n"+bad+"\n")
			}
			for _, in := range ins {
				d, r := Read(context.Background(), strings.NewReader(in), int64(len(in)), Options{})
				checkInvariants(t, d, r)
				if r.Hosts != 1 || r.SkippedCount != 1 || !strings.Contains(r.Skipped[0].String(), "feature 1: ") ||
					!strings.Contains(r.Skipped[0].Reason, "invalid JSON at byte") {
					t.Errorf("%s: %d hosts, skipped %v, warnings %v", r.Format, r.Hosts, r.Skipped, r.Warnings)
				}
			}
		})
	}
}

// TestLexFeat: what the lexer accepts, it collects as gjson does and
// makes the same record from; the malformed features it declines.
func TestLexFeat(t *testing.T) {
	for _, in := range []string{pt, srv, microHost, microLink, " " + microHost + "\n"} {
		var f feat
		if !lexFeat(in, &f) {
			t.Errorf("lexFeat declines %s", in)
		}
		checkLex(t, in)
	}
}

// checkLex fails when lexFeat accepts s and collects it differently from
// gjsonFeat, or makes a different record from it.
func checkLex(t *testing.T, s string) {
	var a, b feat
	if !lexFeat(s, &a) {
		return
	}
	if !wholeValue([]byte(strings.TrimLeft(s, " \t\r\n"))) {
		t.Fatalf("lexFeat accepts what the scanner does not take as one whole value: %q", s)
	}
	if err := gjsonFeat(s, &b); err != nil {
		t.Fatalf("lexFeat accepts invalid JSON %q (%v)", s, err)
	}
	sameFeat(t, "lexer", "gjson", &a, &b)
	checkRecord(t, s)
}

// sameFeat fails when a and b (read by what an and bn name) differ.
func sameFeat(t *testing.T, an, bn string, a, b *feat) {
	t.Helper()
	if d := jsonlex.Diff(a, b); d != "" {
		t.Fatalf("%s against %s: %s", an, bn, d)
	}
}

// checkRecord fails when a feature the lexer accepts makes a different
// record, text or message through the lexer than through gjson: what
// lexFeat reads beyond gjson's fields (the one-pass coordinates) must not
// change what is loaded.
func checkRecord(t *testing.T, s string) {
	b := []byte(strings.TrimLeft(s, " \t\r\n"))
	if len(b) == 0 {
		return
	}
	var out [2]jobOut
	for k, how := range [...]int{lexNotTried, lexFailed} {
		var p parser
		p.out = &out[k]
		p.element(b, 0, how)
	}
	if len(out[0].recs) != 1 || len(out[1].recs) != 1 {
		t.Fatalf("%q: %d and %d records", s, len(out[0].recs), len(out[1].recs))
	}
	if r0, r1 := out[0].recs[0], out[1].recs[0]; r0 != r1 || string(out[0].text) != string(out[1].text) || string(out[0].scratch) != string(out[1].scratch) {
		t.Errorf("%q: lexer and gjson differ:\n%+v %q\n%+v %q", s, r0, out[0].text, r1, out[1].text)
	}
}

// FuzzLexFeat checks that whatever the lexer accepts, it collects as
// gjson does.
func FuzzLexFeat(f *testing.F) {
	for _, c := range readCases {
		f.Add(c.in)
	}
	_, bad := badFeatures()
	for _, b := range bad {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, s string) { checkLex(t, s) })
}
