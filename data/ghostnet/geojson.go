package ghostnet

import (
	"io"
	"strconv"
	"time"
	"unicode/utf8"

	"threatmap/data/threat"
)

// ipNote replaces the servers' IP addresses, which the public report
// prints as "xxxx".
const ipNote = "redacted in the public report"

// WriteGeoJSON writes d as a GeoJSON FeatureCollection with the canonical
// properties of .ci/CONTRACT.md: a "metadata" foreign member (with
// "reported_countries" and "confidence_note"), then one feature per line:
// the servers, the hosts, and one link per host from its server to it.
// Records a source comments on carry a "note". Coordinates are written to
// two decimals, since every one is reconstructed at city level. The output
// depends only on d, so it is byte-for-byte stable.
func WriteGeoJSON(w io.Writer, d *Dataset) error {
	_, err := w.Write(AppendGeoJSON(nil, d))
	return err
}

// AppendGeoJSON appends what WriteGeoJSON writes to b.
func AppendGeoJSON(b []byte, d *Dataset) []byte {
	b = append(b, `{"type":"FeatureCollection","metadata":{"title":`...)
	b = appendString(b, d.Title)
	b = append(b, `,"sources":`...)
	b = appendStrings(b, d.Sources)
	b = append(b, `,"caveat":`...)
	b = appendString(b, d.Caveat)
	b = append(b, `,"reconstructed":true,"reported_countries":`...)
	b = appendStrings(b, d.ReportedCountries)
	b = append(b, `,"confidence_note":`...)
	b = appendString(b, d.ConfidenceNote)
	b = append(b, `},"features":[`...)
	sep := func() {
		b = append(b, ",\n"...)
	}
	b = append(b, '\n')
	first := true
	next := func() {
		if !first {
			sep()
		}
		first = false
	}

	for _, s := range d.Servers {
		next()
		b = appendPoint(b, s.Lon, s.Lat)
		b = appendProp(b, "id", s.ID, true)
		b = appendProp(b, "role", s.Role, false)
		b = appendProp(b, "name", s.Name, false)
		b = appendProp(b, "country", s.Country, false)
		b = appendProp(b, "network", s.Network, false)
		b = appendProp(b, "region", s.Region, false)
		b = appendProp(b, "ip_note", ipNote, false)
		b = appendProp(b, "source", s.Source+"; placed at "+s.City+" (reconstructed)", false)
		if s.Note != "" {
			b = appendProp(b, "note", s.Note, false)
		}
		b = appendRecon(b, threat.FieldLocation)
		b = append(b, "}}"...)
	}

	for i := range d.Hosts {
		h := &d.Hosts[i]
		next()
		b = appendPoint(b, h.Lon, h.Lat)
		b = appendProp(b, "id", h.ID, true)
		b = appendProp(b, "role", "host", false)
		b = appendProp(b, "name", h.Name, false)
		b = appendProp(b, "country", h.Country, false)
		if h.Printed != "" {
			b = appendProp(b, "location_as_printed", h.Printed, false)
		}
		b = appendProp(b, "target_type", h.Type, false)
		if h.Confidence != "" {
			b = appendProp(b, "confidence", h.Confidence, false)
		}
		b = appendProp(b, "first_seen", stamp(h.First), false)
		b = appendProp(b, "last_seen", stamp(h.Last), false)
		if h.FirstMonth != "" {
			b = appendProp(b, "first_seen_as_reported", h.FirstMonth, false)
		}
		if h.LastMonth != "" {
			b = appendProp(b, "last_seen_as_reported", h.LastMonth, false)
		}
		b = appendProp(b, "server", d.Servers[h.Server].ID, false)
		b = appendProp(b, "source", h.Source, false)
		if h.Note != "" {
			b = appendProp(b, "note", h.Note, false)
		}
		b = appendRecon(b, h.Recon)
		b = append(b, "}}"...)
	}

	for i := range d.Hosts {
		h := &d.Hosts[i]
		s := &d.Servers[h.Server]
		next()
		b = append(b, `{"type":"Feature","geometry":{"type":"LineString","coordinates":[`...)
		b = appendPair(b, s.Lon, s.Lat)
		b = append(b, ',')
		b = appendPair(b, h.Lon, h.Lat)
		b = append(b, `]},"properties":{`...)
		b = appendProp(b, "id", "l"+h.ID[1:], true)
		b = appendProp(b, "role", "link", false)
		b = appendProp(b, "server", s.ID, false)
		b = appendProp(b, "host", h.ID, false)
		b = appendProp(b, "first_seen", stamp(h.First), false)
		b = appendProp(b, "source", srcLink, false)
		b = appendRecon(b, threat.FieldLink|h.Recon&threat.FieldFirstSeen)
		b = append(b, "}}"...)
	}
	b = append(b, "\n]}\n"...)
	return b
}

// stamp formats a time as RFC 3339 in UTC.
func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func appendPoint(b []byte, lon, lat float64) []byte {
	b = append(b, `{"type":"Feature","geometry":{"type":"Point","coordinates":`...)
	b = appendPair(b, lon, lat)
	return append(b, `},"properties":{`...)
}

func appendPair(b []byte, lon, lat float64) []byte {
	b = append(b, '[')
	b = strconv.AppendFloat(b, round2(lon), 'f', -1, 64)
	b = append(b, ',')
	b = strconv.AppendFloat(b, round2(lat), 'f', -1, 64)
	return append(b, ']')
}

func appendProp(b []byte, key, val string, first bool) []byte {
	if !first {
		b = append(b, ',')
	}
	b = appendString(b, key)
	b = append(b, ':')
	return appendString(b, val)
}

func appendRecon(b []byte, f threat.Field) []byte {
	b = append(b, `,"reconstructed":[`...)
	for i, n := range f.Names() {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, n)
	}
	return append(b, ']')
}

// appendString appends s as a JSON string. Invalid UTF-8 becomes U+FFFD.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c < 0x20:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		b = utf8.AppendRune(b, r)
		i += n
	}
	return append(b, '"')
}

// appendStrings appends ss as a JSON array of strings.
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
