package geoip

import "net/netip"

// Reserved names the special-purpose range a belongs to, or "" for a
// public address. The ranges are those of the IANA IPv4 and IPv6
// Special-Purpose Address Registries (RFC 6890 and its updates) that are
// not globally reachable, plus multicast:
//
//	"invalid"       the zero netip.Addr
//	"unspecified"   0.0.0.0, ::
//	"this network"  0.0.0.0/8
//	"private"       10/8, 172.16/12, 192.168/16, fc00::/7 (unique local)
//	"shared (CGNAT)" 100.64/10
//	"loopback"      127/8, ::1
//	"link-local"    169.254/16, fe80::/10
//	"IETF protocol assignments" 192.0.0/24
//	"documentation" 192.0.2/24, 198.51.100/24, 203.0.113/24, 2001:db8::/32, 3fff::/20
//	"benchmarking"  198.18/15, 2001:2::/48
//	"multicast"     224/4, ff00::/8
//	"reserved"      240/4
//	"broadcast"     255.255.255.255
//	"discard-only"  100::/64
//	"site-local"    fec0::/10 (deprecated, never global)
//
// An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is read as IPv4, and a
// zone (fe80::1%eth0) is ignored: netip.Prefix.Contains is false for a
// zoned address, which would pass a link-local one as public.
func Reserved(a netip.Addr) string {
	if !a.IsValid() {
		return "invalid"
	}
	a = a.Unmap().WithZone("")
	if a.Is4() {
		return reserved4(a.As4())
	}
	for _, r := range reserved6 {
		if r.p.Contains(a) {
			return r.name
		}
	}
	return ""
}

// reserved4 decides on the first octet, then on the few bits that matter,
// so a public address costs one switch.
func reserved4(b [4]byte) string {
	switch b[0] {
	case 0:
		if b == [4]byte{} {
			return "unspecified"
		}
		return "this network"
	case 10:
		return "private"
	case 100:
		if b[1]&0xc0 == 64 {
			return "shared (CGNAT)"
		}
	case 127:
		return "loopback"
	case 169:
		if b[1] == 254 {
			return "link-local"
		}
	case 172:
		if b[1]&0xf0 == 16 {
			return "private"
		}
	case 192:
		switch {
		case b[1] == 168:
			return "private"
		case b[1] == 0 && b[2] == 0:
			return "IETF protocol assignments"
		case b[1] == 0 && b[2] == 2:
			return "documentation"
		}
	case 198:
		switch {
		case b[1]&0xfe == 18:
			return "benchmarking"
		case b[1] == 51 && b[2] == 100:
			return "documentation"
		}
	case 203:
		if b[1] == 0 && b[2] == 113 {
			return "documentation"
		}
	}
	switch {
	case b == [4]byte{255, 255, 255, 255}:
		return "broadcast"
	case b[0] >= 240:
		return "reserved"
	case b[0] >= 224:
		return "multicast"
	}
	return ""
}

// reserved6 is checked in order; the ranges do not overlap.
var reserved6 = []struct {
	p    netip.Prefix
	name string
}{
	{netip.MustParsePrefix("::/128"), "unspecified"},
	{netip.MustParsePrefix("::1/128"), "loopback"},
	{netip.MustParsePrefix("100::/64"), "discard-only"},
	{netip.MustParsePrefix("2001:db8::/32"), "documentation"},
	{netip.MustParsePrefix("3fff::/20"), "documentation"},
	{netip.MustParsePrefix("2001:2::/48"), "benchmarking"},
	{netip.MustParsePrefix("fc00::/7"), "private"},
	{netip.MustParsePrefix("fe80::/10"), "link-local"},
	{netip.MustParsePrefix("fec0::/10"), "site-local"},
	{netip.MustParsePrefix("ff00::/8"), "multicast"},
}
