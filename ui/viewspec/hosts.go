package viewspec

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"threatmap/data/threat"
	"threatmap/ui/render"
)

// A view names a host by a reference (HostRef): its id, "ip:ADDR" or
// "#N". A stack of hosts selected together in the window is a list of
// them (Selection.Hosts). Naming or finding 100,000 hosts among a million
// takes one pass over the id and address columns, not one per host.

// HostIndex finds a host by id, by its IP address as "ip:ADDR" (the
// first host with it), or by index as "#N". An empty id or address names
// no host.
func HostIndex(ds *threat.Dataset, ref string) (int, bool) {
	hosts, _ := HostIndices(ds, []string{ref})
	if len(hosts) == 0 {
		return 0, false
	}
	return int(hosts[0]), true
}

// HostIndices finds the hosts refs name (as HostIndex does), sorted and
// each once, and lists the refs the data does not have, in their order.
func HostIndices(ds *threat.Dataset, refs []string) (hosts []int32, missing []string) {
	ids, ips := map[string]int{}, map[string]int{}
	for _, r := range refs {
		switch {
		case strings.HasPrefix(r, "#"):
		case strings.HasPrefix(r, "ip:"):
			ips[r[len("ip:"):]] = -1
		default:
			ids[r] = -1
		}
	}
	firstHosts(ds, ds.Hosts.ID, ids)
	firstHosts(ds, ds.Hosts.IP, ips)
	for _, r := range refs {
		i := -1
		switch {
		case strings.HasPrefix(r, "#"):
			if n, err := strconv.Atoi(r[1:]); err == nil && n >= 0 && n < ds.Hosts.Len() {
				i = n
			}
		case strings.HasPrefix(r, "ip:"):
			i = ips[r[len("ip:"):]]
		default:
			i = ids[r]
		}
		if i < 0 {
			missing = append(missing, r)
			continue
		}
		hosts = append(hosts, int32(i))
	}
	slices.Sort(hosts)
	return slices.Compact(hosts), missing
}

// firstHosts sets each key of want to the index of the first host whose
// column col holds it, in one pass that stops once all are found; a key
// not found, and the empty key, stay -1.
func firstHosts(ds *threat.Dataset, col []threat.Ref, want map[string]int) {
	left := len(want)
	if _, ok := want[""]; ok {
		left--
	}
	for i, r := range col {
		if left <= 0 {
			return
		}
		if r.Len == 0 || int(r.Off)+int(r.Len) > len(ds.Text) {
			continue
		}
		b := ds.Text[r.Off : r.Off+r.Len]
		if j, ok := want[string(b)]; ok && j < 0 {
			want[string(b)] = i
			left--
		}
	}
}

// HostRef is how a Selection names host i: its id when that finds it,
// else "ip:ADDR" when its address does (hosts of IP lists and logs have
// no id, and an index would name another host in next month's file),
// else "#i".
func HostRef(ds *threat.Dataset, i int) string {
	return HostRefs(ds, []int32{int32(i)})[0]
}

// HostRefs is HostRef of each of hosts, in their order: a pass over the
// ids, and one over the addresses of the hosts their ids do not name.
func HostRefs(ds *threat.Dataset, hosts []int32) []string {
	n := ds.Hosts.Len()
	refs := make([]string, len(hosts))
	ids := map[string]int{}
	for k, i := range hosts {
		refs[k] = "#" + strconv.Itoa(int(i))
		if i >= 0 && int(i) < n {
			if id := ds.Str(ds.Hosts.ID[i]); usableID(id) {
				refs[k] = id
				ids[id] = -1
			}
		}
	}
	firstHosts(ds, ds.Hosts.ID, ids)
	ips := map[string]int{}
	for k, i := range hosts {
		if i >= 0 && int(i) < n && ids[refs[k]] != int(i) {
			refs[k] = "#" + strconv.Itoa(int(i))
			ips[ds.Str(ds.Hosts.IP[i])] = -1
		}
	}
	firstHosts(ds, ds.Hosts.IP, ips)
	for k, i := range hosts {
		if strings.HasPrefix(refs[k], "#") && i >= 0 && int(i) < n {
			if ip := ds.Str(ds.Hosts.IP[i]); ip != "" && ips[ip] == int(i) {
				refs[k] = "ip:" + ip
			}
		}
	}
	return refs
}

// usableID reports whether a host id can name its host: not empty, and
// not read as an address or an index.
func usableID(id string) bool {
	return id != "" && !strings.HasPrefix(id, "#") && !strings.HasPrefix(id, "ip:")
}

// SelectHosts finds the hosts of Selection.Hosts in ds (sorted, each
// once), with a warning when some are not in the data: how many, and the
// first few. A view redraws next month's data, where hosts come and go,
// so a missing host is no error.
func SelectHosts(ds *threat.Dataset, refs []string) ([]int32, string) {
	hosts, missing := HostIndices(ds, refs)
	if len(missing) == 0 {
		return hosts, ""
	}
	const named = 3
	q := make([]string, 0, named)
	for _, r := range missing[:min(len(missing), named)] {
		q = append(q, strconv.Quote(r))
	}
	some := strings.Join(q, ", ")
	if len(missing) > named {
		some += ", …"
	}
	switch {
	case len(hosts) == 0 && len(refs) == 1:
		return nil, fmt.Sprintf("selection.hosts: no host %s in the data; nothing selected", some)
	case len(hosts) == 0:
		return nil, fmt.Sprintf("selection.hosts: none of the %s hosts is in the data (%s); nothing selected",
			render.Count(len(refs)), some)
	}
	verb := map[bool]string{true: "is", false: "are"}[len(missing) == 1]
	return hosts, fmt.Sprintf("selection.hosts: %s of %s %s not in the data (%s); %s selected",
		render.Count(len(missing)), render.CountOf(len(refs), "host"), verb, some, render.Count(len(hosts)))
}
