package geojson

import (
	"strconv"
	"time"
	"unicode/utf8"

	"threatmap/data/threat"
)

// appendMeta appends the collection's opening, its metadata and the start
// of its features.
func appendMeta(b []byte, m *threat.Meta) []byte {
	b = append(b, `{"type":"FeatureCollection","metadata":{"title":`...)
	b = appendString(b, m.Title)
	b = append(b, `,"sources":`...)
	b = appendStrings(b, m.Sources)
	b = append(b, `,"caveat":`...)
	b = appendString(b, m.Caveat)
	b = append(b, `,"reconstructed":`...)
	b = strconv.AppendBool(b, m.Reconstructed)
	b = append(b, `,"reported_countries":`...)
	b = appendStrings(b, m.ReportedCountries)
	b = append(b, `,"confidence_note":`...)
	b = appendString(b, m.ConfidenceNote)
	if m.HostNoun != "" {
		b = append(b, `,"host_noun":`...)
		b = appendString(b, m.HostNoun)
	}
	return append(b, `},"features":[`...)
}

// appendServer appends server s as a Point feature.
func appendServer(b []byte, ds *threat.Dataset, s *threat.Server) []byte {
	b = append(b, `{"type":"Feature","geometry":{"type":"Point","coordinates":[`...)
	b = appendFloat(b, s.Lon)
	b = append(b, ',')
	b = appendFloat(b, s.Lat)
	b = append(b, `]},"properties":{"role":`...)
	b = appendString(b, s.Role.String())
	b = appendProp(b, "id", s.ID)
	b = appendProp(b, "name", s.Name)
	b = appendProp(b, "ip", s.IP)
	b = appendProp(b, "country", s.Country)
	b = appendProp(b, "network", s.Network)
	b = appendProp(b, "region", s.Region)
	b = appendTime(b, "first_seen", s.First)
	b = appendTime(b, "last_seen", s.Last)
	b = appendProp(b, "confidence", s.Confidence.String())
	b = appendProp(b, "source", s.Source)
	b = appendRecon(b, s.Recon)
	b = appendProps(b, s.Props)
	return append(b, "}}"...)
}

// appendHost appends host i as a Point feature; servers are the servers it
// reports to, primary first.
func appendHost(b []byte, ds *threat.Dataset, i int, servers []int32) []byte {
	h := &ds.Hosts
	b = append(b, `{"type":"Feature","geometry":{"type":"Point","coordinates":[`...)
	b = appendCoord(b, h.Lon[i], h.Lat[i])
	b = append(b, `]},"properties":{"role":"host"`...)
	b = appendPropBytes(b, "id", ds, h.ID[i])
	b = appendPropBytes(b, "name", ds, h.Name[i])
	b = appendPropBytes(b, "ip", ds, h.IP[i])
	b = appendProp(b, "country", ds.Country(i))
	if h.Type[i] != 0 {
		b = appendProp(b, "target_type", ds.Type(i))
	}
	b = appendTime(b, "first_seen", h.First[i])
	b = appendTime(b, "last_seen", h.Last[i])
	b = appendServers(b, ds, servers)
	b = appendProp(b, "confidence", h.Confidence[i].String())
	b = appendPropBytes(b, "source", ds, h.Source[i])
	b = appendRecon(b, h.Recon[i])
	b = appendProps(b, ds.Str(h.Props[i]))
	return append(b, "}}"...)
}

// appendLink appends link l as a LineString feature from its server to
// its host.
func appendLink(b []byte, ds *threat.Dataset, l int) []byte {
	lk := &ds.Links
	b = append(b, `{"type":"Feature","geometry":{"type":"LineString","coordinates":[[`...)
	b = appendCoord(b, lk.Lon0[l], lk.Lat0[l])
	b = append(b, "],["...)
	b = appendCoord(b, lk.Lon1[l], lk.Lat1[l])
	b = append(b, `]]},"properties":{"role":"link"`...)
	if s := lk.Server[l]; s >= 0 && int(s) < len(ds.Servers) {
		b = appendProp(b, "server", ds.Servers[s].ID)
	}
	if h := lk.Host[l]; h >= 0 && int(h) < ds.Hosts.Len() {
		b = appendPropBytes(b, "host", ds, ds.Hosts.ID[h])
	}
	b = appendTime(b, "first_seen", lk.First[l])
	b = appendProp(b, "confidence", ds.LinkConfidence(l).String())
	b = appendProp(b, "source", ds.LinkSource(l))
	b = appendRecon(b, ds.LinkRecon(l))
	return append(b, "}}"...)
}

// appendCoord appends a float32 position as the shortest decimals that
// read back to the same float32s.
func appendCoord(b []byte, lon, lat float32) []byte {
	b = strconv.AppendFloat(b, float64(lon), 'f', -1, 32)
	b = append(b, ',')
	return strconv.AppendFloat(b, float64(lat), 'f', -1, 32)
}

