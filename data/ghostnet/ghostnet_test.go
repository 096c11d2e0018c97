package ghostnet

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"threatmap/assets"
	"threatmap/data/threat"
)

var (
	genOnce sync.Once
	genData *Dataset
)

// dataset returns the default reconstruction, generated once per test run.
func dataset(t testing.TB) *Dataset {
	t.Helper()
	genOnce.Do(func() { genData = Generate(DefaultSeed) })
	return genData
}

func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func month(t time.Time) string { return t.Format("2006-01") }

func countBy(hosts []Host, key func(*Host) string) map[string]int {
	m := map[string]int{}
	for i := range hosts {
		m[key(&hosts[i])]++
	}
	return m
}

func TestHeadlineCounts(t *testing.T) {
	d := dataset(t)
	if len(d.Hosts) != 1295 {
		t.Fatalf("hosts = %d, want 1295", len(d.Hosts))
	}
	kinds := countBy(d.Hosts, func(h *Host) string { return fmt.Sprint(h.Kind) })
	want := map[string]int{
		fmt.Sprint(KindTable2): 347, fmt.Sprint(KindBroadband): 536,
		fmt.Sprint(KindUnresolved): 362, fmt.Sprint(KindHighValue): 50,
	}
	for k, n := range want {
		if kinds[k] != n {
			t.Errorf("kind %s: %d hosts, want %d", k, kinds[k], n)
		}
	}
	types := countBy(d.Hosts, func(h *Host) string { return h.Type })
	if types["private_broadband"] != 536 {
		t.Errorf("private_broadband = %d, want 536", types["private_broadband"])
	}
	// The 50 high-value hosts R counts but never lists have their own
	// type, so that they are not shown as unidentified.
	if types["unknown"] != 1295-347-536-50 || types["high_value"] != 50 {
		t.Errorf("unknown = %d, high_value = %d, want %d, 50", types["unknown"], types["high_value"], 1295-347-536-50)
	}
	ids := map[string]bool{}
	for _, h := range d.Hosts {
		if ids[h.ID] {
			t.Errorf("duplicate id %s", h.ID)
		}
		ids[h.ID] = true
		if !slices.Contains(typeCodes, h.Type) {
			t.Errorf("%s: target_type %q not in SOURCES.md §6", h.ID, h.Type)
		}
	}
}

var typeCodes = []string{"mfa", "embassy", "mission_multilateral", "intl_org", "news_media",
	"tibetan_gov", "tibetan_ngo", "gov_other", "commercial", "academic_research",
	"private_broadband", "high_value", "unknown"}

func TestCountries(t *testing.T) {
	d := dataset(t)
	by := countBy(d.Hosts, func(h *Host) string { return h.Country })
	if len(by) != 103 {
		t.Errorf("%d countries, want 103", len(by))
	}
	type kv struct {
		cc string
		n  int
	}
	var rank []kv
	for cc, n := range by {
		rank = append(rank, kv{cc, n})
	}
	sort.Slice(rank, func(i, j int) bool { return rank[i].n > rank[j].n })
	for i, cc := range []string{"TW", "US", "VN", "IN"} {
		if rank[i].cc != cc {
			t.Errorf("rank %d is %s (%d), want %s", i+1, rank[i].cc, rank[i].n, cc)
		}
		if rank[i].n <= rank[i+1].n {
			t.Errorf("%s (%d) does not lead %s (%d) strictly", rank[i].cc, rank[i].n, rank[i+1].cc, rank[i+1].n)
		}
	}
	// Only Taiwan's and Vietnam's totals are reported (press reading of
	// R's map); the US and India are only ranked.
	if !slices.Equal(d.ReportedCountries, []string{"TW", "VN"}) || len(ReportedCounts) != 2 {
		t.Errorf("reported countries %v (%v), want [TW VN]", d.ReportedCountries, ReportedCounts)
	}
	for cc, n := range map[string]int{"TW": 148, "VN": 130} {
		if by[cc] != n || ReportedCounts[cc] != n {
			t.Errorf("%s has %d hosts (reported %d), want %d", cc, by[cc], ReportedCounts[cc], n)
		}
	}
	if by["MX"] < 1 {
		t.Error("no host in Mexico (R fn 48)")
	}
	for _, o := range Table2 {
		for _, cc := range o.Countries {
			if by[cc] == 0 {
				t.Errorf("Table-2 country %s of %q has no host", cc, o.Name)
			}
		}
	}
}

