package render

import (
	"sync"

	"threatmap/data/basemap"
)

// fromBasemap converts a decoded base map into Outlines.
func fromBasemap(m *basemap.Map) *Outlines {
	o := &Outlines{}
	for _, c := range m.Countries {
		o.Alpha2 = append(o.Alpha2, c.Alpha2)
		o.Geometry = append(o.Geometry, c.Geometry)
	}
	return o
}

var (
	coarseOutlines = sync.OnceValue(func() *Outlines { return fromBasemap(basemap.World110()) })
	fineOutlines   = sync.OnceValue(func() *Outlines { return fromBasemap(basemap.World50()) })
)

// outlinesSrc returns the outlines for world (fine=false) or zoomed views.
func (r *Renderer) outlinesSrc(fine bool) *Outlines {
	if fine {
		if r.Fine != nil {
			return r.Fine
		}
		if r.Coarse != nil {
			return r.Coarse // custom coarse outlines only: use them throughout
		}
		return fineOutlines()
	}
	if r.Coarse != nil {
		return r.Coarse
	}
	return coarseOutlines()
}

// outlines returns the outlines projected in p, projecting them on first use.
func (r *Renderer) outlines(fine bool, p Projection) *projOutlines {
	o := r.outlinesSrc(fine)
	if o == nil {
		return nil
	}
	f := 0
	if fine {
		f = 1
	}
	if po := r.proj[f][p]; po != nil && po.src == o {
		return po
	}
	po := projectOutlines(o, p)
	r.proj[f][p] = po
	return po
}
