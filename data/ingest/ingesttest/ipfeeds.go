package ingesttest

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"net/netip"
	"path/filepath"
	"slices"
	"strconv"

	"threatmap/data/geoip"
)

// RangeDB returns a country-level IP database standing in for a real
// one in benchmarks, until the MMDB reader lands: the IPv4 space cut into
// 250,000 ranges (about as many as a real country database holds), each
// in one of the countries of places, found by binary search over the
// sorted range starts: a lookup costs a few dozen dependent reads, as a
// walk of an MMDB search tree does. IPv6 addresses are not in it.
func RangeDB() *geoip.DB {
	const n = 250000
	r := rand.New(rand.NewPCG(18, 1))
	starts := make([]uint32, n)
	for i := 1; i < n; i++ {
		starts[i] = r.Uint32()
	}
	slices.Sort(starts)
	cc := make([]uint8, n)
	for i := range cc {
		cc[i] = uint8(r.IntN(len(places)))
	}
	return geoip.NewFunc("synthetic ranges", "2026-01-01", func(a netip.Addr) (geoip.Place, error) {
		if !a.Is4() {
			return geoip.Place{}, geoip.ErrNotFound
		}
		b := a.As4()
		v := uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
		k, found := slices.BinarySearch(starts, v)
		if !found {
			k--
		}
		p := places[cc[k]]
		return geoip.Place{Lon: (p.lon0 + p.lon1) / 2, Lat: (p.lat0 + p.lat1) / 2, Country: p.cc, Precision: geoip.Country}, nil
	})
}

// publicOctets are first octets no special-purpose range touches.
var publicOctets = func() []byte {
	var o []byte
	for b := 1; b < 224; b++ {
		switch b {
		case 10, 100, 127, 169, 172, 192, 198, 203:
			continue
		}
		o = append(o, byte(b))
	}
	return o
}()

// PublicAddr returns the i-th of a sequence of distinct public IPv4
// addresses (for i below 200 * 2^24), scattered over the space.
func PublicAddr(i int) netip.Addr {
	k := len(publicOctets)
	low := uint32(i/k) * 2654435761 & 0xFFFFFF // odd multiplier: a bijection on 24 bits
	return netip.AddrFrom4([4]byte{publicOctets[i%k], byte(low >> 16), byte(low >> 8), byte(low)})
}

// WriteIPList writes an IP list of n distinct entries (n hosts), FireHOL
// style: a header comment, then one address a line, every 100th a /24
// network with a trailing comment, and a comment line every 1000 entries.
func WriteIPList(w io.Writer, n int) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	bw.WriteString("# synthetic blocklist (ingesttest.WriteIPList)\n")
	var b []byte
	k := len(publicOctets)
	for i := range n {
		if i%1000 == 999 {
			bw.WriteString("# next thousand\n")
		}
		b = b[:0]
		if j := i / 100; i%100 == 0 {
			// Distinct networks for j below k * 65536.
			a := netip.AddrFrom4([4]byte{publicOctets[j%k], byte(j / k), byte(j / k >> 8), 0})
			b = append(netip.PrefixFrom(a, 24).AppendTo(b), " # a network\n"...)
		} else {
			b = append(PublicAddr(i).AppendTo(b), '\n')
		}
		bw.Write(b)
	}
	return bw.Flush()
}

// WriteAccessLog writes a combined-format access log of at least size
// bytes whose lines come from distinct addresses (PublicAddr 0 to
// distinct-1, each at least once when the log has that many lines; keep
// distinct prime to 7919), one second apart from 2023-10-10. It returns
// the number of lines.
func WriteAccessLog(w io.Writer, size int64, distinct int) (lines int, err error) {
	bw := bufio.NewWriterSize(w, 1<<20)
	const t0 = 1696896000 // 2023-10-10T00:00:00Z
	var b []byte
	var written int64
	for ; written < size; lines++ {
		a := PublicAddr(lines * 7919 % distinct)
		y, m, d := civil((t0 + int64(lines)) / 86400)
		sec := (t0 + int64(lines)) % 86400
		b = a.AppendTo(b[:0])
		b = fmt.Appendf(b, " - - [%02d/%s/%d:%02d:%02d:%02d +0000] \"GET /item/%d HTTP/1.1\" %d %d \"-\" \"Mozilla/5.0 (X11; Linux x86_64) synthetic/1.0\"\n",
			d, monthName[m-1], y, sec/3600, sec/60%60, sec%60, lines%5000, 200+lines%3*100, 512+lines%4096)
		written += int64(len(b))
		bw.Write(b)
	}
	return lines, bw.Flush()
}

var monthName = [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// EnsureIPList returns the path of WriteIPList's list of n entries in
// dir, writing it when missing.
func EnsureIPList(dir string, n int) (string, error) {
	p := filepath.Join(dir, "iplist-"+strconv.Itoa(n)+".netset")
	return p, ensure(p, func(w io.Writer) error { return WriteIPList(w, n) })
}

// EnsureAccessLog returns the path of WriteAccessLog's log of size bytes
// from distinct addresses in dir, writing it when missing.
func EnsureAccessLog(dir string, size int64, distinct int) (string, error) {
	p := filepath.Join(dir, fmt.Sprintf("access-%dMB-%d.log", size>>20, distinct))
	return p, ensure(p, func(w io.Writer) error { _, err := WriteAccessLog(w, size, distinct); return err })
}
