package jsonlex

import (
	"strings"
	"testing"

	"github.com/tidwall/gjson"
)

// cases are features Read must collect exactly as gjson does (ok) or
// decline (!ok). They seed FuzzRead.
var cases = []struct {
	name, in string
	ok       bool
}{
	{"bare geometry after white space", " {\"type\":\"LineString\"}", true},
	{"bare point after white space", "\n {\"type\":\"Point\",\"coordinates\":[1,2]}", true},
	{"point", `{"type":"Feature","geometry":{"type":"Point","coordinates":[121.5,25.04]},"properties":{"id":"h-1","country":"TW"}}`, true},
	{"server", `{"type":"Feature","geometry":{"type":"Point","coordinates":[110.35,20.02]},"properties":{"id":"c2-1","role":"control"}}`, true},
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
	// Malformed JSON (RFC 8259): declined wherever it is.
	{"letters after a number", `{"type":"Point","coordinates":[50abc,7]}`, false},
	{"hex", `{"type":"Point","coordinates":[0x10,7]}`, false},
	{"leading dot", `{"type":"Point","coordinates":[.5,7]}`, false},
	{"exponent without digits", `{"type":"Point","coordinates":[1e,7]}`, false},
	{"trailing dot", `{"type":"Point","coordinates":[10.,7]}`, false},
	{"plus sign", `{"type":"Point","coordinates":[+10,7]}`, false},
	{"numbers without a comma", `{"type":"Point","coordinates":[12 34]}`, false},
	{"unquoted value", `{"type":"Feature","properties":{"country": US, "name": "x"}}`, false},
	{"no colon in properties", `{"type":"Feature","properties":{"country" "US"}}`, false},
	{"unquoted key", `{"type":"Feature","properties":{country:"US"}}`, false},
	{"comment", `{"type":"Feature","properties":{"n":1 /* one */}}`, false},
	{"trailing comma", `{"type":"Feature","properties":{"n":[1,2,]}}`, false},
	{"raw newline in a string", "{\"type\":\"Feature\",\"properties\":{\"name\":\"a\nb\"}}", false},
	{"nested bad number", `{"type":"Feature","properties":{"n":{"a":[1,{"b":-}]}}}`, false},
	{"too deep", `{"type":"Feature","properties":{"n":` + strings.Repeat("[", 61) + strings.Repeat("]", 61) + `}}`, false},
	{"empty values", `{"type":"Feature","properties":{"a":[],"b":{},"c":[[],{}],"d":{"e":[]}}}`, true},
	{"deep enough", `{"type":"Feature","properties":{"n":` + strings.Repeat("[", 60) + strings.Repeat("]", 60) + `}}`, true},
}

// coordCases are coordinates, each read as a Point's and as a
// LineString's: Pos must hold what gjson reads of them, or nothing.
var coordCases = []string{
	"[1,2]", "[ -1.5 , 2e3 ]", "[1,2,3]", "[1,2,\"x\"]", "[1]", "[]", "[\"1\",2]", "[1 2]",
	"[0.1234567890123,-0.000000000000001]", "[123456789012345678,1]", "[1e400,1]",
	"[[1,2],[3,4]]", "[[1,2]]", "[ [1,2] , [3,[4]] ]", "[[1,2],3]", "[]  ", "[[1,2]] x",
	"[-0,0.5]", "[01,2]", "[1.,2]", "[.5,2]",
}

func coordFeatures() (in []string) {
	for _, c := range coordCases {
		for _, gt := range []string{"Point", "LineString"} {
			in = append(in, `{"type":"Feature","geometry":{"type":"`+gt+`","coordinates":`+c+`}}`)
		}
	}
	return in
}

func TestRead(t *testing.T) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var f Feature
			if err := Read(c.in, &f); (err == nil) != c.ok {
				t.Fatalf("Read: %v, want ok %v", err, c.ok)
			}
			check(t, c.in)
		})
	}
	for _, in := range coordFeatures() {
		check(t, in)
	}
}

// TestError: a declined feature says where.
func TestError(t *testing.T) {
	var f Feature
	err := Read(`{"type":"Feature","id":01}`, &f)
	if err == nil || err.Error() != "jsonlex: malformed or unusual JSON at byte 24 of the feature" {
		t.Errorf("err %v", err)
	}
}

// FuzzRead checks Read against gjson: what Read accepts is valid JSON
// and collected as gjson collects it; what gjson finds invalid, Read
// declines.
func FuzzRead(f *testing.F) {
	for _, c := range cases {
		f.Add(c.in)
	}
	for _, in := range coordFeatures() {
		f.Add(in)
	}
	f.Fuzz(check)
}

// check fails when Read accepts s and gjson finds it invalid, or collects
// it differently from reference.
func check(t *testing.T, s string) {
	var a Feature
	if err := Read(s, &a); err != nil {
		return
	}
	if !gjson.Valid(s) {
		t.Fatalf("Read accepts invalid JSON %q", s)
	}
	b := reference(s)
	if d := Diff(&a, &b); d != "" {
		t.Fatalf("Read and gjson differ on %q: %s", s, d)
	}
	if a.Pos.OK {
		checkPos(t, a.Pos, b.Coords)
	}
}

// reference collects what Read does of s with gjson (Collect).
func reference(s string) (f Feature) {
	Collect(s, &f)
	return f
}

// checkPos fails when what Read took of the coordinates in its one pass
// differs from what gjson reads of them: the first two numbers of the
// position, or the count of positions and those of the first and last.
func checkPos(t *testing.T, pos Positions, gc gjson.Result) {
	two := func(v gjson.Result) (xy [2]float64) {
		n := 0
		v.ForEach(func(_, x gjson.Result) bool {
			if x.Type != gjson.Number {
				t.Fatalf("pos %+v from %q: gjson finds a %v", pos, gc.Raw, x.Type)
			}
			if n < 2 {
				xy[n] = x.Num
			}
			n++
			return true
		})
		if n < 2 {
			t.Fatalf("pos %+v from %q: gjson finds %d numbers", pos, gc.Raw, n)
		}
		return xy
	}
	if pos.N == 0 {
		if xy := two(gc); xy != pos.A || pos.Z != pos.A {
			t.Errorf("pos %+v from %q: gjson %v", pos, gc.Raw, xy)
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
	if n != pos.N || a != pos.A || z != pos.Z {
		t.Errorf("pos %+v from %q: gjson %d positions, %v ... %v", pos, gc.Raw, n, a, z)
	}
}
