package filter

import (
	"slices"

	"threatmap/data/threat"
)

// linkIndex lists, for the hosts that have them, the servers a host is
// linked to besides its primary server (ds.Links minus the links that only
// repeat the primary reference). Built once per dataset.
type linkIndex struct {
	ds   *threat.Dataset
	host []int32 // hosts with such links, ascending
	off  []int32 // len(host)+1: servers of host[j] are srv[off[j]:off[j+1]]
	srv  []int32 // server indices, ascending and distinct per host
}

// build indexes ds unless it is the dataset already indexed.
func (x *linkIndex) build(ds *threat.Dataset) {
	if x.ds == ds {
		return
	}
	x.ds = ds
	x.host, x.off, x.srv = x.host[:0], x.off[:0], x.srv[:0]
	n, ns := ds.Hosts.Len(), len(ds.Servers)
	l := &ds.Links
	var keys []uint64 // host<<32 | server
	for k := range l.Server {
		h, s := l.Host[k], l.Server[k]
		if h < 0 || int(h) >= n || s < 0 || int(s) >= ns || ds.Hosts.Server[h] == s {
			continue
		}
		keys = append(keys, uint64(h)<<32|uint64(s))
	}
	if len(keys) == 0 {
		return
	}
	if !slices.IsSorted(keys) {
		slices.Sort(keys)
	}
	keys = slices.Compact(keys)
	for _, key := range keys {
		h, s := int32(key>>32), int32(uint32(key))
		if len(x.host) == 0 || x.host[len(x.host)-1] != h {
			x.host = append(x.host, h)
			x.off = append(x.off, int32(len(x.srv)))
		}
		x.srv = append(x.srv, s)
	}
	x.off = append(x.off, int32(len(x.srv)))
}
