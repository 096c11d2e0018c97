// Package geoiptest writes small MMDB files for tests (the MaxMind DB
// format 2.0: a binary search tree of 32-bit records over 128 bits, the
// data section, then the metadata), so tests of geoip and of its users
// need no download. IPv4 networks sit at ::a.b.c.d as in MaxMind's own
// IPv6 databases.
package geoiptest

import (
	"encoding/binary"
	"fmt"
	"math"
	"net/netip"
	"slices"
)

// Unsigned integers of the MMDB data format; float64 is a double,
// float32 a float, string, bool, []any and map[string]any are themselves.
type (
	U16 uint16
	U32 uint32
	U64 uint64
)

// Net is one network and its record.
type Net struct {
	Prefix string // "81.2.69.0/24", "2a02:d000::/29"
	Record any
}

// MMDB builds an MMDB file of the networks (which must not overlap) with
// the given database_type and build date (Unix seconds). It panics on a
// record value of another type: a mistake in the test.
func MMDB(dbType string, epoch int64, nets []Net) []byte {
	return build(dbType, epoch, nets, 6)
}

// MMDB4 is MMDB for an IPv4-only database (ip_version 4, a 32-bit tree),
// as some ip-location-db builds are. It panics on an IPv6 network.
func MMDB4(dbType string, epoch int64, nets []Net) []byte {
	return build(dbType, epoch, nets, 4)
}

// build writes the MMDB of ip version 4 or 6.
func build(dbType string, epoch int64, nets []Net, version int) []byte {
	type node [2]int // -1 empty, >=0 node index, <= -2 data -(2+k)
	nodes := []node{{-1, -1}}
	var data []byte
	offsets := map[string]int{} // encoded record -> data offset, so records are shared
	for _, n := range nets {
		p := netip.MustParsePrefix(n.Prefix)
		a16, bits := p.Addr().As16(), p.Bits()
		switch {
		case p.Addr().Is4() && version == 4:
			a16 = [16]byte{}
			a4 := p.Addr().As4()
			copy(a16[:], a4[:])
		case p.Addr().Is4():
			a16, bits = [16]byte{}, bits+96
			a4 := p.Addr().As4()
			copy(a16[12:], a4[:])
		case version == 4:
			panic(fmt.Sprintf("geoiptest: IPv6 network %s in an IPv4-only database", n.Prefix))
		}
		enc := string(encodeValue(nil, n.Record))
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
		"node_count": U32(count), "record_size": U16(32), "ip_version": U16(version),
		"database_type": dbType, "languages": []any{"en"},
		"binary_format_major_version": U16(2), "binary_format_minor_version": U16(0),
		"build_epoch": U64(epoch), "description": map[string]any{"en": "test " + dbType},
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
	case U16:
		return appendUint(b, 5, uint64(v))
	case U32:
		return appendUint(b, 6, uint64(v))
	case U64:
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
	panic(fmt.Sprintf("geoiptest: unsupported record value %T", v))
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
