// Package ingesttest writes deterministic synthetic infection maps for
// tests and benchmarks of package ingest and of the tools that read or draw
// its output (cmd/tmbench).
package ingesttest

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
)

// Servers is how many servers every synthetic file holds: GhostNet's 4
// control and 6 command servers.
const Servers = 10

// place is a country with a box its hosts are scattered in.
type place struct {
	cc                     string
	lon0, lat0, lon1, lat1 float64
}

var places = []place{
	{"TW", 120.2, 22.5, 121.6, 25.1}, {"US", -120, 33, -75, 45}, {"VN", 105.5, 10.5, 106.8, 21.2},
	{"IN", 72.8, 12.9, 88.3, 28.7}, {"CN", 110, 22, 121, 32}, {"DE", 7, 48, 13, 53},
	{"GB", -2.5, 51.2, -0.1, 53.5}, {"FR", 0.5, 44, 5, 49}, {"BR", -48, -23, -43, -15},
	{"AU", 145, -38, 153, -27}, {"JP", 135, 34, 140, 36}, {"ID", 106.7, -7, 112, -6.2},
	{"PH", 120.9, 14.4, 121.1, 14.7}, {"TH", 100.4, 13.6, 100.7, 13.9}, {"MY", 101.5, 3, 101.8, 3.2},
	{"PK", 73, 33.6, 73.1, 33.7}, {"BD", 90.3, 23.7, 90.5, 23.9}, {"NP", 85.2, 27.6, 85.4, 27.8},
	{"MT", 14.4, 35.85, 14.5, 35.9}, {"RO", 26, 44.4, 26.2, 44.5},
}

var types = []string{"mfa", "embassy", "mission_multilateral", "intl_org", "news_media", "tibetan_gov",
	"tibetan_ngo", "gov_other", "commercial", "academic_research", "private_broadband", "unknown"}

var confs = []string{"high", "medium", "low"}

var servers = [Servers]struct {
	role     string
	lon, lat float64
}{
	{"control", 110.35, 20.02}, {"control", -118.24, 34.05}, {"control", 113.26, 23.13}, {"control", 104.07, 30.67},
	{"command", 110.33, 20.03}, {"command", 114.17, 22.32}, {"command", 113.27, 23.12}, {"command", 104.06, 30.66},
	{"command", 118.78, 32.06}, {"command", 104.08, 30.65},
}

// CountryCounts returns how many hosts of a file of n hosts are in each
// country, as WriteGeoJSON distributes them.
func CountryCounts(n int) map[string]int {
	m := map[string]int{}
	for i := range n {
		m[places[i%len(places)].cc]++
	}
	return m
}

// WriteGeoJSON writes a FeatureCollection of Servers servers, hosts hosts
// and links links (link i joins host i mod hosts to its server) with the
// canonical properties. The output depends only on the arguments.
func WriteGeoJSON(w io.Writer, hosts, links int) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	r := rand.New(rand.NewPCG(2009, 3))
	b := make([]byte, 0, 512)
	bw.WriteString(`{"type":"FeatureCollection","metadata":{"title":"synthetic benchmark","reconstructed":true},"features":[` + "\n")
	for k, s := range servers {
		b = b[:0]
		b = append(b, `{"type":"Feature","geometry":{"type":"Point","coordinates":[`...)
		b = strconv.AppendFloat(b, s.lon, 'f', 4, 64)
		b = append(b, ',')
		b = strconv.AppendFloat(b, s.lat, 'f', 4, 64)
		b = fmt.Appendf(b, `]},"properties":{"id":"c2-%d","role":"%s","name":"server %d","country":"CN","network":"CHINANET","first_seen":"2007-05-22"}},`+"\n", k, s.role, k)
		bw.Write(b)
	}
	lon := make([]float64, hosts)
	lat := make([]float64, hosts)
	srv := make([]int, hosts)
	first := make([]int64, hosts)
	for i := range hosts {
		p := places[i%len(places)]
		lon[i] = p.lon0 + r.Float64()*(p.lon1-p.lon0)
		lat[i] = p.lat0 + r.Float64()*(p.lat1-p.lat0)
		srv[i] = r.IntN(Servers)
		first[i] = 1179792000 + r.Int64N(57000000) // 2007-05-22 + up to 660 days
		last := first[i] + r.Int64N(30000000)
		b = b[:0]
		b = append(b, `{"type":"Feature","geometry":{"type":"Point","coordinates":[`...)
		b = strconv.AppendFloat(b, lon[i], 'f', 5, 64)
		b = append(b, ',')
		b = strconv.AppendFloat(b, lat[i], 'f', 5, 64)
		b = fmt.Appendf(b, `]},"properties":{"id":"h-%d","role":"host","name":"Organisation %d","ip":"%d.%d.%d.%d","country":"%s","target_type":"%s","first_seen":"%s","last_seen":"%s","server":"c2-%d","confidence":"%s"}}`,
			i, i, 1+r.IntN(222), r.IntN(256), r.IntN(256), 1+r.IntN(254), p.cc, types[r.IntN(len(types))],
			rfc3339(first[i]), rfc3339(last)[:10], srv[i], confs[r.IntN(3)])
		if i < hosts-1 || links > 0 {
			b = append(b, ',')
		}
		b = append(b, '\n')
		bw.Write(b)
	}
	for k := range links {
		i := k % max(hosts, 1)
		s := servers[srv[i]]
		b = b[:0]
		b = append(b, `{"type":"Feature","geometry":{"type":"LineString","coordinates":[[`...)
		b = strconv.AppendFloat(b, s.lon, 'f', 4, 64)
		b = append(b, ',')
		b = strconv.AppendFloat(b, s.lat, 'f', 4, 64)
		b = append(b, "],["...)
		b = strconv.AppendFloat(b, lon[i], 'f', 5, 64)
		b = append(b, ',')
		b = strconv.AppendFloat(b, lat[i], 'f', 5, 64)
		b = fmt.Appendf(b, `]]},"properties":{"role":"link","server":"c2-%d","host":"h-%d","first_seen":"%s"}}`, srv[i], i, rfc3339(first[i])[:10])
		if k < links-1 {
			b = append(b, ',')
		}
		b = append(b, '\n')
		bw.Write(b)
	}
	bw.WriteString("]}\n")
	return bw.Flush()
}

// rfc3339 formats Unix seconds as UTC RFC 3339 without the time package's
// allocation per call mattering here (a generator, not a hot path).
func rfc3339(t int64) string {
	days := t / 86400
	sec := t % 86400
	y, m, d := civil(days)
	return fmt.Sprintf("%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, sec/3600, sec/60%60, sec%60)
}

// civil converts days since 1970-01-01 to a date (H. Hinnant).
func civil(z int64) (y, m, d int64) {
	z += 719468
	era := z / 146097
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	m = mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return y, m, d
}

// EnsureFile returns the path of the synthetic file with the given counts
// in dir, writing it first when it is missing.
func EnsureFile(dir string, hosts, links int) (string, error) {
	p := filepath.Join(dir, fmt.Sprintf("threatmap-%dh-%dl.geojson", hosts, links))
	return p, ensure(p, func(w io.Writer) error { return WriteGeoJSON(w, hosts, links) })
}

// ensure writes p with write unless it exists, via a temporary file, so
// an interrupted run leaves no partial file behind.
func ensure(p string, write func(io.Writer) error) error {
	if _, err := os.Stat(p); err == nil {
		return nil
	}
	dir := filepath.Dir(p)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".threatmap-*.tmp")
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		os.Remove(f.Name())
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(f.Name())
		return err
	}
	return os.Rename(f.Name(), p)
}
