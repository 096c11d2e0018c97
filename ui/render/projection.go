package render

import (
	"fmt"
	"math"
)

// Projection maps lon/lat (degrees) to a plane. Projected units are radians
// of the unit sphere at the equator, so every projection has roughly the
// same scale and a View's Zoom means the same thing in each.
type Projection uint8

const (
	// EqualEarth is the Equal Earth projection (Šavrič, Patterson, Jenny
	// 2018): equal-area, pleasant world shape. The default.
	EqualEarth Projection = iota
	// Equirectangular is plate carrée: x = lon, y = lat.
	Equirectangular
	// Mercator is spherical Web Mercator, latitudes clamped to ±MaxMercatorLat.
	Mercator
)

// numProjections is the number of Projection values.
const numProjections = 3

// MaxMercatorLat is the latitude where Web Mercator is cut off (the square
// world of web maps).
const MaxMercatorLat = 85.05112878

// Projections lists every projection, default first.
var Projections = []Projection{EqualEarth, Equirectangular, Mercator}

// String returns the projection's command-line name.
func (p Projection) String() string {
	switch p {
	case Equirectangular:
		return "equirectangular"
	case Mercator:
		return "mercator"
	}
	return "equal-earth"
}

// ParseProjection returns the projection with the given name (as String
// returns it; "equalearth" and "webmercator" are accepted too).
func ParseProjection(name string) (Projection, error) {
	switch name {
	case "equal-earth", "equalearth", "":
		return EqualEarth, nil
	case "equirectangular", "plate-carree":
		return Equirectangular, nil
	case "mercator", "web-mercator", "webmercator":
		return Mercator, nil
	}
	return 0, fmt.Errorf("unknown projection %q (want equal-earth, equirectangular or mercator)", name)
}

const (
	deg = math.Pi / 180
	// Equal Earth coefficients (Šavrič et al. 2018, eq. 3).
	eeA1 = 1.340264
	eeA2 = -0.081106
	eeA3 = 0.000893
	eeA4 = 0.003796
)

var eeM = math.Sqrt(3) / 2

// Forward projects lon/lat in degrees. Longitudes outside ±180 extrapolate
// (used for views panned past the map edge); Mercator clamps latitude.
func (p Projection) Forward(lon, lat float64) (x, y float64) {
	lam, phi := lon*deg, lat*deg
	switch p {
	case Equirectangular:
		return lam, phi
	case Mercator:
		lat = max(-MaxMercatorLat, min(MaxMercatorLat, lat))
		return lam, math.Log(math.Tan(math.Pi/4 + lat*deg/2))
	}
	phi = max(-math.Pi/2, min(math.Pi/2, phi))
	t := math.Asin(eeM * math.Sin(phi))
	t2 := t * t
	t6 := t2 * t2 * t2
	x = lam * math.Cos(t) / (eeM * (eeA1 + 3*eeA2*t2 + t6*(7*eeA3+9*eeA4*t2)))
	y = t * (eeA1 + eeA2*t2 + t6*(eeA3+eeA4*t2))
	return x, y
}

// Inverse is the inverse of Forward. Points beyond the poles clamp to them;
// points beyond the ±180° edge give longitudes outside ±180.
func (p Projection) Inverse(x, y float64) (lon, lat float64) {
	switch p {
	case Equirectangular:
		return x / deg, max(-90, min(90, y/deg))
	case Mercator:
		return x / deg, math.Atan(math.Sinh(y)) / deg
	}
	_, ymax := p.Extent()
	y = max(-ymax, min(ymax, y))
	t := y // Newton on y(t); converges in a few steps over the whole range.
	for range 12 {
		t2 := t * t
		t6 := t2 * t2 * t2
		fy := t*(eeA1+eeA2*t2+t6*(eeA3+eeA4*t2)) - y
		fpy := eeA1 + 3*eeA2*t2 + t6*(7*eeA3+9*eeA4*t2)
		d := fy / fpy
		t -= d
		if math.Abs(d) < 1e-12 {
			break
		}
	}
	t2 := t * t
	t6 := t2 * t2 * t2
	lam := eeM * x * (eeA1 + 3*eeA2*t2 + t6*(7*eeA3+9*eeA4*t2)) / math.Cos(t)
	phi := math.Asin(max(-1, min(1, math.Sin(t)/eeM)))
	return lam / deg, phi / deg
}

// Extent returns the half width and half height of the whole world in
// projected units (the world spans [-xmax,xmax] x [-ymax,ymax]).
func (p Projection) Extent() (xmax, ymax float64) {
	switch p {
	case Equirectangular:
		return math.Pi, math.Pi / 2
	case Mercator:
		return math.Pi, math.Pi
	}
	x, _ := p.Forward(180, 0)
	_, y := p.Forward(0, 90)
	return x, y
}
