package render

import (
	"math"
	"runtime"
	"sync"

	"threatmap/data/threat"
)

// arcCache holds every link's great-circle arc, projected, as one flat
// point list; link l owns points start[l] to start[l+1]. A NaN x lifts the
// pen where the arc crosses the antimeridian. box holds each link's
// bounding box in projected units (minx, miny, maxx, maxy), so that a frame
// skips links entirely off screen.
//
// Arcs are cut into as few segments as keep them smooth at the scale they
// were built for (level: the scale rounded up to a power of two); a view
// of another level rebuilds them, so that a frame's arcs depend on its
// view alone, not on the views before it (interim frames keep them: see
// arcCache.fits).
type arcCache struct {
	ds    *threat.Dataset
	proj  Projection
	n     int
	level int
	gen   uint32 // bumped on every rebuild (the hit index follows it)
	xy    []float32
	start []int32
	box   []float32
	segs  []uint8 // per link, from the sizing pass to the build
}

const (
	// maxArcSegs bounds the segments of one arc: enough for a half-world
	// arc at 8K and well into zoomed views; 100k links stay within tens of
	// megabytes.
	maxArcSegs = 96
	// minArcLevel, maxArcLevel bound the segmentation level (log2 of pixels
	// per projected unit): 2^6 is a thumbnail, 2^14 a deep zoom.
	minArcLevel, maxArcLevel = 6, 14
	// arcTolerance is the largest gap, in pixels at the level's scale,
	// between a chord and its arc; twice that for datasets with more than
	// aaLinkLimit links, whose links are drawn as a haze at half
	// resolution.
	arcTolerance = 0.4
)

// arcLevel returns the segmentation level for scale (pixels per projected
// unit): log2 rounded up, clamped.
func arcLevel(scale float64) int {
	if !(scale > 0) {
		return minArcLevel
	}
	_, e := math.Frexp(scale) // scale = f * 2^e, f in [0.5, 1)
	return max(minArcLevel, min(maxArcLevel, e))
}

// update rebuilds the arcs when the dataset, projection or segmentation
// level for scale changed. It uses every core; 100k links take tens of
// milliseconds.
func (c *arcCache) update(ds *threat.Dataset, p Projection, scale float64) {
	n := ds.Links.Len()
	lv := arcLevel(scale)
	if c.ds == ds && c.proj == p && c.n == n && lv == c.level {
		return
	}
	c.ds, c.proj, c.n, c.level = ds, p, n, lv
	c.gen++
	// k = sqrt(2^level / (8 tol)) turns an arc's angle into segments: a
	// chord of angle d on a path of curvature κ (per projected unit) is
	// off by κ d²/8 units, so n = θ sqrt(scale κ / (8 tol)).
	tol := arcTolerance
	if n > aaLinkLimit {
		tol *= 2 // drawn as a haze at half resolution
	}
	k := math.Sqrt(math.Ldexp(1, lv) / (8 * tol))
	parts := max(1, min(maxParts, runtime.GOMAXPROCS(0), n/2048))
	if cap(c.box) < 4*n {
		c.box = make([]float32, 4*n)
	}
	c.box = c.box[:4*n]
	if cap(c.start) < n+1 {
		c.start = make([]int32, n+1)
	}
	c.start = c.start[:n+1]
	if cap(c.segs) < n {
		c.segs = make([]uint8, n)
	}
	c.segs = c.segs[:n]
	// Every part writes straight into c.xy from an upper bound of what the
	// parts before it need, then the parts are moved down to close the
	// gaps: fresh memory is expensive to touch (page faults), so no
	// per-part buffers and no second copy.
	var bound [maxParts + 1]int
	var used [maxParts]int
	var wg sync.WaitGroup
	for q := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			bound[q+1] = c.need(k, n*q/parts, n*(q+1)/parts)
		}()
	}
	wg.Wait()
	for q := range parts {
		bound[q+1] += bound[q]
	}
	if cap(c.xy) < bound[parts] {
		c.xy = make([]float32, bound[parts])
	}
	c.xy = c.xy[:bound[parts]]
	for q := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			used[q] = c.build(c.xy[bound[q]:bound[q+1]:bound[q+1]], p, k, n*q/parts, n*(q+1)/parts)
		}()
	}
	wg.Wait()
	c.start[0] = 0
	end := 0
	for q := range parts {
		l0, l1 := n*q/parts, n*(q+1)/parts
		copy(c.xy[end:], c.xy[bound[q]:bound[q]+used[q]])
		for l := l0; l < l1; l++ {
			c.start[l+1] += int32(end / 2) // was relative to the part
		}
		end += used[q]
	}
	c.xy = c.xy[:end]
}

