package ingest

import (
	"context"
	"strings"
	"testing"

	"github.com/tidwall/gjson"
)

// lexCases are features the lexer must read exactly as gjson does (ok) or
// decline (!ok). They seed FuzzLexFeat with the readCases inputs.
var lexCases = []struct {
	name, in string
	ok       bool
}{
	{"point", pt, true},
	{"server", srv, true},
	{"link", `{"type":"Feature","geometry":{"type":"LineString","coordinates":[[110.35,20.02],[121.5,25.04]]},"properties":{"server":"c2-1","host":"h-1"}}`, true},
	{"spaces", " {\n \"type\" : \"Feature\" ,\t\"geometry\":{ \"coordinates\" : [ 1 , 2 ] , \"type\":\"Point\" } , \"properties\" : { } } \r\n", true},
	{"bare geometry", `{"type":"Point","coordinates":[1e1,-2.5E-1]}`, true},
	{"literals", `{"type":"Feature","geometry":null,"properties":{"a":true,"b":false,"c":null,"d":[1,{"x":"]"}]}}`, true},
	{"duplicate members", `{"properties":{"a":1},"type":"Feature","properties":{"b":2},"geometry":{"type":"Point"},"geometry":[1]}`, true},
	{"properties not an object", `{"type":"Feature","properties":{"a":1},"properties":"x"}`, true},
	{"escape", `{"type":"Feature","properties":{"name":"a\"b"}}`, false},
	{"escape in a key", `{"type":"Feature","properties":{"n\u0061me":"x"}}`, false},
	{"escape nested", `{"type":"Feature","properties":{"a":["\\"]}}`, false},
	{"bad number", `{"type":"Point","coordinates":[01,2]}`, false},
	{"bad top number", `{"id":01}`, false},
	{"huge number", `{"id":1e400}`, false},
	{"no colon", `{"type" "Feature"}`, false},
	{"no comma", `{"type":"Feature" "id":1}`, false},
	{"parenthesis", `{"properties":{"a":[(1)]}}`, false},
	{"trailing data", `{"type":"Feature"} x`, false},
	{"literal prefix", `{"id":nullx}`, false},
	{"control space", "{\"id\":\x0b1}", false},
	{"line of three", `{"type":"Feature","geometry":{"type":"LineString","coordinates":[ [1,2,3] , [3.5,-4e1],[5,6]]},"properties":{}}`, true},
	{"position with a string", `{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2,"x"]}}`, true},
	{"one number", `{"type":"Feature","geometry":{"type":"Point","coordinates":[1]}}`, true},
	{"mixed line", `{"type":"Feature","geometry":{"type":"LineString","coordinates":[[1,2],3]}}`, true},
	{"coordinates twice", `{"type":"Feature","geometry":{"coordinates":[1,2],"type":"Point","coordinates":[[3,4]]}}`, true},
	{"multilinestring of positions", `{"type":"Feature","geometry":{"type":"MultiLineString","coordinates":[[1,2],[3,4]]}}`, true},
	{"bare line", `{"type":"LineString","coordinates":[[1,2],[3.5,4]],"coordinates":[[5,6],[7,8],[9,10]]}`, true},
	{"bare point, coordinates not plain", `{"coordinates":[1,2],"type":"Point","coordinates":[1,"2"]}`, true},
	{"geometry twice", `{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]},"geometry":{"type":"Point","coordinates":"x"}}`, true},
}

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
			if f.lexFeat(bad) {
				t.Fatalf("the lexer accepts %s", bad)
			}
			if err := f.gjsonFeat(bad); err == nil || !strings.Contains(err.Error(), "invalid JSON at byte") {
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

func TestLexFeat(t *testing.T) {
	for _, c := range lexCases {
		t.Run(c.name, func(t *testing.T) {
			var a feat
			if ok := a.lexFeat(c.in); ok != c.ok {
				t.Fatalf("lexFeat ok = %v, want %v", ok, c.ok)
			}
			checkLex(t, c.in)
		})
	}
}

// checkLex fails when lexFeat accepts s and collects it differently from
// gjsonFeat, or makes a different record from it.
func checkLex(t *testing.T, s string) {
	var a, b feat
	if !a.lexFeat(s) {
		return
	}
	if !wholeValue([]byte(strings.TrimLeft(s, " \t\r\n"))) {
		t.Fatalf("lexFeat accepts what the scanner does not take as one whole value: %q", s)
	}
	if err := b.gjsonFeat(s); err != nil {
		t.Fatalf("lexFeat accepts invalid JSON %q (%v)", s, err)
	}
	sameFeat(t, "lexer", "gjson", &a, &b)
	if a.pre.ok {
		checkPre(t, a.pre, b.gc)
	}
	checkRecord(t, s)
}

// sameFeat fails when a and b (read by what an and bn name) differ.
func sameFeat(t *testing.T, an, bn string, a, b *feat) {
	t.Helper()
	same := func(what string, x, y gjson.Result) {
		if x.Type != y.Type || x.Raw != y.Raw || x.Str != y.Str || x.Num != y.Num {
			t.Errorf("%s: %s %#v, %s %#v", what, an, x, bn, y)
		}
	}
	if a.typ != b.typ || a.hasGeom != b.hasGeom || a.gt != b.gt || len(a.pk) != len(b.pk) || len(a.pv) != len(b.pv) {
		t.Fatalf("%s typ %q geom %v gt %q %d props; %s %q %v %q %d", an, a.typ, a.hasGeom, a.gt, len(a.pk), bn, b.typ, b.hasGeom, b.gt, len(b.pk))
	}
	same("id", a.fid, b.fid)
	same("geometry", a.geom, b.geom)
	same("properties", a.props, b.props)
	same("coordinates", a.gc, b.gc)
	for i := range a.pk {
		same("key", a.pk[i], b.pk[i])
		same("value", a.pv[i], b.pv[i])
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

// checkPre fails when what lexFeat read of the coordinates in its one pass
// differs from what gjson reads of them: the first two numbers of the
// position, or the count of positions and those of the first and last.
func checkPre(t *testing.T, pre geomPos, gc gjson.Result) {
	two := func(v gjson.Result) (xy [2]float64) {
		n := 0
		v.ForEach(func(_, x gjson.Result) bool {
			if x.Type != gjson.Number {
				t.Fatalf("pre %+v from %q: gjson finds a %v", pre, gc.Raw, x.Type)
			}
			if n < 2 {
				xy[n] = x.Num
			}
			n++
			return true
		})
		if n < 2 {
			t.Fatalf("pre %+v from %q: gjson finds %d numbers", pre, gc.Raw, n)
		}
		return xy
	}
	if pre.n == 0 {
		if xy := two(gc); xy != pre.a || pre.z != pre.a {
			t.Errorf("pre %+v from %q: gjson %v", pre, gc.Raw, xy)
		}
		return
	}
	var a, z [2]float64
	n := 0
	gc.ForEach(func(_, v gjson.Result) bool {
		if n == 0 {
			a = two(v)
		}
		z = two(v)
		n++
		return true
	})
	if n != pre.n || a != pre.a || z != pre.z {
		t.Errorf("pre %+v from %q: gjson %d positions, %v ... %v", pre, gc.Raw, n, a, z)
	}
}

// FuzzLexFeat checks that whatever the lexer accepts, it collects as
// gjson does.
func FuzzLexFeat(f *testing.F) {
	for _, c := range lexCases {
		f.Add(c.in)
	}
	for _, c := range readCases {
		f.Add(c.in)
	}
	_, bad := badFeatures()
	for _, b := range bad {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, s string) { checkLex(t, s) })
}

// checkCoords fails when lexPosition or lexLine accept raw and read it
// differently from gjson.
func checkCoords(t *testing.T, raw string) {
	if lon, lat, ok := lexPosition(raw); ok {
		var n int
		var x, y float64
		gjson.Result{Type: gjson.JSON, Raw: raw}.ForEach(func(_, v gjson.Result) bool {
			if v.Type != gjson.Number {
				t.Fatalf("lexPosition(%q) accepted a %v", raw, v.Type)
			}
			if n == 0 {
				x = v.Num
			} else {
				y = v.Num
			}
			n++
			return n < 2
		})
		if n < 2 || x != lon || y != lat {
			t.Errorf("lexPosition(%q) = %v, %v; gjson %d numbers %v, %v", raw, lon, lat, n, x, y)
		}
	}
	if a, z, n, ok := lexLine(raw); ok {
		var a2, z2 gjson.Result
		n2 := 0
		gjson.Result{Type: gjson.JSON, Raw: raw}.ForEach(func(_, v gjson.Result) bool {
			if n2 == 0 {
				a2 = v
			}
			z2, n2 = v, n2+1
			return true
		})
		if n != n2 || a.Raw != a2.Raw || z.Raw != z2.Raw || a.Type != a2.Type || z.Type != z2.Type {
			t.Errorf("lexLine(%q) = %q %q %d; gjson %q %q %d", raw, a.Raw, z.Raw, n, a2.Raw, z2.Raw, n2)
		}
	}
}

var coordCases = []string{
	"[1,2]", "[ -1.5 , 2e3 ]", "[1,2,3]", "[1,2,\"x\"]", "[1]", "[]", "[\"1\",2]", "[1 2]",
	"[0.1234567890123,-0.000000000000001]", "[123456789012345678,1]", "[1e400,1]",
	"[[1,2],[3,4]]", "[[1,2]]", "[ [1,2] , [3,[4]] ]", "[[1,2],3]", "[]  ", "[[1,2]] x",
	"[-0,0.5]", "[01,2]", "[1.,2]", "[.5,2]",
}

func TestLexCoords(t *testing.T) {
	for _, c := range coordCases {
		checkCoords(t, c)
	}
	for _, c := range []struct {
		in       string
		lon, lat float64
	}{{"[1,2]", 1, 2}, {"[-89.07204,37.31031]", -89.07204, 37.31031}, {"[ 1e1 , -0.5 , 9]", 10, -0.5}} {
		lon, lat, ok := lexPosition(c.in)
		if !ok || lon != c.lon || lat != c.lat {
			t.Errorf("lexPosition(%q) = %v %v %v", c.in, lon, lat, ok)
		}
	}
	if _, _, n, ok := lexLine("[[1,2],[3,4],[5,6]]"); !ok || n != 3 {
		t.Errorf("lexLine: %d %v", n, ok)
	}
}

// FuzzLexCoords checks the position and line fast paths against gjson.
func FuzzLexCoords(f *testing.F) {
	for _, c := range coordCases {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, s string) { checkCoords(t, s) })
}
