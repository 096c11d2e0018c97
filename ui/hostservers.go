package ui

import (
	"strings"

	"threatmap/data/threat"
	"threatmap/ui/render"
)

// hostServers lists every server host i reports to: its primary server
// first, then the server of each link to it (a host's server property may
// name several; ingest makes a link per server), each once. It scans the
// links: fine for a tooltip or the details panel, not for a frame.
func hostServers(ds *threat.Dataset, i int) []int {
	var out []int
	add := func(s int32) {
		if s < 0 || int(s) >= len(ds.Servers) {
			return
		}
		for _, x := range out {
			if x == int(s) {
				return
			}
		}
		out = append(out, int(s))
	}
	add(ds.Hosts.Server[i])
	for k, h := range ds.Links.Host {
		if int(h) == i {
			add(ds.Links.Server[k])
		}
	}
	return out
}

// hostServersText names the servers of host i, comma-separated ("" none).
func hostServersText(ds *threat.Dataset, i int) string {
	var names []string
	for _, s := range hostServers(ds, i) {
		names = append(names, serverLabel(&ds.Servers[s]))
	}
	return strings.Join(names, ", ")
}

// hostServersTip is the tooltip's lines naming the servers of host i:
// "C2: name" for one; for more, "C2: 2 servers" and a line for each.
func hostServersTip(ds *threat.Dataset, i int) []string {
	srv := hostServers(ds, i)
	switch len(srv) {
	case 0:
		return nil
	case 1:
		return []string{"C2: " + serverLabel(&ds.Servers[srv[0]])}
	}
	lines := []string{"C2: " + render.CountOf(len(srv), "server")}
	for _, s := range srv {
		lines = append(lines, "  · "+serverLabel(&ds.Servers[s]))
	}
	return lines
}