// fits reports whether the arcs are ds's in projection p, at any level.
func (c *arcCache) fits(ds *threat.Dataset, p Projection) bool {
	return c.ds == ds && c.proj == p && c.n == ds.Links.Len()
}

// need sets c.segs for links [l0, l1) and returns an upper bound of the
// floats they take.
func (c *arcCache) need(k float64, l0, l1 int) int {
	L := &c.ds.Links
	need := 0
	for l := l0; l < l1; l++ {
		n := arcSegs(float64(L.Lon0[l]), float64(L.Lat0[l]), float64(L.Lon1[l]), float64(L.Lat1[l]), k)
		c.segs[l] = uint8(n)
		// A crossing of the antimeridian adds 3 points, entering or
		// leaving a polar cap 1 (an arc meets each cap's edge at most
		// twice).
		need += 2 * (n + 8)
	}
	return need
}

// build computes links [l0, l1) into buf (sized by need), setting
// c.start[l+1] to the end of link l in points relative to buf, and c.box.
// It returns the floats used.
func (c *arcCache) build(buf []float32, p Projection, k float64, l0, l1 int) int {
	L := &c.ds.Links
	xy := buf[:0]
	for l := l0; l < l1; l++ {
		a := len(xy)
		xy = greatCircleN(xy, p, float64(L.Lon0[l]), float64(L.Lat0[l]), float64(L.Lon1[l]), float64(L.Lat1[l]), int(c.segs[l]))
		c.start[l+1] = int32(len(xy) / 2)
		b := [4]float32{float32(math.Inf(1)), float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.Inf(-1))}
		for j := a; j < len(xy); j += 2 {
			x, y := xy[j], xy[j+1]
			if x != x {
				continue
			}
			b[0], b[1], b[2], b[3] = min(b[0], x), min(b[1], y), max(b[2], x), max(b[3], y)
		}
		copy(c.box[4*l:], b[:])
	}
	if len(xy) > len(buf) {
		panic("render: arc bound exceeded")
	}
	return len(xy)
}

// arcSegs returns the number of segments for the arc between two points:
// from 2 for a short hop to maxArcSegs, by angle and by latitude (great
// circles bend more in the projected plane towards the poles).
func arcSegs(lon0, lat0, lon1, lat1, k float64) int {
	ax, ay, az := unit(lon0, lat0)
	bx, by, bz := unit(lon1, lat1)
	n, _, _ := segsFor(ax, ay, az, bx, by, bz, k)
	return n
}

// segsFor returns the segment count, the cosine of the angle between a and
// b and the angle itself.
func segsFor(ax, ay, az, bx, by, bz, k float64) (n int, dot, th float64) {
	dot = max(-1, min(1, ax*bx+ay*by+az*bz))
	th = math.Acos(dot)
	// Highest |z| on the arc is near an end or the midpoint.
	mx, my, mz := ax+bx, ay+by, az+bz
	zm := 0.0
	if l := mx*mx + my*my + mz*mz; l > 1e-12 {
		zm = mz * mz / l
	}
	z2 := max(az*az, bz*bz, zm)
	kappa := 1 / max(0.2, math.Sqrt(1-z2))
	n = max(2, min(maxArcSegs, int(math.Ceil(th*k*math.Sqrt(kappa)))))
	return n, dot, th
}

// greatCircle appends the projected points along the great circle from
// (lon0,lat0) to (lon1,lat1), segmented by k (see update). Points come
// from a rotation recurrence (no trigonometry per point) and fast inverse
// trigonometry, within 1e-7 radians. Where the arc crosses ±180° it appends the crossing on one
// edge, a NaN pair (pen up) and the crossing on the other edge.
func greatCircle(out []float32, p Projection, lon0, lat0, lon1, lat1, k float64) []float32 {
	return greatCircleN(out, p, lon0, lat0, lon1, lat1, arcSegs(lon0, lat0, lon1, lat1, k))
}

