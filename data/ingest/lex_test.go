package ingest

import (
	"runtime"
	"strings"
	"testing"
	"unsafe"

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
	{"bad number", `{"type":"Point","coordinates":[01,2]}`, true}, // nested: gjson's raw
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
// gjsonFeat, or, read again through the shape it learnt of s, differently
// from its first pass.
func checkLex(t *testing.T, s string) {
	var a, b feat
	var sh shapes
	if !sh.read(&a, s) { // no shapes yet: lexFeat
		return
	}
	if !wholeValue([]byte(strings.TrimLeft(s, " \t\r\n"))) {
		t.Fatalf("lexFeat accepts what the scanner does not take as one whole value: %q", s)
	}
	b.gjsonFeat(s)
	sameFeat(t, "lexer", "gjson", &a, &b)
	if a.pre.ok {
		checkPre(t, a.pre, b.gc)
	}
	learnt := len(sh.list) > 0
	first := a
	first.pk, first.pv = append([]gjson.Result(nil), a.pk...), append([]gjson.Result(nil), a.pv...)
	if !sh.read(&a, s) {
		t.Fatalf("%q: declined the second time (shapes %d)", s, len(sh.list))
	}
	if learnt && sh.hits != 1 {
		t.Fatalf("%q: a shape was learnt, and it does not match the same feature", s)
	}
	sameFeat(t, "shape", "lexer", &a, &first)
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
	if a.pre != b.pre && (a.pre.ok || b.pre.ok) && an != "lexer" {
		t.Errorf("one-pass coordinates: %s %+v, %s %+v", an, a.pre, bn, b.pre)
	}
	for _, f := range []*feat{a, b} {
		if f.kinds == nil {
			continue
		}
		if len(f.kinds) != len(f.pk) {
			t.Fatalf("%d kinds for %d properties", len(f.kinds), len(f.pk))
		}
		for i, k := range f.kinds {
			if k != propOf(f.pk[i].Str) {
				t.Errorf("property %q: kind %v, propOf says %v", f.pk[i].Str, k, propOf(f.pk[i].Str))
			}
		}
	}
}

// checkShape fails when s, read through the shapes learnt of learn, is
// accepted or collected differently from a first pass of lexFeat over s.
func checkShape(t *testing.T, learn, s string) {
	var a, b feat
	var sh shapes
	sh.read(&a, learn)
	got := sh.read(&a, s)
	if want := b.lexFeat(s); got != want {
		t.Fatalf("with the shape of %q, lexFeat(%q) = %v, want %v", learn, s, got, want)
	}
	if got {
		sameFeat(t, "shape", "lexer", &a, &b)
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
	f.Fuzz(func(t *testing.T, s string) { checkLex(t, s) })
}

// shapeCases are pairs of features: the shape of the first must read the
// second as lexFeat's own pass does. They seed FuzzShape.
var shapeCases = []struct{ name, learn, in string }{
	{"same shape", microHost, strings.Replace(microHost, `"h-3"`, `"h-44"`, 1)},
	{"host and link", microHost, microLink},
	{"number for a string", microHost, strings.Replace(microHost, `"h-3"`, `3`, 1)},
	{"object for a string", microHost, strings.Replace(microHost, `"IN"`, `{"a":["]"]}`, 1)},
	{"escape in a value", microHost, strings.Replace(microHost, `"IN"`, `"I\"N"`, 1)},
	{"nested coordinates", microLink, strings.Replace(microLink, `[[104.0800,30.6500],`, `[[[104.0800,30.6500]],`, 1)},
	{"position for a line", microLink, strings.Replace(microLink, `[[104.0800,30.6500],[14.47837,35.86693]]`, `[104.0800,30.6500]`, 1)},
	{"bad number", microHost, strings.Replace(microHost, `84.76891`, `084.76891`, 1)},
	{"cut short", microHost, microHost[:len(microHost)-1]},
	{"trailing data", microHost, microHost + ` x`},
	{"trailing space", microHost, microHost + " \n"},
	{"empty properties first", `{"properties":{},"geometry":{"type":"Point","coordinates":[1,2]},"type":"Feature","id":7}`,
		`{"properties":{},"geometry":{"type":"Point","coordinates":[3,-4.5]},"type":"Feature","id":"x"}`},
	{"no geometry", `{"type":"Feature","properties":{"a":1}}`, `{"type":"Feature","properties":{"a":[2]}}`},
	{"literal value", `{"type":"Feature","properties":{"a":true}}`, `{"type":"Feature","properties":{"a":nul}}`},
	{"polygon", `{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[1,2],[3,4],[5,6],[1,2]]]}}`,
		`{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[7,8],[3,4],[5,6],[7,8]]]}}`},
	{"plain coordinates, then not", microHost, strings.Replace(microHost, `[84.76891,15.42232]`, `[84.76891,"15.4"]`, 1)},
	{"null coordinates", `{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]}}`, `{"type":"Feature","geometry":{"type":"Point","coordinates":null}}`},
}

// FuzzShape checks that a feature read through the shape of another is
// read as lexFeat's own pass reads it.
func FuzzShape(f *testing.F) {
	for _, c := range shapeCases {
		f.Add(c.learn, c.in)
	}
	f.Fuzz(func(t *testing.T, learn, s string) { checkShape(t, learn, s) })
}

func TestShape(t *testing.T) {
	for _, c := range shapeCases {
		t.Run(c.name, func(t *testing.T) { checkShape(t, c.learn, c.in) })
	}
}

// TestShapeFails: features no shape can hold (a "bbox" member) among ones
// that match are not tried as shapes over and over: each try reads the
// feature a second time.
func TestShapeFails(t *testing.T) {
	poly := `{"type":"Feature","bbox":[1,2,5,6],"geometry":{"type":"Polygon","coordinates":[[[1,2],[3,4],[5,6],[1,2]]]},"properties":{"id":"a-1"}}`
	var f feat
	var sh shapes
	sh.read(&f, microHost)
	allocs := testing.AllocsPerRun(1000, func() {
		if !sh.read(&f, microHost) || !sh.read(&f, microHost) || !sh.read(&f, poly) {
			t.Fatal("declined")
		}
	})
	// Unbounded, every Polygon allocated for a try (3 or more).
	if allocs > 1 {
		t.Errorf("%.2f allocations for two hosts and a Polygon", allocs)
	}
	if sh.rest != 0 || len(sh.list) != 1 {
		t.Errorf("rest %d, %d shapes: the hosts' shape should stay", sh.rest, len(sh.list))
	}
}

// TestShapeKeepsLiterals: a shape keeps copies of the bytes between the
// values, not the feature it was learnt from (whose buffer is reused, and
// whose values can be megabytes).
func TestShapeKeepsLiterals(t *testing.T) {
	big := strings.Replace(microHost, `"Organisation 3"`, `"`+strings.Repeat("x", 4<<20)+`"`, 1)
	p, ok := learnShape(big)
	if !ok {
		t.Fatal("no shape")
	}
	lo := uintptr(unsafe.Pointer(unsafe.StringData(big)))
	hi := lo + uintptr(len(big))
	kept := 0
	held := append(append([]string{p.typ, p.gt}, p.lits...), func() (k []string) {
		for _, r := range p.keys {
			k = append(k, r.Raw, r.Str)
		}
		return k
	}()...)
	for _, x := range held {
		if x == "" {
			continue
		}
		if a := uintptr(unsafe.Pointer(unsafe.StringData(x))); a >= lo && a < hi {
			t.Fatalf("%q points into the feature it was learnt from", clip(x))
		}
		kept += len(x)
	}
	if kept > 1024 {
		t.Errorf("the shape holds %d bytes", kept)
	}
	// And nothing keeps a copy of the feature alive either.
	var m0, m1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m0)
	q := learnBig()
	runtime.GC()
	runtime.ReadMemStats(&m1)
	if grew := int64(m1.HeapAlloc) - int64(m0.HeapAlloc); grew > 1<<20 {
		t.Errorf("a shape learnt from a 4 MiB feature keeps %d bytes", grew)
	}
	runtime.KeepAlive(q)
}

// learnBig returns the shape of a host with a 4 MiB name, dropped on return.
//
//go:noinline
func learnBig() *shape {
	p, _ := learnShape(strings.Replace(microHost, `"Organisation 3"`, `"`+strings.Repeat("x", 4<<20)+`"`, 1))
	return p
}

// TestShapeRest: a parser stops trying shapes when most features match
// none, and one whose features share shapes matches nearly all of them.
func TestShapeRest(t *testing.T) {
	var f feat
	var fs shapes
	for i := range shapeWindow + 1 {
		// Each feature has a key of its own: no shape ever matches.
		if !fs.read(&f, `{"type":"Feature","properties":{"k`+itoa(i)+`":1}}`) {
			t.Fatal("declined")
		}
	}
	if fs.rest == 0 || len(fs.list) != 0 {
		t.Fatalf("after %d features of no common shape: rest %d, %d shapes", shapeWindow+1, fs.rest, len(fs.list))
	}
	var g feat
	var gs shapes
	for i := range 1000 {
		for _, s := range []string{microHost, microLink, srv} {
			if !gs.read(&g, strings.Replace(s, `"c2-`, `"c2-`+itoa(i), 1)) {
				t.Fatal("declined")
			}
		}
	}
	// Three learnt, and every later feature matched.
	if gs.rest != 0 || len(gs.list) != 3 || gs.learns != 3 || gs.hits != 3000-3 {
		t.Fatalf("hosts, links and servers: rest %d, %d shapes, %d learnt, %d matched", gs.rest, len(gs.list), gs.learns, gs.hits)
	}
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
