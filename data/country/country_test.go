package country

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

var lookupTests = []struct {
	name, in string
	want     string // alpha-2, "" for not found
}{
	{"alpha2", "IN", "IN"},
	{"alpha2 lower", "tw", "TW"},
	{"alpha2 space", "  us \n", "US"},
	{"alpha3", "RUS", "RU"},
	{"alpha3 lower", "gbr", "GB"},
	{"numeric", "356", "IN"},
	{"numeric short", "4", "AF"},
	{"numeric two digits", "36", "AU"},
	{"numeric padded", "004", "AF"},
	{"name", "India", "IN"},
	{"name upper", "UNITED STATES", "US"},
	{"name russia", "Russia", "RU"},
	{"short name korea", "South Korea", "KR"},
	{"iso name korea", "Korea, Republic of", "KR"},
	{"republic of korea", "Republic of Korea", "KR"},
	{"north korea", "Korea, Democratic People's Republic of", "KP"},
	{"viet nam", "Viet Nam", "VN"},
	{"vietnam", "vietnam", "VN"},
	{"russian federation", "Russian Federation", "RU"},
	{"iran iso", "Iran, Islamic Republic of", "IR"},
	{"laos", "Laos", "LA"},
	{"lao iso", "Lao People's Democratic Republic", "LA"},
	{"taiwan iso", "Taiwan, Province of China", "TW"},
	{"great britain", "Great Britain", "GB"},
	{"usa", "USA", "US"},
	{"usa long", "United States of America", "US"},
	{"america", "america", "US"},
	{"the us", "the US", "US"},
	{"britain", "britain", "GB"},
	{"the uk", "The UK", "GB"},
	{"england", "england", "GB"},
	{"uae", "uae", "AE"},
	{"emirates", "Emirates", "AE"},
	{"bosnia", "Bosnia", "BA"},
	{"czechia", "Czechia", "CZ"},
	{"czech republic", "czech republic", "CZ"},
	{"ivory coast", "Ivory Coast", "CI"},
	{"cote accent", "Côte d'Ivoire", "CI"},
	{"cote accent upper", "CÔTE D'IVOIRE", "CI"},
	{"cote curly apostrophe", "Côte d’Ivoire", "CI"},
	{"cote plain", "Cote d'Ivoire", "CI"},
	{"aland folded", "aland islands", "AX"},
	{"turkey", "Turkey", "TR"},
	{"turkiye", "Türkiye", "TR"},
	{"UK", "UK", "GB"},
	{"uk lower", "uk", "GB"},
	{"CS", "CS", "CS"},
	{"CS name", "Serbia and Montenegro", "CS"},
	{"CS numeric", "891", "CS"},
	{"XK", "XK", "XK"},
	{"kosovo", "Kosovo", "XK"},
	{"kosovo alpha3", "XKX", "XK"},
	{"serbia", "RS", "RS"},
	{"ne dem rep congo", "Dem. Rep. Congo", "CD"},
	{"ne bosnia", "Bosnia and Herz.", "BA"},
	{"ne car", "Central African Rep.", "CF"},
	{"ne s sudan", "S. Sudan", "SS"},
	{"ne w sahara", "W. Sahara", "EH"},
	{"ne n cyprus", "N. Cyprus", "CY"},
	{"ne somaliland", "Somaliland", "SO"},
	{"ne eswatini", "eSwatini", "SZ"},
	{"ne st martin", "St-Martin", "MF"},
	{"ne barthelemy", "St-Barthélemy", "BL"},
	{"congo", "Congo", "CG"},
	{"congo iso", "Congo, The Democratic Republic of the", "CD"},
	{"zaire code", "ZR", "CD"},

	{"empty", "", ""},
	{"space", "   ", ""},
	{"eu region", "EU", ""},
	{"ap region", "AP", ""},
	{"one letter", "U", ""},
	{"numeric unknown", "999", ""},
	{"numeric zero", "0", ""},
	{"numeric long", "0356", ""},
	{"korea ambiguous", "Korea", ""},
	{"garbage", "not a country", ""},
	{"long ascii", strings.Repeat("A", 100), ""},
	{"long unicode", strings.Repeat("Å", 100), ""},
	{"invalid utf8", "\xff\xfe", ""},
	{"nul", "I\x00N", ""},
}

func TestLookup(t *testing.T) {
	for _, tt := range lookupTests {
		t.Run(tt.name, func(t *testing.T) {
			c, ok := Lookup(tt.in)
			if ok != (tt.want != "") || c.Alpha2 != tt.want {
				t.Errorf("Lookup(%q) = %+v, %v; want %q", tt.in, c, ok, tt.want)
			}
		})
	}
}