func TestTable2(t *testing.T) {
	if len(Table2) != 78 {
		t.Fatalf("Table 2 has %d rows, want 78", len(Table2))
	}
	conf, total := map[string]int{}, 0
	for _, o := range Table2 {
		conf[o.Confidence]++
		total += o.Infections
		if strings.Join(o.Countries, ", ") != strings.ReplaceAll(o.Printed, "CS", "RS") {
			t.Errorf("%q: countries %v do not match printed %q", o.Name, o.Countries, o.Printed)
		}
	}
	if total != 347 || conf["high"] != 51 || conf["medium"] != 2 || conf["low"] != 25 {
		t.Errorf("Table 2: %d infections, %v rows by confidence; want 347, 51 H, 2 M, 25 L", total, conf)
	}

	d := dataset(t)
	type got struct {
		n         int
		countries map[string]int
	}
	byOrg := map[int]*got{}
	for _, h := range d.Hosts {
		if h.Kind != KindTable2 {
			if h.Org != -1 || h.Confidence != "" || h.Printed != "" {
				t.Errorf("%s: unitemised host carries Table-2 data", h.ID)
			}
			continue
		}
		o := Table2[h.Org]
		g := byOrg[h.Org]
		if g == nil {
			g = &got{countries: map[string]int{}}
			byOrg[h.Org] = g
		}
		g.n++
		g.countries[h.Country]++
		if h.Name != o.Name || h.Confidence != o.Confidence || h.Type != o.Type || h.Printed != o.Printed {
			t.Errorf("%s: %q/%s/%s/%q, want %q/%s/%s/%q", h.ID, h.Name, h.Confidence, h.Type, h.Printed,
				o.Name, o.Confidence, o.Type, o.Printed)
		}
		split := len(o.Countries) > 1
		if (h.Recon&threat.FieldCountry != 0) != split {
			t.Errorf("%s (%s): country reconstructed = %v, want %v", h.ID, o.Name, !split, split)
		}
	}
	for i, o := range Table2 {
		g := byOrg[i]
		if g == nil || g.n != o.Infections {
			t.Errorf("%q: %v hosts, want %d", o.Name, g, o.Infections)
			continue
		}
		for _, cc := range o.Countries {
			if g.countries[cc] == 0 {
				t.Errorf("%q: no host in %s", o.Name, cc)
			}
		}
		if len(g.countries) != len(o.Countries) {
			t.Errorf("%q: hosts in %v, want %v", o.Name, g.countries, o.Countries)
		}
	}
}

