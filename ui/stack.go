package ui

import (
	"cmp"
	"slices"
	"strconv"

	"threatmap/data/threat"
	"threatmap/ui/render"
	"threatmap/ui/viewspec"
)

// Hosts that share a place on the map (one marker at the current zoom, a
// stack): the tooltip counts them and names the first few; a click
// selects them all and the details panel lists them.

// stackTipHosts is how many hosts of a stack the tooltip names, and
// stackTipTypes how many types its mix names before "N other": three long
// type names and the rest passed the tooltip's width, cut as "3 ot…".
const (
	stackTipHosts = 5
	stackTipTypes = 2
)

// stackTip is the tooltip of a stack of n hosts whose first are hosts:
// "96 hosts here", their types, the first few by name, and what a click
// does.
func stackTip(ds *threat.Dataset, hosts []int32, n int) []string {
	lines := []string{render.Count(n) + " hosts here"}
	if mix := typeMix(ds, hosts, stackTipTypes); mix != "" {
		lines = append(lines, mix)
	}
	for _, i := range hosts[:min(len(hosts), stackTipHosts)] {
		lines = append(lines, "· "+hostName(ds, int(i))+" · "+countryLabel(ds.Country(int(i))))
	}
	if more := n - min(len(hosts), stackTipHosts); more > 0 {
		lines = append(lines, "and "+render.Count(more)+" more · click to list them all")
	} else {
		lines = append(lines, "Click to list them")
	}
	return lines
}

// hostName is what names host i in lists, tooltips and titles: its name,
// else its id, else its IP address (an IP list or a log has neither
// name nor id), else "#N", its place in the data from 1.
func hostName(ds *threat.Dataset, i int) string {
	for _, r := range []threat.Ref{ds.Hosts.Name[i], ds.Hosts.ID[i], ds.Hosts.IP[i]} {
		if s := ds.Str(r); s != "" {
			return s
		}
	}
	return "#" + strconv.Itoa(i+1)
}

// typeMix says how hosts divide by target type, largest first, the first
// top types named ("12 Embassy · 80 Private broadband · 4 other").
func typeMix(ds *threat.Dataset, hosts []int32, top int) string {
	counts := map[int]int{}
	for _, i := range hosts {
		counts[int(ds.Hosts.Type[i])]++
	}
	types := make([]int, 0, len(counts))
	for t := range counts {
		types = append(types, t)
	}
	slices.SortFunc(types, func(a, b int) int {
		return cmp.Or(counts[b]-counts[a], a-b)
	})
	s, other := "", 0
	for j, t := range types {
		if j >= top {
			other += counts[t]
			continue
		}
		if s != "" {
			s += " · "
		}
		s += render.Count(counts[t]) + " " + render.TypeLabel(ds.Types[t])
	}
	if other > 0 {
		s += " · " + render.Count(other) + " other"
	}
	return s
}

// selectStack selects hosts together (all the hosts drawn as one marker,
// sorted; the slice is kept): each marker holding one is outlined, the
// details panel lists them (the first maxVictims), and saved views,
// exports and the copied command carry them all.
func (u *App) selectStack(hosts []int32) {
	if u.ds == nil || len(hosts) == 0 {
		return
	}
	u.selectWith(render.Item{Kind: render.KindHost, Index: int(hosts[0])}, hosts, false)
}

// stackNames are the view references of the hosts of a stack of a
// dataset.
type stackNames struct {
	ds    *threat.Dataset
	hosts []int32
	refs  []string
}

// stackRefs names the selected stack's hosts as a view does
// (viewspec.HostRefs, a pass over the data), kept while the same stack
// stays selected: the export dialog's preview asks on every change.
func (u *App) stackRefs() []string {
	c := &u.stackNames
	if c.ds != u.ds || len(c.hosts) != len(u.stack) || len(u.stack) > 0 && &c.hosts[0] != &u.stack[0] {
		c.ds, c.hosts, c.refs = u.ds, u.stack, viewspec.HostRefs(u.ds, u.stack)
	}
	return slices.Clone(c.refs)
}

// ShowStack fills the panel with the n hosts of one map marker (hosts
// holds the first of them, in index order): a title with their count,
// their types, and the list; picking one shows its details.
func (d *Details) ShowStack(ds *threat.Dataset, hosts []int32, n int) {
	d.ds, d.listSrv = ds, -1
	d.title.SetText(render.Count(n) + " hosts here")
	d.note.SetText("Hosts drawn as one marker at this zoom (the same or a nearby position). Pick one to see its details; zoom in to separate them.")
	d.rows = d.rows[:0]
	d.rows = append(d.rows, [2]string{"hosts", render.Count(n)})
	if mix := typeMix(ds, hosts, 4); mix != "" {
		d.rows = append(d.rows, [2]string{"target types", mix})
	}
	d.vhosts = append(d.vhosts[:0], hosts...)
	if n > len(hosts) {
		d.vlabel.SetText("Hosts: " + render.Count(n) + " (first " + render.Count(len(hosts)) + " listed)")
	} else {
		d.vlabel.SetText("Hosts: " + render.Count(n))
	}
	d.split.Leading.Show()
	d.split.Trailing.Show()
	d.props.Refresh()
	d.victims.Refresh()
	d.Show()
}