func TestTable(t *testing.T) {
	if _, conflicts := build(); len(conflicts) > 0 {
		t.Errorf("keys claimed twice or aliases to unknown codes: %q", conflicts)
	}
	if n := len(table); n != 251 { // 249 ISO + XK + CS
		t.Errorf("len(table) = %d, want 251", n)
	}
	for i, c := range table {
		if i > 0 && table[i-1].Alpha2 >= c.Alpha2 {
			t.Errorf("table not ordered by alpha-2 at %q", c.Alpha2)
		}
		if len(c.Alpha2) != 2 || len(c.Alpha3) != 3 || c.Name == "" {
			t.Errorf("bad entry %+v", c)
		}
		if c.Numeric != "" && (len(c.Numeric) != 3 || !isDigits(c.Numeric)) {
			t.Errorf("bad numeric in %+v", c)
		}
		for _, k := range []string{c.Alpha2, c.Alpha3, c.Numeric, c.Name, strings.ToLower(c.Name)} {
			if k == "" {
				continue
			}
			if got, ok := Lookup(k); !ok || got != c {
				t.Errorf("Lookup(%q) = %+v, %v; want %+v", k, got, ok, c)
			}
		}
		if got, ok := ByAlpha2(strings.ToLower(c.Alpha2)); !ok || got != c {
			t.Errorf("ByAlpha2(%q) = %+v, %v", c.Alpha2, got, ok)
		}
	}
}

func TestName(t *testing.T) {
	for in, want := range map[string]string{
		"":   "Unknown",
		"IN": "India",
		"gb": "United Kingdom",
		"UK": "United Kingdom",
		"ZZ": "ZZ",
		"A1": "A1",
		"KR": "South Korea",
		"CS": "Serbia and Montenegro",
	} {
		if got := Name(in); got != want {
			t.Errorf("Name(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestAll(t *testing.T) {
	all := All()
	if len(all) != len(table) {
		t.Fatalf("len(All()) = %d, want %d", len(all), len(table))
	}
	for i := 1; i < len(all); i++ {
		if sortKey(all[i-1].Name) > sortKey(all[i].Name) {
			t.Errorf("All not sorted: %q before %q", all[i-1].Name, all[i].Name)
		}
	}
	if all[0].Name != "Afghanistan" || all[1].Name != "Åland Islands" {
		t.Errorf("All starts %q, %q", all[0].Name, all[1].Name)
	}
	all[0].Name = "changed"
	if All()[0].Name != "Afghanistan" {
		t.Error("All returns shared storage")
	}
}

func TestLookupAllocs(t *testing.T) {
	for _, s := range []string{"IN", "usa", "356", "4", "United Kingdom", " viet nam ", "nowhere"} {
		if n := testing.AllocsPerRun(100, func() { Lookup(s) }); n != 0 {
			t.Errorf("Lookup(%q) allocates %v times", s, n)
		}
	}
}

func FuzzLookup(f *testing.F) {
	for _, tt := range lookupTests {
		f.Add(tt.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, ok := Lookup(s)
		if !ok {
			if c != (Country{}) {
				t.Fatalf("Lookup(%q) = %+v with ok=false", s, c)
			}
			return
		}
		if got, ok := ByAlpha2(c.Alpha2); !ok || got != c {
			t.Fatalf("Lookup(%q) = %+v, not in table", s, c)
		}
		if isASCII(s) {
			for _, v := range []string{strings.ToLower(s), strings.ToUpper(s)} {
				if got, ok := Lookup(v); !ok || got != c {
					t.Fatalf("Lookup(%q) = %+v but Lookup(%q) = %+v, %v", s, c, v, got, ok)
				}
			}
		}
	})
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func BenchmarkLookup(b *testing.B) {
	in := []string{"IN", "us", "RUS", "356", "United Kingdom", "Korea, Republic of", "nowhere", "Côte d'Ivoire"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		Lookup(in[i%len(in)])
	}
}

func ExampleLookup() {
	for _, s := range []string{"tw", "IND", "356", "Viet Nam", "Dem. Rep. Congo", "UK", "CS", "EU"} {
		c, ok := Lookup(s)
		fmt.Printf("%-16q %v %s %s %s %s\n", s, ok, c.Alpha2, c.Alpha3, c.Numeric, c.Name)
	}
	// Output:
	// "tw"             true TW TWN 158 Taiwan
	// "IND"            true IN IND 356 India
	// "356"            true IN IND 356 India
	// "Viet Nam"       true VN VNM 704 Vietnam
	// "Dem. Rep. Congo" true CD COD 180 DR Congo
	// "UK"             true GB GBR 826 United Kingdom
	// "CS"             true CS SCG 891 Serbia and Montenegro
	// "EU"             false
}

func ExampleName() {
	fmt.Println(Name("KR"), "|", Name(""), "|", Name("A1"))
	// Output: South Korea | Unknown | A1
}
