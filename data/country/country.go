// Package country is the ISO 3166-1 country table: alpha-2, alpha-3 and
// numeric codes and an English short name for every entry, with a Lookup
// that also understands the names and odd codes found in real feeds.
//
// Name is the ISO 3166-1 English short name, except that the formal
// "X, Y of" forms are replaced by their common name ("South Korea",
// "Iran", "Laos", "Russia", "Taiwan", "Vietnam", "DR Congo", ...).
//
// Besides the 249 current ISO entries the table holds two more:
//   - XK Kosovo (alpha-3 XKX, no numeric code): user-assigned, but what
//     the EU, the IMF and most IP geolocation feeds use.
//   - CS Serbia and Montenegro (SCG, 891): withdrawn in 2006 (ISO 3166-3)
//     but printed by GeoIP databases and reports of the time, GhostNet
//     (2009) among them. It is kept as its own entry rather than mapped to
//     RS, because the source does not say which of the two successors is
//     meant.
//
// Lookup also takes exceptionally reserved and transitional alpha-2 codes
// that mean one current country: UK and EL (GB and GR, as the EU writes
// them), FX (metropolitan France), TP (East Timor), ZR (Zaire) and BU
// (Burma).
//
// Everything here is read-only (the lookup tables are built once, on first
// use) and safe for concurrent use.
package country

