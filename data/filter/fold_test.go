package filter

import (
	"fmt"
	"strings"
	"testing"

	"threatmap/data/threat"
)

// TestFoldKey: foldKey agrees with strings.EqualFold, odd foldings included.
func TestFoldKey(t *testing.T) {
	words := []string{"embassy", "EMBASSY", "Embassy", "\u212aelvin", "kelvin", "KELVIN", "ſtate", "state", "STATE",
		"Σίσυφος", "σίσυφοσ", "ΣΊΣΥΦΟΣ", "straße", "STRASSE", "Ǆ", "ǅ", "ǆ", "", "\xff", "\ufffd", "i", "İ", "ı", "I"}
	for _, a := range words {
		for _, b := range words {
			if got, want := foldKey(a) == foldKey(b), strings.EqualFold(a, b); got != want {
				t.Errorf("%q, %q: same key %v, EqualFold %v", a, b, got, want)
			}
		}
	}
}

// manyTypes is n hosts, each of its own target type.
func manyTypes(n int) (*threat.Dataset, []string) {
	b := threat.NewBuilder(n)
	types := make([]string, n)
	for i := range n {
		types[i] = fmt.Sprintf("Type %05d", i)
		b.AddHost(threat.Host{Type: types[i], Server: -1, First: threat.NoTime, Last: threat.NoTime})
	}
	return b.Build(), types
}

// TestManyTypesQuery: all but one of 65,000 types ticked keeps all hosts
// but one, matched without regard to case.
func TestManyTypesQuery(t *testing.T) {
	ds, types := manyTypes(65_000)
	want := make([]string, 0, len(types))
	for i, ty := range types {
		if i != 123 {
			want = append(want, strings.ToLower(ty))
		}
	}
	s := NewSet(ds.Hosts.Len())
	if n := (Query{Types: want}).Apply(ds, s); n != 64_999 || s.Has(123) || !s.Has(124) {
		t.Errorf("kept %d hosts (123: %v), want 64,999 without host 123", n, s.Has(123))
	}
}

// BenchmarkManyTypesQuery compiles and applies a query ticking 64,999 of
// 65,000 types, as a click in the Types panel of such a feed does.
func BenchmarkManyTypesQuery(b *testing.B) {
	ds, types := manyTypes(65_000)
	q := Query{Types: types[1:]}
	s := NewSet(ds.Hosts.Len())
	var p Plan
	b.ReportAllocs()
	for b.Loop() {
		p.Compile(ds, q)
		if n := p.Apply(s); n != 64_999 {
			b.Fatal(n)
		}
	}
}
