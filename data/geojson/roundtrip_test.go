package geojson_test

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"threatmap/data/filter"
	"threatmap/data/geojson"
	"threatmap/data/ingest"
	"threatmap/data/threat"
)

// write writes ds (opt) and returns the bytes and the counts.
func write(t testing.TB, ds *threat.Dataset, opt geojson.Options) ([]byte, geojson.Counts) {
	t.Helper()
	var buf bytes.Buffer
	n, err := geojson.Write(context.Background(), &buf, ds, opt)
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), n
}

// read ingests b, failing on any skipped feature.
func read(t testing.TB, b []byte) (*threat.Dataset, *ingest.Report) {
	t.Helper()
	d, rep := ingest.Read(context.Background(), bytes.NewReader(b), int64(len(b)), ingest.Options{Name: "out.geojson"})
	if rep.Err != nil {
		t.Fatalf("re-read: %v", rep.Err)
	}
	if rep.SkippedCount > 0 {
		t.Fatalf("re-read skipped %d features: %v", rep.SkippedCount, rep.Skipped)
	}
	return d, rep
}

// roundTrip writes ds whole, reads it back and checks it is the same.
func roundTrip(t *testing.T, ds *threat.Dataset) []byte {
	t.Helper()
	b, n := write(t, ds, geojson.Options{})
	if n.Hosts != ds.Hosts.Len() || n.Servers != len(ds.Servers) || n.Links != ds.Links.Len() {
		t.Errorf("counts %+v, want %d hosts, %d servers, %d links", n, ds.Hosts.Len(), len(ds.Servers), ds.Links.Len())
	}
	got, _ := read(t, b)
	if diff := diffDatasets(ds, got); diff != "" {
		t.Errorf("round trip differs:\n%s", diff)
	}
	return b
}

// diffDatasets lists the differences between two datasets in every
// column but feature indices, the loaded files' names and the order of
// the dictionaries and the text arena ("" when none).
func diffDatasets(a, b *threat.Dataset) string {
	var out []string
	add := func(format string, args ...any) {
		if len(out) < 20 {
			out = append(out, fmt.Sprintf(format, args...))
		}
	}
	ma, mb := a.Meta, b.Meta
	ma.Files, mb.Files = nil, nil
	if fmt.Sprintf("%#v", ma) != fmt.Sprintf("%#v", mb) {
		add("meta: %#v\n  != %#v", ma, mb)
	}
	if len(a.Servers) != len(b.Servers) {
		add("servers: %d != %d", len(a.Servers), len(b.Servers))
	} else {
		for i := range a.Servers {
			sa, sb := a.Servers[i], b.Servers[i]
			sa.Feature, sb.Feature = 0, 0
			if sa != sb {
				add("server %d: %+v\n  != %+v", i, sa, sb)
			}
		}
	}
	if a.Hosts.Len() != b.Hosts.Len() {
		add("hosts: %d != %d", a.Hosts.Len(), b.Hosts.Len())
	} else {
		for i := range a.Hosts.Len() {
			if x, y := hostRow(a, i), hostRow(b, i); x != y {
				add("host %d: %s\n  != %s", i, x, y)
			}
		}
	}
	if a.Links.Len() != b.Links.Len() {
		add("links: %d != %d", a.Links.Len(), b.Links.Len())
	} else {
		for i := range a.Links.Len() {
			if x, y := linkRow(a, i), linkRow(b, i); x != y {
				add("link %d: %s\n  != %s", i, x, y)
			}
		}
	}
	return strings.Join(out, "\n")
}

func hostRow(d *threat.Dataset, i int) string {
	h := &d.Hosts
	return fmt.Sprintf("%08x,%08x %d %d %q %q srv=%d %v %v id=%q name=%q ip=%q src=%q props=%s",
		math.Float32bits(h.Lon[i]), math.Float32bits(h.Lat[i]), h.First[i], h.Last[i], d.Country(i), d.Type(i),
		h.Server[i], h.Confidence[i], h.Recon[i], d.Str(h.ID[i]), d.Str(h.Name[i]), d.Str(h.IP[i]),
		d.Str(h.Source[i]), d.Str(h.Props[i]))
}