func TestServers(t *testing.T) {
	d := dataset(t)
	want := []string{
		"control Hainan-TELECOM Hainan CN", "control web-hosting company California US",
		"control CHINANET-GD Guangdong CN", "control CHINANET-SC Sichuan CN",
		"command CHINANET-HI Hainan CN", "command CUHKNET Hong Kong HK",
		"command CHINANET-GD Guangdong CN", "command CHINANET-SC Sichuan CN",
		"command CHINANET-JS Jiangsu CN", "command CHINANET-SC Sichuan CN",
	}
	var got []string
	ids := map[string]bool{}
	for _, s := range d.Servers {
		got = append(got, strings.Join([]string{s.Role, s.Network, s.Region, s.Country}, " "))
		ids[s.ID] = true
		if s.Lon < -180 || s.Lon > 180 || s.Lat < -90 || s.Lat > 90 {
			t.Errorf("%s: coordinates out of range", s.ID)
		}
	}
	if !slices.Equal(got, want) || len(ids) != 10 {
		t.Errorf("servers:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// R built its host list from the control servers (p.40); the command
	// servers mostly hosted malicious files (p.34).
	used := map[int]int{}
	for _, h := range d.Hosts {
		if h.Server < 0 || h.Server >= len(d.Servers) {
			t.Fatalf("%s: server %d out of range", h.ID, h.Server)
		}
		used[h.Server]++
		if d.Servers[h.Server].Role != "control" {
			t.Errorf("%s: server %s is a %s server, want a control server", h.ID,
				d.Servers[h.Server].ID, d.Servers[h.Server].Role)
		}
		if h.Recon&threat.FieldServer == 0 {
			t.Errorf("%s: server not marked reconstructed", h.ID)
		}
	}
	if len(used) != 4 {
		t.Errorf("%d servers have hosts, want the 4 control servers", len(used))
	}

	// The US server's state comes from the press, not from R.
	us := d.Servers[1]
	for _, w := range []string{"Region reconstructed from press", "a web-hosting company in the United States", "North California", "Southern California"} {
		if !strings.Contains(us.Note, w) {
			t.Errorf("%s: note %q lacks %q", us.ID, us.Note, w)
		}
	}
	for _, w := range []string{"press", "North California"} {
		if !strings.Contains(us.Source, w) {
			t.Errorf("%s: source %q lacks %q", us.ID, us.Source, w)
		}
	}
	for i, s := range d.Servers {
		if i != 1 && s.Note != "" {
			t.Errorf("%s: unexpected note %q", s.ID, s.Note)
		}
	}
}

func TestTimes(t *testing.T) {
	d := dataset(t)
	first, last := d.Hosts[0].First, d.Hosts[0].Last
	for _, h := range d.Hosts {
		first, last = minTime(first, h.First), maxTime(last, h.Last)
		if h.Last.Before(h.First) {
			t.Errorf("%s: last_seen before first_seen", h.ID)
		}
		for _, x := range []time.Time{h.First, h.Last} {
			if x.Location() != time.UTC || !x.Equal(x.Truncate(24*time.Hour)) {
				t.Errorf("%s: %v is not a UTC day", h.ID, x)
			}
		}
	}
	if !first.Equal(date("2007-05-22")) || !last.Equal(date("2009-03-12")) {
		t.Errorf("time range %v .. %v, want 2007-05-22 .. 2009-03-12", first, last)
	}

	byMonth := countBy(d.Hosts, func(h *Host) string { return month(h.First) })
	for _, m := range []string{"2007-12", "2008-08"} {
		for mm, n := range byMonth {
			if mm != "2007-12" && mm != "2008-08" && n >= byMonth[m]/4 {
				t.Errorf("month %s has %d infections: no spike in %s (%d)", mm, n, m, byMonth[m])
			}
		}
	}
	if !(byMonth["2009-01"] > byMonth["2009-02"] && byMonth["2008-12"] > byMonth["2009-01"]) {
		t.Errorf("no decline in 2009: %d, %d, %d", byMonth["2008-12"], byMonth["2009-01"], byMonth["2009-02"])
	}

	for _, c := range []struct {
		month     string
		hosts     int
		countries int
	}{{"2007-12", 320, 56}, {"2008-08", 258, 46}} {
		var in []Host
		for _, h := range d.Hosts {
			if month(h.First) == c.month {
				in = append(in, h)
			}
		}
		cs := countBy(in, func(h *Host) string { return h.Country })
		if len(in) != c.hosts || len(cs) != c.countries {
			t.Errorf("%s: %d infections in %d countries, want %d in %d", c.month, len(in), len(cs), c.hosts, c.countries)
		}
		if c.month == "2007-12" {
			taitra := 0
			for _, h := range in {
				if h.Country == "TW" && h.Name == "TAITRA, Taiwan" {
					taitra++
				}
			}
			if cs["TW"] != 113 || 2*taitra <= cs["TW"] {
				t.Errorf("December 2007: %d in Taiwan, %d of them TAITRA; want 113, a majority", cs["TW"], taitra)
			}
		}
	}

	// Named spike members (R p.44).
	for _, p := range pins {
		n := 0
		for _, h := range d.Hosts {
			if h.Name == p.Org && month(h.First) == p.Month && h.FirstMonth == p.Month {
				n++
				if p.Last != "" && (month(h.Last) != p.Last || h.LastMonth != p.Last) {
					t.Errorf("%s (%s): last seen %v, want %s", h.ID, p.Org, h.Last, p.Last)
				}
			}
		}
		if n != p.N {
			t.Errorf("%s: %d hosts first seen %s, want %d", p.Org, n, p.Month, p.N)
		}
	}
}

func TestSpans(t *testing.T) {
	d := dataset(t)
	sum, oneDay, long, longest, march, march2008 := 0, 0, 0, 0, 0, 0
	for _, h := range d.Hosts {
		s := h.Span()
		sum += s
		longest = max(longest, s)
		if s == 1 {
			oneDay++
		}
		if s > 400 {
			long++
		}
		if !h.Last.Before(date("2009-03-01")) {
			march++
			if h.First.Year() == 2008 {
				march2008++
			}
		}
		if s < 1 {
			t.Errorf("%s: span %d days", h.ID, s)
		}
	}
	if sum != 145*1295 {
		t.Errorf("mean span %.3f days, want 145", float64(sum)/1295)
	}
	if oneDay != 90 || long != 145 || longest != 660 {
		t.Errorf("spans: %d of one day, %d over 400, longest %d; want 90, 145, 660", oneDay, long, longest)
	}
	if march != 422 || march2008 != 373 {
		t.Errorf("%d hosts seen 1-12 March 2009 (%d first seen in 2008), want 422 (373)", march, march2008)
	}
}

func TestReconstructed(t *testing.T) {
	d := dataset(t)
	dated := 0
	for _, h := range d.Hosts {
		always := threat.FieldLocation | threat.FieldServer
		if h.Recon&always != always {
			t.Errorf("%s: reconstructed %v lacks coordinates or server", h.ID, h.Recon.Names())
		}
		if h.Kind != KindTable2 && h.Recon&threat.FieldCountry == 0 {
			t.Errorf("%s: country of an unitemised host not marked reconstructed", h.ID)
		}
		if h.Recon&threat.FieldConfidence != 0 || h.Recon&threat.FieldName != 0 || h.Recon&threat.FieldType != 0 {
			t.Errorf("%s: reconstructed %v", h.ID, h.Recon.Names())
		}
		if h.Recon&fieldDates == 0 {
			dated++
			if !h.First.Equal(date("2007-05-22")) || !h.Last.Equal(date("2009-03-12")) {
				t.Errorf("%s: dates marked reported but %v..%v", h.ID, h.First, h.Last)
			}
		} else if h.Recon&fieldDates != fieldDates {
			t.Errorf("%s: only one date reconstructed", h.ID)
		}
		if h.Source == "" {
			t.Errorf("%s: no source", h.ID)
		}
	}
	if dated != 1 {
		t.Errorf("%d hosts with reported dates, want 1 (the earliest infection)", dated)
	}
}

func TestCoordinates(t *testing.T) {
	loc := locator()
	check := func(what, cc string, lon, lat float64) {
		t.Helper()
		if lon < -180 || lon > 180 || lat < -90 || lat > 90 {
			t.Errorf("%s: coordinates (%v, %v) out of range", what, lon, lat)
			return
		}
		if got, ok := loc.Locate(lon, lat); !ok || got != cc {
			t.Errorf("%s: (%v, %v) locates to %q, want %s", what, lon, lat, got, cc)
		}
	}
	// Every city must lie in its country, so that the fallback of
	// placeHosts (the city itself) is always inside too.
	for _, p := range places {
		for _, c := range p.Cities {
			check(c.Name, p.Country, c.Lon, c.Lat)
		}
	}
	for name, oc := range orgCities {
		check(name, oc.Country, oc.City.Lon, oc.City.Lat)
	}
	d := dataset(t)
	for _, s := range d.Servers {
		check(s.ID, s.Country, s.Lon, s.Lat)
	}
	for _, h := range d.Hosts {
		check(h.ID, h.Country, h.Lon, h.Lat)
		if dx, dy := h.Lon-h.city.Lon, h.Lat-h.city.Lat; dx*dx+dy*dy > 1 {
			t.Errorf("%s: (%v, %v) is more than 1 degree from %s", h.ID, h.Lon, h.Lat, h.city.Name)
		}
	}
}

func TestDeterministic(t *testing.T) {
	a := AppendGeoJSON(nil, Generate(DefaultSeed))
	b := AppendGeoJSON(nil, Generate(DefaultSeed))
	if !bytes.Equal(a, b) {
		t.Fatal("two runs with the same seed differ")
	}
	c := AppendGeoJSON(nil, Generate(DefaultSeed+1))
	if bytes.Equal(a, c) {
		t.Error("seed has no effect")
	}
}

func TestEmbeddedUpToDate(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteGeoJSON(&buf, dataset(t)); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), assets.GhostNet) {
		t.Fatal("assets/ghostnet.geojson is out of date: run go generate ./data/ghostnet")
	}
}

