package basemap

import (
	"strings"
	"testing"
)

var cityCases = []struct {
	name  string
	in    string
	want  int // labels; -1: an error
	first string
}{
	{"two", "Shanghai\t31.22\t121.46\tCN\t14608512\nMumbai\t19.07\t72.88\tIN\t12691836\n", 2, "Shanghai"},
	{"crlf and blank lines", "Delhi\t28.65\t77.23\tIN\t10927986\r\n\r\n", 1, "Delhi"},
	{"no final newline", "São Paulo\t-23.55\t-46.64\tBR\t10021295", 1, "São Paulo"},
	{"empty", "", 0, ""},
	{"four fields", "Delhi\t28.65\t77.23\tIN\n", -1, ""},
	{"latitude out of range", "X\t91\t0\tXX\t1\n", -1, ""},
	{"longitude NaN", "X\t0\tNaN\tXX\t1\n", -1, ""},
	{"negative population", "X\t0\t0\tXX\t-1\n", -1, ""},
	{"empty name", "\t0\t0\tXX\t1\n", -1, ""},
	{"bad UTF-8", "\xff\t0\t0\tXX\t1\n", -1, ""},
}

func TestParseCities(t *testing.T) {
	for _, tc := range cityCases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseCities([]byte(tc.in))
			if tc.want < 0 {
				if err == nil || !strings.Contains(err.Error(), "line 1") {
					t.Fatalf("ParseCities = %v, %v; want an error naming line 1", got, err)
				}
				return
			}
			if err != nil || len(got) != tc.want {
				t.Fatalf("ParseCities = %d labels, %v; want %d", len(got), err, tc.want)
			}
			if tc.want > 0 && got[0].Name != tc.first {
				t.Errorf("first = %q, want %q", got[0].Name, tc.first)
			}
		})
	}
}

func FuzzParseCities(f *testing.F) {
	for _, tc := range cityCases {
		f.Add([]byte(tc.in))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		got, err := ParseCities(b)
		if err != nil {
			return
		}
		for _, l := range got {
			if l.Name == "" || l.Lat < -90 || l.Lat > 90 || l.Lon < -180 || l.Lon > 180 || l.Rank < 0 {
				t.Fatalf("accepted a bad city: %+v", l)
			}
		}
	})
}

// TestCities: the embedded list parses, most populous first, and holds
// the cities an analyst looks for.
func TestCities(t *testing.T) {
	c := Cities()
	if len(c) < 2000 {
		t.Fatalf("%d cities embedded, want the ~2,000 of 200,000 people or more", len(c))
	}
	for i := 1; i < len(c); i++ {
		if c[i].Rank > c[i-1].Rank {
			t.Fatalf("%s (%.0f) after %s (%.0f): not by population", c[i].Name, c[i].Rank, c[i-1].Name, c[i-1].Rank)
		}
	}
	seen := map[string]bool{}
	for _, l := range c {
		seen[l.Name] = true
	}
	for _, n := range []string{"London", "New Delhi", "Beijing", "Moscow", "Taipei"} {
		if !seen[n] {
			t.Errorf("%s missing", n)
		}
	}
}

// TestCountryLabels: one label per name, largest first, each inside its
// country's bounds.
func TestCountryLabels(t *testing.T) {
	m := World110()
	ls := m.CountryLabels()
	if len(ls) < 150 {
		t.Fatalf("%d country labels, want one per country", len(ls))
	}
	if ls[0].Name != "Russia" {
		t.Errorf("largest = %s, want Russia", ls[0].Name)
	}
	byName := map[string]Label{}
	for _, l := range ls {
		if _, dup := byName[l.Name]; dup {
			t.Errorf("%s labelled twice", l.Name)
		}
		byName[l.Name] = l
	}
	for _, c := range m.Countries {
		l, ok := byName[c.Name]
		if ok && c.Name == "India" && !c.Bound.Contains([2]float64{l.Lon, l.Lat}) {
			t.Errorf("India's label at %.1f, %.1f, outside %v", l.Lon, l.Lat, c.Bound)
		}
	}
	if l := byName["India"]; l.Lat < 15 || l.Lat > 28 || l.Lon < 72 || l.Lon > 85 {
		t.Errorf("India's label at %.1f, %.1f, not in central India", l.Lon, l.Lat)
	}
}