// greatCircleN is greatCircle with n segments.
func greatCircleN(out []float32, p Projection, lon0, lat0, lon1, lat1 float64, n int) []float32 {
	ax, ay, az := unit(lon0, lat0)
	bx, by, bz := unit(lon1, lat1)
	dot := max(-1, min(1, ax*bx+ay*by+az*bz))
	th := math.Acos(dot)
	sin := math.Sqrt(max(0, 1-dot*dot))
	degenerate := sin < 1e-9 // identical or antipodal ends: interpolate lon/lat
	// The arc is a*cos(φ) + u*sin(φ), u the unit vector in the arc's plane
	// 90° from a towards b. Points at φ = i*d follow the Chebyshev
	// recurrence q[i+1] = 2cos(d) q[i] - q[i-1].
	var ux, uy, uz float64
	if !degenerate {
		ux, uy, uz = (bx-ax*dot)/sin, (by-ay*dot)/sin, (bz-az*dot)/sin
	}
	cd, sd := math.Cos(th/float64(n)), math.Sin(th/float64(n))
	c2 := 2 * cd
	px, py, pz := ax, ay, az                            // q[i-1]
	qx, qy, qz := ax*cd+ux*sd, ay*cd+uy*sd, az*cd+uz*sd // q[i]
	plon, pz0 := lon0, az
	x, y := p.forwardUnit(lon0*deg, az)
	nan := float32(math.NaN())
	if inPolarCap(az) {
		x, y = math.NaN(), math.NaN()
	}
	out = append(out, float32(x), float32(y))
	for i := 1; i <= n; i++ {
		var lon, z float64
		switch {
		case i == n:
			lon, z = lon1, bz
			x, y = p.forwardUnit(lon1*deg, bz)
		case degenerate:
			t := float64(i) / float64(n)
			lat := lat0 + t*(lat1-lat0)
			lon, z = lon0+t*(lon1-lon0), math.Sin(lat*deg)
			x, y = p.Forward(lon, lat)
		default:
			lam := atan2Fast(qy, qx)
			lon, z = lam/deg, qz
			x, y = p.forwardUnit(lam, qz)
			qx, qy, qz, px, py, pz = c2*qx-px, c2*qy-py, c2*qz-pz, qx, qy, qz
		}
		if pin, in := inPolarCap(pz0), inPolarCap(z); pin || in {
			out = capEdge(out, p, plon, pz0, lon, z, pin, in)
			if !in {
				out = append(out, float32(x), float32(y))
			}
			plon, pz0 = lon, z
			continue
		}
		if math.Abs(lon-plon) > 180 {
			// Crossing: unwrap lon, find the latitude at the edge.
			plat := asinFast(max(-1, min(1, pz0))) / deg
			lat := asinFast(max(-1, min(1, z))) / deg
			edge, ulon := 180.0, lon+360
			if lon > plon {
				edge, ulon = -180, lon-360
			}
			f := (edge - plon) / (ulon - plon)
			clat := plat + f*(lat-plat)
			ex, ey := p.Forward(edge, clat)
			wx, wy := p.Forward(-edge, clat)
			out = append(out, float32(ex), float32(ey), nan, nan, float32(wx), float32(wy))
		}
		out = append(out, float32(x), float32(y))
		plon, pz0 = lon, z
	}
	return out
}

// polarCapLat is where arcs stop short of a pole: near one a great circle
// sweeps through many degrees of longitude, and in Equal Earth (and
// Mercator's clamped top) those run along the flat pole line, bundling
// every transpolar link into one bright line. Like the antimeridian, the
// cap's edge lifts the pen: the arc leaves the map there and comes back
// where it leaves the cap. Svalbard (78°N) stays outside.
const polarCapLat = 80

// polarCapZ is sin(polarCapLat).
var polarCapZ = math.Sin(polarCapLat * deg)

// inPolarCap reports whether a point with this z (sine of its latitude)
// lies beyond polarCapLat.
func inPolarCap(z float64) bool { return math.Abs(z) > polarCapZ }