// appendFloat appends a server's coordinate: as a float32 when it is one
// (ingest stores them so), else as the shortest float64.
func appendFloat(b []byte, v float64) []byte {
	if float64(float32(v)) == v {
		return strconv.AppendFloat(b, v, 'f', -1, 32)
	}
	return strconv.AppendFloat(b, v, 'f', -1, 64)
}

// appendProp appends ,"key":"v" unless v is empty.
func appendProp(b []byte, key, v string) []byte {
	if v == "" {
		return b
	}
	b = appendKey(b, key)
	return appendString(b, v)
}

// appendPropBytes is appendProp for a string of ds's arena, uncopied.
func appendPropBytes(b []byte, key string, ds *threat.Dataset, r threat.Ref) []byte {
	if r.Len == 0 || int(r.Off)+int(r.Len) > len(ds.Text) {
		return b
	}
	b = appendKey(b, key)
	return appendText(b, ds.Text[r.Off:r.Off+r.Len])
}

func appendKey(b []byte, key string) []byte {
	b = append(b, ',', '"')
	b = append(b, key...)
	return append(b, '"', ':')
}

// appendServers appends the "server" member: an id, or an array of ids
// when several. Servers without an id are left out (links find them by
// their coordinates).
func appendServers(b []byte, ds *threat.Dataset, servers []int32) []byte {
	n := 0
	for _, s := range servers {
		if ds.Servers[s].ID != "" {
			n++
		}
	}
	if n == 0 {
		return b
	}
	b = appendKey(b, "server")
	if n > 1 {
		b = append(b, '[')
	}
	k := 0
	for _, s := range servers {
		if id := ds.Servers[s].ID; id != "" {
			if k > 0 {
				b = append(b, ',')
			}
			b = appendString(b, id)
			k++
		}
	}
	if n > 1 {
		b = append(b, ']')
	}
	return b
}

// Times from minTime to maxTime (years 0000 to 9999) are written in RFC
// 3339; others as epoch milliseconds, which the reader takes for
// milliseconds at that size (|ms| >= 1e11), up to its bound of 1e17 ms.
var (
	minTime = time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	maxTime = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC).Unix() - 1
)

// maxMillis is the largest epoch time, in seconds, data/ingest reads.
const maxMillis = 1e14

// appendTime appends ,"key":time unless t is threat.NoTime. A time no
// reader keeps (past 1e14 s, which ingest never makes) is written null.
func appendTime(b []byte, key string, t int64) []byte {
	if t == threat.NoTime {
		return b
	}
	b = appendKey(b, key)
	switch {
	case t >= minTime && t <= maxTime:
		b = append(b, '"')
		b = time.Unix(t, 0).UTC().AppendFormat(b, time.RFC3339)
		return append(b, '"')
	case t >= -maxMillis && t <= maxMillis:
		return strconv.AppendInt(b, t*1000, 10)
	}
	return append(b, "null"...)
}

// appendRecon appends the "reconstructed" member: the names of the fields
// in f, none when f is 0.
func appendRecon(b []byte, f threat.Field) []byte {
	if f == 0 {
		return b
	}
	b = appendKey(b, "reconstructed")
	b = append(b, '[')
	k := 0
	for _, n := range threat.FieldNames {
		if f&n.Bit != 0 {
			if k > 0 {
				b = append(b, ',')
			}
			b = appendString(b, n.Name)
			k++
		}
	}
	return append(b, ']')
}

// appendProps appends the members of the JSON object props (a record's
// other properties, as ingest kept them) after the canonical ones.
func appendProps(b []byte, props string) []byte {
	if len(props) < 2 || props[0] != '{' || props[len(props)-1] != '}' {
		return b
	}
	inner := props[1 : len(props)-1]
	if len(inner) == 0 {
		return b
	}
	b = append(b, ',')
	return append(b, inner...)
}

func appendStrings(b []byte, ss []string) []byte {
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, s)
	}
	return append(b, ']')
}

// appendString appends s as a JSON string.
func appendString(b []byte, s string) []byte { return appendQuoted(b, s) }

// appendText appends the bytes t as a JSON string.
func appendText(b []byte, t []byte) []byte { return appendQuoted(b, t) }

const hex = "0123456789abcdef"

// appendQuoted appends s quoted: '"', '\\' and control characters
// escaped, invalid UTF-8 as U+FFFD, the rest as it is.
func appendQuoted[T string | []byte](b []byte, s T) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\t':
				b = append(b, '\\', 't')
			case '\r':
				b = append(b, '\\', 'r')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := decodeRune(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, "\ufffd"...)
			i++
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

func decodeRune[T string | []byte](s T) (rune, int) {
	switch v := any(s).(type) {
	case string:
		return utf8.DecodeRuneInString(v)
	case []byte:
		return utf8.DecodeRune(v)
	}
	return utf8.RuneError, 1
}