import (
	"cmp"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// Country is one entry of the table.
type Country struct {
	Alpha2  string // ISO 3166-1 alpha-2, upper case, e.g. "IN"
	Alpha3  string // ISO 3166-1 alpha-3, e.g. "IND"
	Numeric string // ISO 3166-1 numeric, three digits, e.g. "356"; "" for XK
	Name    string // English short name, e.g. "India"
}

// alias is another name or code for the country with alpha-2 code Alpha2.
type alias struct{ Name, Alpha2 string }

// codeAliases are alpha-2 codes outside the table that mean one entry of it.
var codeAliases = [...]alias{
	{"UK", "GB"}, // exceptionally reserved for the United Kingdom
	{"EL", "GR"}, // exceptionally reserved, used by the EU for Greece
	{"FX", "FR"}, // metropolitan France, exceptionally reserved
	{"TP", "TL"}, // East Timor until 2002
	{"ZR", "CD"}, // Zaire until 1997
	{"BU", "MM"}, // Burma until 1989
}

// nameAliases are common English names, other spellings and the names used
// by Natural Earth (the base map) that are not already a Name or an ISO
// formal name.
var nameAliases = [...]alias{
	// Common names and older names.
	{"America", "US"}, {"U.S.", "US"}, {"U.S.A.", "US"}, {"United States of America", "US"},
	{"The US", "US"}, {"The USA", "US"},
	{"Great Britain", "GB"}, {"Britain", "GB"}, {"U.K.", "GB"}, {"The UK", "GB"},
	// The UK's four countries, as feeds and users write them for the whole.
	{"England", "GB"}, {"Scotland", "GB"}, {"Wales", "GB"}, {"Northern Ireland", "GB"},
	{"UAE", "AE"}, {"Emirates", "AE"}, {"Bosnia", "BA"},
	{"Russian Federation", "RU"},
	{"Republic of Korea", "KR"}, {"Korea, South", "KR"}, {"Korea, Rep.", "KR"}, {"Korea (South)", "KR"},
	{"Democratic People's Republic of Korea", "KP"}, {"Korea, North", "KP"},
	{"Korea, Dem. People's Rep.", "KP"}, {"Korea (North)", "KP"}, {"DPRK", "KP"},
	{"Viet Nam", "VN"},
	{"Iran (Islamic Republic of)", "IR"}, {"Iran, Islamic Rep.", "IR"},
	{"Lao PDR", "LA"}, {"Lao", "LA"},
	{"Syrian Arab Republic", "SY"},
	{"Republic of China", "TW"}, {"Chinese Taipei", "TW"}, {"Taiwan, China", "TW"},
	{"PRC", "CN"}, {"Mainland China", "CN"},
	{"Hong Kong SAR", "HK"}, {"Hong Kong, China", "HK"}, {"Macau", "MO"}, {"Macao SAR", "MO"},
	{"Czech Republic", "CZ"}, {"Slovak Republic", "SK"}, {"Kyrgyz Republic", "KG"},
	{"Ivory Coast", "CI"}, {"Cote d'Ivoire", "CI"},
	{"Cape Verde", "CV"}, {"East Timor", "TL"}, {"Swaziland", "SZ"}, {"Burma", "MM"},
	{"Macedonia", "MK"}, {"Republic of Macedonia", "MK"}, {"North Macedonia, Republic of", "MK"},
	{"Turkey", "TR"}, {"Turkiye", "TR"},
	{"Moldova, Republic of", "MD"}, {"Republic of Moldova", "MD"},
	{"United Republic of Tanzania", "TZ"},
	{"Bolivia (Plurinational State of)", "BO"}, {"Venezuela (Bolivarian Republic of)", "VE"},
	{"Micronesia (Federated States of)", "FM"}, {"Federated States of Micronesia", "FM"},
	{"Congo, Democratic Republic of the", "CD"}, {"Democratic Republic of the Congo", "CD"},
	{"Congo, Dem. Rep.", "CD"}, {"DRC", "CD"}, {"Congo-Kinshasa", "CD"},
	{"Republic of the Congo", "CG"}, {"Congo, Rep.", "CG"}, {"Congo-Brazzaville", "CG"},
	{"Vatican", "VA"}, {"Holy See", "VA"},
	{"Palestinian Territories", "PS"}, {"Palestinian Territory", "PS"}, {"Palestine, State of", "PS"},
	{"The Bahamas", "BS"}, {"Bahamas, The", "BS"}, {"The Gambia", "GM"}, {"Gambia, The", "GM"},
	{"The Netherlands", "NL"}, {"Holland", "NL"},
	{"Falkland Islands (Malvinas)", "FK"}, {"Pitcairn", "PN"},
	{"Saint Helena", "SH"}, {"St. Helena", "SH"},
	{"Saint Martin (French part)", "MF"}, {"Sint Maarten (Dutch part)", "SX"},
	{"Virgin Islands, British", "VG"}, {"Virgin Islands, U.S.", "VI"}, {"US Virgin Islands", "VI"},
	{"Aland Islands", "AX"}, {"Curacao", "CW"}, {"Reunion", "RE"}, {"Saint Barthelemy", "BL"},
	{"Sao Tome and Principe", "ST"}, {"São Tomé and Príncipe", "ST"},
	{"Brunei Darussalam", "BN"}, {"Timor Leste", "TL"},
	{"Serbia and Montenegro", "CS"}, {"Kosovo, Republic of", "XK"}, {"Republic of Kosovo", "XK"},

	// Natural Earth names (properties.name in world-atlas countries-*.json).
	// Somaliland and N. Cyprus have no ISO code of their own: they are
	// mapped to the ISO entry that contains them de jure.
	{"Marshall Is.", "MH"}, {"N. Mariana Is.", "MP"}, {"U.S. Virgin Is.", "VI"},
	{"S. Geo. and the Is.", "GS"}, {"Br. Indian Ocean Ter.", "IO"}, {"Pitcairn Is.", "PN"},
	{"Falkland Is.", "FK"}, {"Cayman Is.", "KY"}, {"British Virgin Is.", "VG"},
	{"Turks and Caicos Is.", "TC"}, {"eSwatini", "SZ"}, {"S. Sudan", "SS"}, {"Somaliland", "SO"},
	{"Solomon Is.", "SB"}, {"St. Vin. and Gren.", "VC"}, {"St. Kitts and Nevis", "KN"},
	{"Cook Is.", "CK"}, {"W. Sahara", "EH"}, {"St. Pierre and Miquelon", "PM"},
	{"Wallis and Futuna Is.", "WF"}, {"St-Martin", "MF"}, {"St-Barthélemy", "BL"},
	{"Fr. Polynesia", "PF"}, {"Fr. S. Antarctic Lands", "TF"}, {"Åland", "AX"},
	{"Eq. Guinea", "GQ"}, {"Dominican Rep.", "DO"}, {"Faeroe Is.", "FO"}, {"Faroe Is.", "FO"},
	{"N. Cyprus", "CY"}, {"Northern Cyprus", "CY"}, {"Dem. Rep. Congo", "CD"},
	{"Central African Rep.", "CF"}, {"Bosnia and Herz.", "BA"}, {"Heard I. and McDonald Is.", "HM"},
	{"Antigua and Barb.", "AG"}, {"Ashmore and Cartier Is.", "AU"},
}

// tables are the lookup structures, built on first use (sync.OnceValue):
// a process that never looks a country up does not pay for them.
type tables struct {
	// index maps the upper-case form of every code, name and alias to an
	// index into table.
	index map[string]uint16
	// byA2 maps a two-letter code ('A'..'Z' twice) to 1 + its index in
	// table; 0 means unknown.
	byA2 [26 * 26]uint16
	// byName is table ordered by name (see All).
	byName []Country
}

var tabs = sync.OnceValue(func() *tables {
	t := &tables{}
	t.index, _ = build()
	for k, i := range t.index {
		if len(k) == 2 && isUpper(k[0]) && isUpper(k[1]) {
			t.byA2[int(k[0]-'A')*26+int(k[1]-'A')] = i + 1
		}
	}
	t.byName = slices.Clone(table[:])
	slices.SortFunc(t.byName, func(a, b Country) int {
		return cmp.Or(cmp.Compare(sortKey(a.Name), sortKey(b.Name)), cmp.Compare(a.Name, b.Name))
	})
	return t
})

// build makes the lookup index. conflicts lists keys that two entries
// claim (the first one wins); the tests require it to be empty.
func build() (m map[string]uint16, conflicts []string) {
	pos := make(map[string]uint16, len(table))
	for i, c := range table {
		pos[c.Alpha2] = uint16(i)
	}
	m = make(map[string]uint16, 8*len(table))
	add := func(key string, i uint16) {
		if key == "" {
			return
		}
		for _, k := range [2]string{strings.ToUpper(key), fold(strings.ToUpper(key))} {
			if j, ok := m[k]; ok {
				if j != i {
					conflicts = append(conflicts, k)
				}
				continue
			}
			m[k] = i
		}
	}
	for i, c := range table {
		add(c.Alpha2, uint16(i))
		add(c.Alpha3, uint16(i))
		add(c.Numeric, uint16(i))
		add(c.Name, uint16(i))
	}
	for _, list := range [][]alias{codeAliases[:], isoNames[:], nameAliases[:]} {
		for _, a := range list {
			i, ok := pos[a.Alpha2]
			if !ok {
				conflicts = append(conflicts, a.Name+" -> unknown "+a.Alpha2)
				continue
			}
			add(a.Name, i)
		}
	}
	return m, conflicts
}

// Lookup finds a country by alpha-2, alpha-3 or numeric code, English name,
// ISO formal name or a known alias, ignoring case, surrounding space and
// (for names) Latin diacritics. Numeric codes may omit leading zeros ("4"
// finds Afghanistan, "004"). It reports false for anything else, including
// "" and region codes such as "EU" or "AP".
//
// Lookup does not allocate for ASCII input of up to 64 bytes.
func Lookup(s string) (Country, bool) {
	s = strings.TrimSpace(s)
	n := len(s)
	if n == 0 {
		return Country{}, false
	}
	if n == 2 {
		if c, ok := ByAlpha2(s); ok {
			return c, true
		}
	}
	var buf [64]byte
	if n <= 3 && isDigits(s) {
		// Numeric code: left-pad to three digits.
		copy(buf[:], "000")
		copy(buf[3-n:], s)
		return find(buf[:3])
	}
	if n <= len(buf) {
		ascii := true
		for i := 0; i < n; i++ {
			b := s[i]
			if b >= utf8.RuneSelf {
				ascii = false
				break
			}
			if 'a' <= b && b <= 'z' {
				b -= 'a' - 'A'
			}
			buf[i] = b
		}
		if ascii {
			return find(buf[:n])
		}
	}
	u := strings.ToUpper(strings.ReplaceAll(s, "’", "'"))
	index := tabs().index
	if i, ok := index[u]; ok {
		return table[i], true
	}
	if i, ok := index[fold(u)]; ok {
		return table[i], true
	}
	return Country{}, false
}

// find looks up an upper-case key without allocating.
func find(key []byte) (Country, bool) {
	if i, ok := tabs().index[string(key)]; ok {
		return table[i], true
	}
	return Country{}, false
}

// ByAlpha2 finds a country by its two-letter code, ignoring case. Besides
// the codes of the table it takes the code aliases described in the package
// comment (UK finds GB). It does not trim space and does not allocate.
func ByAlpha2(code string) (Country, bool) {
	if len(code) != 2 {
		return Country{}, false
	}
	a, b := code[0]&^0x20, code[1]&^0x20 // ASCII upper case
	if !isUpper(a) || !isUpper(b) {
		return Country{}, false
	}
	i := tabs().byA2[int(a-'A')*26+int(b-'A')]
	if i == 0 {
		return Country{}, false
	}
	return table[i-1], true
}

// Name returns the English short name for an alpha-2 code (any case), the
// code itself when it is unknown, and "Unknown" for "".
func Name(alpha2 string) string {
	if alpha2 == "" {
		return "Unknown"
	}
	if c, ok := ByAlpha2(alpha2); ok {
		return c.Name
	}
	return alpha2
}

// All returns every entry of the table, sorted by name (diacritics ignored,
// so Åland Islands sorts among the A's). The slice is a fresh copy.
func All() []Country { return slices.Clone(tabs().byName) }

func isUpper(b byte) bool { return 'A' <= b && b <= 'Z' }

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// sortKey is the name as All orders it: upper case, diacritics removed.
func sortKey(s string) string { return fold(strings.ToUpper(s)) }

// fold replaces the accented Latin letters that occur in country names with
// their base letter; other text is unchanged.
func fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if f := foldRune(r); f != 0 {
			b.WriteByte(f)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// foldRune maps the Latin-1 letters (both cases) to their base letter,
// and anything else to 0. A switch, not a map: nothing to build at start.
func foldRune(r rune) byte {
	switch r {
	case 'À', 'Á', 'Â', 'Ã', 'Ä', 'Å':
		return 'A'
	case 'à', 'á', 'â', 'ã', 'ä', 'å':
		return 'a'
	case 'Ç':
		return 'C'
	case 'ç':
		return 'c'
	case 'È', 'É', 'Ê', 'Ë':
		return 'E'
	case 'è', 'é', 'ê', 'ë':
		return 'e'
	case 'Ì', 'Í', 'Î', 'Ï':
		return 'I'
	case 'ì', 'í', 'î', 'ï':
		return 'i'
	case 'Ñ':
		return 'N'
	case 'ñ':
		return 'n'
	case 'Ò', 'Ó', 'Ô', 'Õ', 'Ö', 'Ø':
		return 'O'
	case 'ò', 'ó', 'ô', 'õ', 'ö', 'ø':
		return 'o'
	case 'Ù', 'Ú', 'Û', 'Ü':
		return 'U'
	case 'ù', 'ú', 'û', 'ü':
		return 'u'
	case 'Ý':
		return 'Y'
	case 'ý', 'ÿ':
		return 'y'
	}
	return 0
}