// capEdge handles an arc step from (plon, pz) to (lon, z), one end of it
// inside a polar cap (pin, in): entering, it appends the point where the
// step meets the cap's edge and lifts the pen; leaving, it appends that
// point (the caller then appends the step's end); inside, nothing. The
// edge point comes from linear interpolation in z and unwrapped longitude
// (steps are a few degrees); one on the far side of the antimeridian from
// the end it joins is left out.
func capEdge(out []float32, p Projection, plon, pz, lon, z float64, pin, in bool) []float32 {
	nan := float32(math.NaN())
	if pin == in {
		return out
	}
	zc := math.Copysign(polarCapZ, z)
	if pin {
		zc = math.Copysign(polarCapZ, pz)
	}
	t := (zc - pz) / (z - pz)
	ulon := lon
	if lon-plon > 180 {
		ulon -= 360
	} else if plon-lon > 180 {
		ulon += 360
	}
	elon := plon + t*(ulon-plon)
	if elon > 180 {
		elon -= 360
	} else if elon < -180 {
		elon += 360
	}
	near := plon // the end the edge point is joined to
	if pin {
		near = lon
	}
	if math.Abs(elon-near) <= 180 {
		ex, ey := p.Forward(elon, math.Copysign(polarCapLat, zc))
		out = append(out, float32(ex), float32(ey))
	}
	if in {
		out = append(out, nan, nan)
	}
	return out
}

func unit(lon, lat float64) (x, y, z float64) {
	cl := math.Cos(lat * deg)
	return cl * math.Cos(lon*deg), cl * math.Sin(lon*deg), math.Sin(lat * deg)
}

// forwardUnit projects a point given by its longitude in radians and the
// sine of its latitude (the z of its unit vector), with fast inverse
// trigonometry (see atanFast): what arcs need without a trig call.
func (p Projection) forwardUnit(lam, z float64) (x, y float64) {
	switch p {
	case Equirectangular:
		return lam, asinFast(z)
	case Mercator:
		const zmax = 0.99627207622075 // sin(MaxMercatorLat)
		z = max(-zmax, min(zmax, z))
		return lam, 0.5 * math.Log((1+z)/(1-z))
	}
	s := eeM * z
	ct := math.Sqrt(1 - s*s)
	t := atanFast(s / ct)
	t2 := t * t
	t6 := t2 * t2 * t2
	return lam * ct / (eeM * (eeA1 + 3*eeA2*t2 + t6*(7*eeA3+9*eeA4*t2))), t * (eeA1 + eeA2*t2 + t6*(eeA3+eeA4*t2))
}

// atanFast is arctan within 2e-8 radians (Hastings' polynomial, Abramowitz
// and Stegun 4.4.49, on [0, 1], with arctan x = π/2 - arctan(1/x) beyond):
// under 1e-4 pixels at 8192 pixels across.
func atanFast(x float64) float64 {
	neg := x < 0
	if neg {
		x = -x
	}
	inv := x > 1
	if inv {
		x = 1 / x
	}
	r := atanUnit(x)
	if inv {
		r = math.Pi/2 - r
	}
	if neg {
		r = -r
	}
	return r
}

// atanUnit is arctan on [0, 1].
func atanUnit(x float64) float64 {
	x2 := x * x
	return x * (1 + x2*(-0.3333314528+x2*(0.1999355085+x2*(-0.1420889944+x2*(0.1065626393+
		x2*(-0.0752896400+x2*(0.0429096138+x2*(-0.0161657367+x2*0.0028662257))))))))
}

// atan2Fast is math.Atan2 within 2e-8 radians for finite arguments
// (atan2Fast(0, 0) = 0).
func atan2Fast(y, x float64) float64 {
	ax, ay := math.Abs(x), math.Abs(y)
	if ax == 0 && ay == 0 {
		return 0
	}
	var r float64
	if ay > ax {
		r = math.Pi/2 - atanUnit(ax/ay)
	} else {
		r = atanUnit(ay / ax)
	}
	if x < 0 {
		r = math.Pi - r
	}
	if y < 0 {
		r = -r
	}
	return r
}

// asinFast is math.Asin within 2e-8 radians on [-1, 1].
func asinFast(z float64) float64 {
	return atan2Fast(z, math.Sqrt(max(0, 1-z*z)))
}