func linkRow(d *threat.Dataset, i int) string {
	l := &d.Links
	return fmt.Sprintf("%d->%d %08x,%08x %08x,%08x %d derived=%v recon=%v src=%q conf=%v",
		l.Server[i], l.Host[i], math.Float32bits(l.Lon0[i]), math.Float32bits(l.Lat0[i]),
		math.Float32bits(l.Lon1[i]), math.Float32bits(l.Lat1[i]), l.First[i], l.Derived[i],
		d.LinkRecon(i), d.LinkSource(i), d.LinkConfidence(i))
}

func TestRoundTripGhostNet(t *testing.T) {
	ds, rep := ingest.Default()
	if rep.Err != nil {
		t.Fatal(rep.Err)
	}
	b := roundTrip(t, ds)
	if !bytes.HasPrefix(b, []byte(`{"type":"FeatureCollection","metadata":{"title":"GhostNet`)) {
		t.Errorf("output starts %.80q", b)
	}
	if bytes.Contains(b, []byte(`"crs"`)) {
		t.Error("output has a crs member (RFC 7946 has none)")
	}
}

// oddFeed is a feed with what a round trip could lose: unicode and
// escapes, missing times, hosts with several servers (derived links),
// unknown and derived countries, a country spelled out, links whose host
// or server is missing, extra properties, provenance on every kind.
const oddFeed = `{"type":"FeatureCollection","metadata":{"title":"Odd \"set\" – 测试","sources":["a\\b","c\nd"],"caveat":"نص عربي","reconstructed":true,"reported_countries":["TW","uk"],"confidence_note":"שלום"},"features":[
{"type":"Feature","geometry":{"type":"Point","coordinates":[110.35,20.02]},"properties":{"id":"c2-1","role":"control","name":"北京服务器","country":"CN","network":"CHINANET","region":"Hainan","ip":"10.0.0.1","first_seen":"2008-01-01","confidence":"high","source":"p.32","reconstructed":"coordinates","ip_note":"redacted"}},
{"type":"Feature","geometry":{"type":"Point","coordinates":[-122.4,37.77]},"properties":{"id":"c2-2","role":"command"}},
{"type":"Feature","geometry":{"type":"Point","coordinates":[0.1,0.1]},"properties":{"role":"control","name":"no id"}},
{"type":"Feature","geometry":{"type":"Point","coordinates":[121.5,25.04]},"properties":{"id":"h-1","name":"Ministry 外交部 🙂","country":"Taiwan","target_type":"Government","first_seen":"2007-05-22T10:11:12Z","last_seen":"2009-03-12","server":["c2-1","c2-2"],"confidence":"M","source":"IWM","extra":{"a":[1,2,{"b":null}]},"note":"tab\there"}},
{"type":"Feature","geometry":{"type":"Point","coordinates":[-30.123456789,-40.987654321]},"properties":{"id":"h-2","name":"ocean","target_type":"brand new type"}},
{"type":"Feature","geometry":{"type":"Point","coordinates":[2.35,48.85]},"properties":{"id":"h-3","country":"Narnia","first_seen":1e12,"last_seen":"not a time","server":"c2-9"}},
{"type":"Feature","geometry":{"type":"Point","coordinates":[77.2,28.6]},"properties":{"id":"h-4","country":"IN","reconstructed":["coordinates","server"],"server":"c2-1","ip":"2001:db8::1"}},
{"type":"Feature","geometry":{"type":"Point","coordinates":[77.2,28.6]},"properties":{"id":"h-4","name":"duplicate id"}},
{"type":"Feature","geometry":{"type":"Point","coordinates":[1e-7,-1e-7]},"properties":{"name":"no id at all","first_seen":"0001-01-01","last_seen":"9999-12-31T23:59:59Z"}},
{"type":"Feature","geometry":{"type":"LineString","coordinates":[[110.35,20.02],[77.2,28.6]]},"properties":{"server":"c2-1","host":"h-4","confidence":"low","source":"seen","first_seen":"2008-06-01"}},
{"type":"Feature","geometry":{"type":"LineString","coordinates":[[-122.4,37.77],[77.2,28.6]]},"properties":{"server":"c2-2","host":"h-4","reconstructed":true}},
{"type":"Feature","geometry":{"type":"LineString","coordinates":[[-122.4,37.77],[5,5]]},"properties":{"server":"c2-2","host":"gone"}},
{"type":"Feature","geometry":{"type":"LineString","coordinates":[[9,9],[8,8]]},"properties":{"server":"c2-404"}},
{"type":"Feature","geometry":{"type":"LineString","coordinates":[[0.1,0.1],[1e-7,-1e-7]]},"properties":{}}
]}`

