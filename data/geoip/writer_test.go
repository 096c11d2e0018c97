package geoip

import (
	"encoding/binary"
	"math"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// A minimal MMDB writer for tests (the MaxMind DB format 2.0: a binary
// search tree of 32-bit records over 128 bits, the data section, then the
// metadata), so the tests need no download. IPv4 networks sit at ::a.b.c.d
// as in MaxMind's own IPv6 databases.

type u16 uint16
type u32 uint32
type u64 uint64

type mmdbNet struct {
	prefix string
	rec    any
}

// mmdbFile builds an MMDB of the networks (non-overlapping) with the given
// database_type and build date.
func mmdbFile(dbType string, epoch int64, nets []mmdbNet) []byte {
	type node [2]int // -1 empty, >=0 node index, <= -2 data -(2+k)
	nodes := []node{{-1, -1}}
	var data []byte
	offsets := map[string]int{} // encoded record -> data offset, so records are shared
	for _, n := range nets {
		p := netip.MustParsePrefix(n.prefix)
		a16, bits := p.Addr().As16(), p.Bits()
		if p.Addr().Is4() {
			a16, bits = [16]byte{}, bits+96
			a4 := p.Addr().As4()
			copy(a16[12:], a4[:])
		}
		enc := string(encodeValue(nil, n.rec))
		off, ok := offsets[enc]
		if !ok {
			off = len(data)
			offsets[enc] = off
			data = append(data, enc...)
		}
		cur := 0
		for i := 0; i < bits; i++ {
			bit := int(a16[i/8]>>(7-i%8)) & 1
			if i == bits-1 {
				nodes[cur][bit] = -(2 + off)
				break
			}
			if nodes[cur][bit] < 0 {
				nodes = append(nodes, node{-1, -1})
				nodes[cur][bit] = len(nodes) - 1
			}
			cur = nodes[cur][bit]
		}
	}
	count := len(nodes)
	var out []byte
	for _, nd := range nodes {
		for _, r := range nd {
			v := uint32(count) // empty
			switch {
			case r >= 0:
				v = uint32(r)
			case r <= -2:
				v = uint32(count + 16 + (-r - 2))
			}
			out = binary.BigEndian.AppendUint32(out, v)
		}
	}
	out = append(out, make([]byte, 16)...)
	out = append(out, data...)
	out = append(out, "\xab\xcd\xefMaxMind.com"...)
	return encodeValue(out, map[string]any{
		"node_count": u32(count), "record_size": u16(32), "ip_version": u16(6),
		"database_type": dbType, "languages": []any{"en"},
		"binary_format_major_version": u16(2), "binary_format_minor_version": u16(0),
		"build_epoch": u64(epoch), "description": map[string]any{"en": "test " + dbType},
	})
}

// encodeValue appends v in the MMDB data format.
func encodeValue(b []byte, v any) []byte {
	switch v := v.(type) {
	case string:
		return append(ctrl(b, 2, len(v)), v...)
	case float64:
		return binary.BigEndian.AppendUint64(ctrl(b, 3, 8), math.Float64bits(v))
	case float32:
		return binary.BigEndian.AppendUint32(ctrl(b, 15, 4), math.Float32bits(v))
	case u16:
		return appendUint(b, 5, uint64(v))
	case u32:
		return appendUint(b, 6, uint64(v))
	case u64:
		return appendUint(b, 9, uint64(v))
	case bool:
		n := 0
		if v {
			n = 1
		}
		return ctrl(b, 14, n)
	case []any:
		b = ctrl(b, 11, len(v))
		for _, e := range v {
			b = encodeValue(b, e)
		}
		return b
	case map[string]any:
		b = ctrl(b, 7, len(v))
		keys := make([]string, 0, len(v))
		for k := range v {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			b = encodeValue(encodeValue(b, k), v[k])
		}
		return b
	}
	panic("encodeValue: unsupported type")
}

func appendUint(b []byte, typ int, v uint64) []byte {
	var tmp []byte
	for ; v > 0; v >>= 8 {
		tmp = append([]byte{byte(v)}, tmp...)
	}
	return append(ctrl(b, typ, len(tmp)), tmp...)
}

// ctrl appends a control byte (and extended type and size bytes).
func ctrl(b []byte, typ, size int) []byte {
	t := typ
	if typ > 7 {
		t = 0
	}
	var ext []byte
	switch {
	case size < 29:
	case size < 285:
		ext, size = []byte{byte(size - 29)}, 29
	case size < 65821:
		s := size - 285
		ext, size = []byte{byte(s >> 8), byte(s)}, 30
	default:
		s := size - 65821
		ext, size = []byte{byte(s >> 16), byte(s >> 8), byte(s)}, 31
	}
	b = append(b, byte(t<<5|size))
	if typ > 7 {
		b = append(b, byte(typ-7))
	}
	return append(b, ext...)
}

// Test databases in the layouts geoip reads, and one it must refuse.
const testEpoch = 1767225600 // 2026-01-01

var (
	geoLite2City = []mmdbNet{
		{"81.2.69.0/24", map[string]any{
			"city":               map[string]any{"geoname_id": u32(2643743), "names": map[string]any{"en": "London", "de": "London"}},
			"country":            map[string]any{"iso_code": "GB", "names": map[string]any{"en": "United Kingdom"}},
			"location":           map[string]any{"latitude": 51.5142, "longitude": -0.0931, "accuracy_radius": u16(10)},
			"registered_country": map[string]any{"iso_code": "GB"},
		}},
		{"2a02:d000::/29", map[string]any{ // coordinates absent: country level
			"country": map[string]any{"iso_code": "CH"},
		}},
		{"175.16.199.0/24", map[string]any{
			"city":     map[string]any{"names": map[string]any{"en": "Changchun"}},
			"country":  map[string]any{"iso_code": "CN"},
			"location": map[string]any{"latitude": 43.88, "longitude": 125.3228},
		}},
	}
	geoLite2Country = []mmdbNet{
		{"89.160.20.0/24", map[string]any{"country": map[string]any{"iso_code": "SE"}, "registered_country": map[string]any{"iso_code": "SE"}}},
		{"67.43.156.0/24", map[string]any{"registered_country": map[string]any{"iso_code": "BT"}}}, // anonymous proxy: registered only
		{"2001:218::/32", map[string]any{"country": map[string]any{"iso_code": "JP"}}},
		{"5.61.0.0/16", map[string]any{"country": map[string]any{"iso_code": "GI"}}}, // not on the base map
	}
	ipLocationCity = []mmdbNet{
		{"1.0.16.0/20", map[string]any{"country_code": "JP", "city": "Tokyo", "state1": "Tokyo", "latitude": float32(35.6895), "longitude": float32(139.69171)}},
		{"1.1.1.0/24", map[string]any{"country_code": "AU", "city": "Sydney", "latitude": -33.8688, "longitude": 151.2093}},
		{"2.0.0.0/16", map[string]any{"country_code": "FR"}},
	}
	asnDB = []mmdbNet{
		{"1.0.0.0/24", map[string]any{"autonomous_system_number": u32(13335), "autonomous_system_organization": "CLOUDFLARENET"}},
	}
)

// writeMMDB writes an MMDB into t's temporary directory and returns its path.
func writeMMDB(t testing.TB, name, dbType string, nets []mmdbNet) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, mmdbFile(dbType, testEpoch, nets), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
