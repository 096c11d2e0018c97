package filter

import "threatmap/data/threat"

// Victims fills out (resized to the dataset's hosts) with the hosts of
// server index server: those whose primary server it is and those linked to
// it by ds.Links. It returns their number. A server index out of range (or
// -1) has no victims. The UI highlights them on the map and narrows the
// counts and the timeline to them.
func Victims(ds *threat.Dataset, server int, out *Set) int {
	n := ds.Hosts.Len()
	out.Reset(n)
	if server < 0 || server >= len(ds.Servers) {
		return 0
	}
	s := int32(server)
	w := out.w
	for lo := 0; lo < n; lo += 64 {
		var m uint64
		for j, v := range ds.Hosts.Server[lo:min(lo+64, n)] {
			m |= b2u(v == s) << (uint(j) & 63)
		}
		w[lo>>6] = m
	}
	for k, v := range ds.Links.Server {
		if h := ds.Links.Host[k]; v == s && h >= 0 && int(h) < n {
			out.Add(int(h))
		}
	}
	return out.Count()
}