// TestGeoJSON checks the written file against the canonical properties of
// .ci/CONTRACT.md.
func TestGeoJSON(t *testing.T) {
	d := dataset(t)
	out := AppendGeoJSON(nil, d)
	var fc struct {
		Type     string
		Metadata struct {
			Title             string
			Sources           []string
			Caveat            string
			Reconstructed     bool
			ReportedCountries []string `json:"reported_countries"`
			ConfidenceNote    string   `json:"confidence_note"`
		}
		Features []struct {
			Type     string
			Geometry struct {
				Type        string
				Coordinates json.RawMessage
			}
			Properties map[string]any
		}
	}
	if err := json.Unmarshal(out, &fc); err != nil {
		t.Fatal(err)
	}
	m := fc.Metadata
	if fc.Type != "FeatureCollection" || m.Title != "GhostNet (2009), reconstructed" || !m.Reconstructed ||
		len(m.Sources) < 5 || !strings.Contains(m.Caveat, "not who operated them") {
		t.Errorf("metadata = %+v", m)
	}
	for _, s := range m.Sources {
		if !strings.Contains(s, "http") {
			t.Errorf("source without address: %q", s)
		}
	}
	if strings.Contains(m.Caveat, "\n") || len(m.Caveat) > 500 {
		t.Error("caveat is not one line of at most 500 bytes")
	}
	// The caveat must not suggest that only small countries were filled in.
	for _, w := range []string{"only for Taiwan (148) and Vietnam (130)", "US and India", "99 other countries"} {
		if !strings.Contains(m.Caveat, w) {
			t.Errorf("caveat lacks %q", w)
		}
	}
	if !slices.Equal(m.ReportedCountries, []string{"TW", "VN"}) {
		t.Errorf("reported_countries = %v, want [TW VN]", m.ReportedCountries)
	}
	if m.ConfidenceNote != ConfidenceNote || !strings.Contains(m.ConfidenceNote, "identifying the organisation") ||
		!strings.Contains(m.ConfidenceNote, "low = from the computer name alone") {
		t.Errorf("confidence_note = %q", m.ConfidenceNote)
	}
	checkDecimals(t, out)
	if n := bytes.Count(out, []byte("\n")); n != 1+10+2*1295+1 {
		t.Errorf("%d lines, want one per feature", n)
	}

	roles := map[string]int{}
	hosts := map[string]string{} // host id -> server id
	notes := map[string]string{} // host name -> its notes
	linked := map[string]int{}
	for i, f := range fc.Features {
		p := f.Properties
		role, _ := p["role"].(string)
		roles[role]++
		switch role {
		case "host":
			if f.Geometry.Type != "Point" {
				t.Errorf("feature %d: host geometry %s", i, f.Geometry.Type)
			}
			for _, k := range []string{"id", "name", "country", "target_type", "first_seen", "last_seen", "server", "source"} {
				if s, _ := p[k].(string); s == "" {
					t.Errorf("feature %d: property %s missing", i, k)
				}
			}
			for _, k := range []string{"first_seen", "last_seen"} {
				if _, err := time.Parse(time.RFC3339, p[k].(string)); err != nil {
					t.Errorf("feature %d: %s: %v", i, k, err)
				}
			}
			if c, ok := p["confidence"]; ok && !slices.Contains([]any{"high", "medium", "low"}, c) {
				t.Errorf("feature %d: confidence %v", i, c)
			}
			for _, r := range p["reconstructed"].([]any) {
				if threat.FieldByName(r.(string)) == 0 {
					t.Errorf("feature %d: unknown reconstructed field %v", i, r)
				}
			}
			if !slices.Contains(p["reconstructed"].([]any), any("server")) {
				t.Errorf("feature %d: server assignment not marked reconstructed", i)
			}
			if !strings.HasPrefix(p["server"].(string), "ctl") {
				t.Errorf("feature %d: host on server %v, want a control server", i, p["server"])
			}
			notes[p["name"].(string)] += fmt.Sprint(p["note"])
			hosts[p["id"].(string)] = p["server"].(string)
		case "control", "command":
			if _, ok := p["ip"]; ok {
				t.Errorf("feature %d: server carries an ip", i)
			}
			if p["network"] == "" || p["region"] == "" || p["ip_note"] == nil {
				t.Errorf("feature %d: server lacks network, region or ip_note", i)
			}
		case "link":
			if f.Geometry.Type != "LineString" {
				t.Errorf("feature %d: link geometry %s", i, f.Geometry.Type)
			}
			var c [][2]float64
			if err := json.Unmarshal(f.Geometry.Coordinates, &c); err != nil || len(c) != 2 {
				t.Errorf("feature %d: link coordinates %s", i, f.Geometry.Coordinates)
			}
			if !slices.Contains(p["reconstructed"].([]any), any("link")) {
				t.Errorf("feature %d: link not marked reconstructed: %v", i, p["reconstructed"])
			}
			if s, _ := p["source"].(string); !strings.HasPrefix(s, "Reconstructed") {
				t.Errorf("feature %d: link source %q", i, s)
			}
			h := p["host"].(string)
			linked[h]++
			if hosts[h] != p["server"] {
				t.Errorf("feature %d: link %s -> %v, host says %s", i, h, p["server"], hosts[h])
			}
		default:
			t.Errorf("feature %d: role %q", i, role)
		}
	}
	if !strings.Contains(notes["Embassy of China, US"], "Republic of China (Taiwan) or of the People's Republic of China") {
		t.Errorf("Embassy of China, US: note %q lacks footnote 50", notes["Embassy of China, US"])
	}
	if !strings.Contains(notes["Embassy of Malta, Libya"], "five Maltese computers") {
		t.Errorf("Embassy of Malta, Libya: note %q", notes["Embassy of Malta, Libya"])
	}
	if roles["host"] != 1295 || roles["control"] != 4 || roles["command"] != 6 || roles["link"] != 1295 {
		t.Errorf("roles = %v", roles)
	}
	for id := range hosts {
		if linked[id] != 1 {
			t.Errorf("host %s has %d links", id, linked[id])
		}
	}
}