func TestRoundTripOdd(t *testing.T) {
	ds, _ := read(t, []byte(oddFeed))
	derived := 0
	for _, d := range ds.Links.Derived {
		if d {
			derived++
		}
	}
	if ds.Hosts.Len() != 6 || len(ds.Servers) != 3 || ds.Links.Len() != 7 || derived != 2 {
		t.Fatalf("feed read as %d hosts, %d servers, %d links (%d derived); want 6, 3, 7 (2)",
			ds.Hosts.Len(), len(ds.Servers), ds.Links.Len(), derived)
	}
	b := roundTrip(t, ds)
	for _, want := range []string{
		`"server":["c2-1","c2-2"]`,             // several servers: an array, primary first
		`"country":"TW"`, `"country":"Taiwan"`, // canonical, then the source's spelling
		`"first_seen":"2007-05-22T10:11:12Z"`,
		`"reconstructed":["coordinates","server"]`,
		`"coordinates":[-30.123457,-40.987656]`, // float32 shortest
		`"coordinates":[110.35,20.02]`,
	} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("output lacks %s:\n%s", want, b)
		}
	}
	// Twice: the output of a round trip is stable.
	b2, _ := write(t, mustRead(t, b), geojson.Options{})
	if !bytes.Equal(b, b2) {
		t.Errorf("second round trip differs:\n%s\n---\n%s", b, b2)
	}
}

func mustRead(t *testing.T, b []byte) *threat.Dataset {
	d, _ := read(t, b)
	return d
}

// TestFiltered writes what a filter keeps: its hosts, every server, the
// links of those hosts.
func TestFiltered(t *testing.T) {
	ds, _ := ingest.Default()
	vis := filter.NewSet(ds.Hosts.Len())
	kept := filter.Query{Countries: []string{"TW"}}.Apply(ds, vis)
	b, n := write(t, ds, geojson.Options{Visible: vis})
	wantLinks := 0
	for _, h := range ds.Links.Host {
		if h >= 0 && vis.Has(int(h)) {
			wantLinks++
		}
	}
	if n.Hosts != kept || n.Servers != len(ds.Servers) || n.Links != wantLinks || kept == 0 {
		t.Errorf("counts %+v, want %d hosts, %d servers, %d links", n, kept, len(ds.Servers), wantLinks)
	}
	got, _ := read(t, b)
	if got.Hosts.Len() != kept || got.Links.Len() != wantLinks {
		t.Fatalf("re-read %d hosts, %d links; want %d, %d", got.Hosts.Len(), got.Links.Len(), kept, wantLinks)
	}
	k := 0
	for i := range ds.Hosts.Len() {
		if !vis.Has(i) {
			continue
		}
		if got.Country(k) != "TW" || got.Str(got.Hosts.ID[k]) != ds.Str(ds.Hosts.ID[i]) {
			t.Fatalf("host %d: %s %s, want %s TW", k, got.Str(got.Hosts.ID[k]), got.Country(k), ds.Str(ds.Hosts.ID[i]))
		}
		k++
	}
}