// checkDecimals fails when a coordinate in the GeoJSON text out has more
// than two decimals: every position is reconstructed at city level.
func checkDecimals(t *testing.T, out []byte) {
	t.Helper()
	n := 0
	for rest := out; ; {
		i := bytes.Index(rest, []byte(`"coordinates":`))
		if i < 0 {
			break
		}
		rest = rest[i+len(`"coordinates":`):]
		end := bytes.Index(rest, []byte("}"))
		for _, num := range strings.FieldsFunc(string(rest[:end]), func(r rune) bool { return strings.ContainsRune("[],", r) }) {
			n++
			if dot := strings.IndexByte(num, '.'); dot >= 0 && len(num)-dot-1 > 2 {
				t.Errorf("coordinate %s has more than 2 decimals", num)
			}
		}
	}
	if n != 2*(10+1295)+4*1295 {
		t.Errorf("%d coordinates, want %d", n, 2*(10+1295)+4*1295)
	}
}

// TestMalta: the press's five Maltese computers are Maltese institutions
// wherever they were, matching five Table-2 rows in four countries; the
// count of hosts in Malta is not reported.
func TestMalta(t *testing.T) {
	var rows []string
	for _, o := range Table2 {
		if strings.Contains(o.Name, "Malta") {
			rows = append(rows, o.Printed)
			if !strings.Contains(orgNotes[o.Name], "Neither figure counts hosts located in Malta") {
				t.Errorf("%q: no Malta note", o.Name)
			}
		}
	}
	slices.Sort(rows)
	if !slices.Equal(rows, []string{"AU", "BE", "LY", "MT", "MT"}) {
		t.Errorf("Maltese institutions printed in %v, want AU BE LY MT MT", rows)
	}
	if slices.Contains(ReportedCountries, "MT") {
		t.Error("Malta's host count is marked reported")
	}
	d := dataset(t)
	inMT, maltese := 0, 0
	for _, h := range d.Hosts {
		if h.Country == "MT" {
			inMT++
		}
		if h.Note == noteMalta {
			maltese++
		}
	}
	if inMT < 5 || maltese != 18 {
		t.Errorf("%d hosts in Malta (want >= 5, Table 2), %d of Maltese institutions (want 18)", inMT, maltese)
	}
}