// TestRandomRoundTrip: random datasets, built with odd values, survive a
// round trip.
func TestRandomRoundTrip(t *testing.T) {
	for seed := range uint64(30) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			src := randomFeed(rand.New(rand.NewPCG(seed, 7)), 40)
			ds, _ := read(t, src)
			roundTrip(t, ds)
		})
	}
}

// randomFeed writes a GeoJSON feed of about n hosts with random values,
// as a source might: the dataset to round-trip is what ingest makes of it.
func randomFeed(r *rand.Rand, n int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"type":"FeatureCollection","features":[`)
	sep := ""
	feature := func(geom string, props map[string]string) {
		keys := make([]string, 0, len(props))
		for k := range props {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		fmt.Fprintf(&b, `%s{"type":"Feature","geometry":%s,"properties":{`, sep, geom)
		for i, k := range keys {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, "%q:%s", k, props[k])
		}
		b.WriteString("}}\n")
		sep = ","
	}
	pick := func(vals ...string) string { return vals[r.IntN(len(vals))] }
	pos := func() (float32, float32) {
		return float32(r.Float64()*360 - 180), float32(r.Float64()*180 - 90)
	}
	pt := func(lon, lat float32) string { return fmt.Sprintf(`{"type":"Point","coordinates":[%v,%v]}`, lon, lat) }
	nsrv := 1 + r.IntN(4)
	srvPos := make([][2]float32, nsrv)
	for s := range nsrv {
		lon, lat := pos()
		srvPos[s] = [2]float32{lon, lat}
		feature(pt(lon, lat), map[string]string{"id": fmt.Sprintf(`"s%d"`, s), "role": pick(`"control"`, `"command"`),
			"name": pick(`""`, `"Сервер"`, `"server \"x\""`), "x_note": pick(`1`, `"n"`, `[true,null]`)})
	}
	times := []string{`null`, `"2009-03-29"`, `"2001-02-03T04:05:06+02:00"`, `1238284800`, `1238284800000`, `"garbage"`, `"1999"`}
	hostPos := make([][2]float32, n)
	for i := range n {
		lon, lat := pos()
		hostPos[i] = [2]float32{lon, lat}
		p := map[string]string{
			"id":          pick(fmt.Sprintf(`"h%d"`, i), fmt.Sprintf(`%d`, i), `""`),
			"name":        pick(`"名字"`, `"اسم"`, `"a\u0001b"`, `"\ud83d\ude00"`),
			"country":     pick(`"FR"`, `"fr"`, `"Germany"`, `"ZZ"`, `""`),
			"target_type": pick(`"embassy"`, `"Embassy"`, `"odd type ✓"`, `"unknown"`),
			"first_seen":  pick(times...),
			"last_seen":   pick(times...),
			"confidence":  pick(`"high"`, `"L"`, `"perhaps"`, `null`),
			"source":      pick(`"p.1"`, `"réf"`),
			"x_extra":     pick(`{"k":[1,2.5e3]}`, `"v"`, `-0`),
		}
		switch r.IntN(4) {
		case 0:
			p["server"] = fmt.Sprintf(`"s%d"`, r.IntN(nsrv))
		case 1:
			p["server"] = fmt.Sprintf(`["s%d","s%d","nope"]`, r.IntN(nsrv), r.IntN(nsrv))
		}
		if r.IntN(3) == 0 {
			p["reconstructed"] = pick(`["coordinates"]`, `"country,first_seen"`, `["server"]`)
		}
		feature(pt(lon, lat), p)
	}
	for range n / 2 {
		s, h := r.IntN(nsrv), r.IntN(n)
		line := fmt.Sprintf(`{"type":"LineString","coordinates":[[%v,%v],[%v,%v]]}`, srvPos[s][0], srvPos[s][1], hostPos[h][0], hostPos[h][1])
		p := map[string]string{"source": pick(`"seen"`, `""`), "confidence": pick(`"medium"`, `""`)}
		switch r.IntN(3) {
		case 0:
			p["server"], p["host"] = fmt.Sprintf(`"s%d"`, s), fmt.Sprintf(`"h%d"`, h)
		case 1:
			p["reconstructed"] = `true`
		}
		feature(line, p)
	}
	b.WriteString("]}")
	return b.Bytes()
}

func TestWriteCancel(t *testing.T) {
	ds := synth(200_000, 0)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var buf bytes.Buffer
	if _, err := geojson.Write(ctx, &buf, ds, geojson.Options{}); err != context.Canceled {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestWriteErrors(t *testing.T) {
	ds, _ := ingest.Default()
	if _, err := geojson.Write(context.Background(), &bytes.Buffer{}, ds, geojson.Options{Visible: filter.NewSet(3)}); err == nil {
		t.Error("a visible set of another size was accepted")
	}
	if _, err := geojson.Write(context.Background(), failWriter{}, ds, geojson.Options{}); err == nil {
		t.Error("a write error was not returned")
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, fmt.Errorf("disk full") }

// synth builds n hosts and nl links on 10 servers with a Builder.
func synth(n, nl int) *threat.Dataset {
	b := threat.NewBuilder(n)
	for s := range 10 {
		b.AddServer(threat.Server{ID: fmt.Sprintf("s%d", s), Role: threat.RoleControl, Lon: float64(s * 10), Lat: 10, First: threat.NoTime, Last: threat.NoTime})
	}
	t0 := time.Date(2008, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	types := []string{"embassy", "mfa", "news_media", "commercial"}
	for i := range n {
		b.AddHost(threat.Host{Lon: float64(i%360) - 180 + 0.123, Lat: float64(i%170) - 85 + 0.456, First: t0 + int64(i), Last: threat.NoTime,
			Country: "FR", Type: types[i%4], Server: int32(i % 10), ID: fmt.Sprintf("h%d", i), Name: "Org " + fmt.Sprint(i%1000),
			Confidence: threat.ConfHigh})
	}
	for l := range nl {
		h := l % n
		b.AddLink(threat.Link{Server: int32(h % 10), Host: int32(h), Lon0: float64(h%10) * 10, Lat0: 10,
			Lon1: float64(h%360) - 180 + 0.123, Lat1: float64(h%170) - 85 + 0.456, First: t0 + int64(l), Feature: int32(l)})
	}
	return b.Build()
}

// BenchmarkWrite1M writes 1M hosts and 1M links.
func BenchmarkWrite1M(b *testing.B) {
	ds := synth(1_000_000, 1_000_000)
	var n int64
	b.ReportAllocs()
	for b.Loop() {
		var cw countWriter
		c, err := geojson.Write(context.Background(), &cw, ds, geojson.Options{})
		if err != nil || c.Hosts != 1_000_000 || c.Links != 1_000_000 {
			b.Fatalf("%+v %v", c, err)
		}
		n = cw.n
	}
	b.SetBytes(n)
}

type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

// TestProgress: Progress is called as features are written, never past
// the total, and last with the total.
func TestProgress(t *testing.T) {
	ds := synth(100_000, 50_000)
	var calls [][2]int
	_, err := geojson.Write(context.Background(), &countWriter{}, ds, geojson.Options{Progress: func(done, total int) {
		calls = append(calls, [2]int{done, total})
	}})
	if err != nil {
		t.Fatal(err)
	}
	total := 10 + 100_000 + 50_000
	if len(calls) < 4 || calls[len(calls)-1] != [2]int{total, total} {
		t.Fatalf("progress calls %v, want several ending with %d of %d", calls, total, total)
	}
	for i, c := range calls {
		if c[1] != total || c[0] > total || i > 0 && c[0] <= calls[i-1][0] {
			t.Errorf("call %d: %v", i, c)
		}
	}
}