// TestNotes: footnote 50 on the Chinese embassy in the US.
func TestNotes(t *testing.T) {
	d := dataset(t)
	n := 0
	for _, h := range d.Hosts {
		if h.Name == "Embassy of China, US" {
			n++
			if !strings.HasPrefix(h.Note, "Report footnote 50") || !strings.Contains(h.Note, "Republic of China (Taiwan)") {
				t.Errorf("%s: note %q", h.ID, h.Note)
			}
		} else if h.Note != "" && h.Note != noteMalta {
			t.Errorf("%s (%s): unexpected note %q", h.ID, h.Name, h.Note)
		}
	}
	if n != 1 {
		t.Errorf("%d hosts of the Embassy of China, US, want 1", n)
	}
}

// TestHighValueLabel: the 50 high-value hosts R counts but never lists are
// labelled as such, not as unidentified.
func TestHighValueLabel(t *testing.T) {
	d := dataset(t)
	n := 0
	for _, h := range d.Hosts {
		if h.Name == "High-value (not itemised)" {
			n++
			if h.Kind != KindHighValue || h.Confidence != "" || h.Type != "high_value" {
				t.Errorf("%s: kind %v, confidence %q", h.ID, h.Kind, h.Confidence)
			}
		}
	}
	if n != 50 {
		t.Errorf("%d hosts named High-value (not itemised), want 50", n)
	}
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

func BenchmarkGenerate(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		AppendGeoJSON(nil, Generate(DefaultSeed))
	}
}

func TestTibetanTargetsMostlySichuan(t *testing.T) {
	d := dataset(t)
	n, sc := 0, 0
	for _, h := range d.Hosts {
		if h.Type == "tibetan_gov" || h.Type == "tibetan_ngo" {
			n++
			if d.Servers[h.Server].Region == "Sichuan" {
				sc++
			}
		}
	}
	if n != 15 || 2*sc <= n {
		t.Errorf("%d of %d Tibetan targets on Sichuan servers, want 15 targets, a majority", sc, n)
	}
}

func ExampleGenerate() {
	d := Generate(DefaultSeed)
	countries := map[string]bool{}
	for _, h := range d.Hosts {
		countries[h.Country] = true
	}
	fmt.Println(d.Title)
	fmt.Println(len(d.Hosts), "hosts in", len(countries), "countries,", len(d.Servers), "servers")
	// Output:
	// GhostNet (2009), reconstructed
	// 1295 hosts in 103 countries, 10 servers
}
