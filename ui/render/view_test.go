package render

import (
	"math"
	"testing"
	"threatmap/data/threat"
)

// views are the views the View tests run through, for every projection.
func views(p Projection) []struct {
	name string
	v    View
} {
	return []struct {
		name string
		v    View
	}{
		{"world", World(p, 1920, 1080)},
		{"portrait", World(p, 600, 900)},
		{"zoomed Asia", View{Projection: p, Center: [2]float64{105, 25}, Zoom: 6, Width: 1280, Height: 720}},
		{"deep zoom Geneva", View{Projection: p, Center: [2]float64{6.14, 46.2}, Zoom: 900, Width: 800, Height: 600}},
	}
}

func TestViewRoundTrip(t *testing.T) {
	pts := [][2]float64{{0, 0}, {139.69, 35.69}, {-122.42, 37.77}, {6.14, 46.2}, {149.13, -35.28}, {-179.5, -16}, {179.5, 65}, {105, 25}}
	for _, p := range Projections {
		for _, tc := range views(p) {
			t.Run(p.String()+"/"+tc.name, func(t *testing.T) {
				for _, q := range pts {
					x, y := tc.v.ToScreen(q[0], q[1])
					lon, lat, ok := tc.v.ToLonLat(x, y)
					if !ok {
						t.Errorf("ToLonLat(ToScreen(%v)) not on the world", q)
						continue
					}
					if math.Abs(lon-q[0]) > 1e-6 || math.Abs(lat-q[1]) > 1e-6 {
						t.Errorf("round trip of %v = %.9f, %.9f", q, lon, lat)
					}
				}
			})
		}
	}
}

func TestViewPanBack(t *testing.T) {
	for _, p := range Projections {
		for _, tc := range views(p) {
			t.Run(p.String()+"/"+tc.name, func(t *testing.T) {
				for _, d := range [][2]float64{{100, 0}, {0, -80}, {-250, 130}} {
					v := tc.v.Pan(d[0], d[1]).Pan(-d[0], -d[1])
					x, y := v.ToScreen(tc.v.Center[0], tc.v.Center[1])
					if math.Abs(x-float64(v.Width)/2) > 1e-3 || math.Abs(y-float64(v.Height)/2) > 1e-3 {
						t.Errorf("pan %v and back: old centre at (%.4f, %.4f), want the frame centre", d, x, y)
					}
					moved := tc.v.Pan(d[0], d[1])
					// What was at centre+d is now at the centre.
					lon, lat, ok := tc.v.ToLonLat(float64(tc.v.Width)/2+d[0], float64(tc.v.Height)/2+d[1])
					if !ok {
						continue
					}
					x, y = moved.ToScreen(lon, lat)
					if math.Abs(x-float64(v.Width)/2) > 1e-3 || math.Abs(y-float64(v.Height)/2) > 1e-3 {
						t.Errorf("pan %v: the point dragged to the centre is at (%.4f, %.4f)", d, x, y)
					}
				}
			})
		}
	}
}

func TestViewZoomAtKeepsCursor(t *testing.T) {
	for _, p := range Projections {
		for _, tc := range views(p) {
			t.Run(p.String()+"/"+tc.name, func(t *testing.T) {
				for _, c := range []struct{ x, y, f float64 }{{100, 100, 2}, {500, 300, 0.5}, {tc.v.ToScreenX(139.69, 35.69), 400, 1.25}} {
					lon, lat, ok := tc.v.ToLonLat(c.x, c.y)
					if !ok {
						continue
					}
					z := tc.v.ZoomAt(c.x, c.y, c.f)
					if z.Zoom == tc.v.Zoom {
						continue // clamped
					}
					x, y := z.ToScreen(lon, lat)
					if math.Abs(x-c.x) > 1e-3 || math.Abs(y-c.y) > 1e-3 {
						t.Errorf("ZoomAt(%v, %v, %v): the point under the cursor moved to (%.4f, %.4f)", c.x, c.y, c.f, x, y)
					}
				}
			})
		}
	}
}

// ToScreenX is ToScreen's x, for table rows.
func (v View) ToScreenX(lon, lat float64) float64 { x, _ := v.ToScreen(lon, lat); return x }

func TestFitBoundsContains(t *testing.T) {
	for _, p := range Projections {
		for _, tc := range []struct {
			name                   string
			lon0, lat0, lon1, lat1 float64
			w, h                   int
		}{
			{"south-east Asia", 60, -15, 130, 45, 1920, 1080},
			{"Europe, portrait", -10, 35, 30, 70, 600, 900},
			{"one city", 6.1, 46.1, 6.2, 46.3, 800, 600},
			{"Pacific rim", -170, -50, 170, 60, 1280, 720},
			{"whole world", -180, -80, 180, 80, 1920, 1080},
		} {
			t.Run(p.String()+"/"+tc.name, func(t *testing.T) {
				v := FitBounds(p, bound(tc.lon0, tc.lat0, tc.lon1, tc.lat1), tc.w, tc.h)
				for i := 0; i <= 20; i++ {
					f := float64(i) / 20
					lon, lat := tc.lon0+f*(tc.lon1-tc.lon0), tc.lat0+f*(tc.lat1-tc.lat0)
					for _, q := range [][2]float64{{lon, tc.lat0}, {lon, tc.lat1}, {tc.lon0, lat}, {tc.lon1, lat}} {
						x, y := v.ToScreen(q[0], q[1])
						if x < -0.5 || y < -0.5 || x > float64(tc.w)+0.5 || y > float64(tc.h)+0.5 {
							t.Fatalf("%v is at (%.1f, %.1f), outside the %dx%d frame (view %+v)", q, x, y, tc.w, tc.h, v)
						}
					}
				}
			})
		}
	}
}

func TestWorldMercatorFillsFrame(t *testing.T) {
	for _, tc := range []struct {
		name           string
		w, h           int
		latMin, latMax float64 // latitude at the top edge
	}{
		{"16:9", 1920, 1080, 68, 76},
		{"4:3", 1024, 768, 76, 82},
		{"square", 800, 800, 85, 85.1},
		{"ultra-wide", 3440, 1000, 59.9, 60.1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := World(Mercator, tc.w, tc.h)
			_, lat, _ := v.ToLonLat(float64(tc.w)/2, 0)
			if lat < tc.latMin || lat > tc.latMax {
				t.Errorf("top edge at %.2f°, want %v..%v", lat, tc.latMin, tc.latMax)
			}
			if tc.w <= tc.h || tc.name == "ultra-wide" {
				return
			}
			for _, c := range [][2]float64{{0.5, 0.5}, {float64(tc.w) - 0.5, 0.5}, {0.5, float64(tc.h) - 0.5}, {float64(tc.w) - 0.5, float64(tc.h) - 0.5}} {
				if _, _, ok := v.ToLonLat(c[0], c[1]); !ok {
					t.Errorf("corner %v is off the world: the frame is not filled", c)
				}
			}
		})
	}
}

// TestReprojectRoundTrip: switching projection keeps the centre and the
// scale about it, and switching back restores the view.
func TestReprojectRoundTrip(t *testing.T) {
	for _, p := range Projections {
		for _, q := range Projections {
			if p == q {
				continue
			}
			for _, tc := range views(p) {
				t.Run(p.String()+"→"+q.String()+"/"+tc.name, func(t *testing.T) {
					v := tc.v
					r := v.Reproject(q)
					if r.Projection != q || r.Width != v.Width || r.Height != v.Height {
						t.Fatalf("Reproject = %+v", r)
					}
					if v == World(p, v.Width, v.Height) {
						if r != World(q, v.Width, v.Height) {
							t.Errorf("world view reprojects to %+v", r)
						}
					} else {
						if r.Center != v.Center {
							t.Errorf("centre moved: %v → %v", v.Center, r.Center)
						}
						// The scale about the centre: ±0.01° on screen.
						size := func(w View) float64 {
							c := w.Center
							x0, y0 := w.ToScreen(c[0]-0.01, c[1])
							x1, y1 := w.ToScreen(c[0]+0.01, c[1])
							ew := math.Hypot(x1-x0, y1-y0)
							x0, y0 = w.ToScreen(c[0], c[1]-0.01)
							x1, y1 = w.ToScreen(c[0], c[1]+0.01)
							return math.Sqrt(ew * math.Hypot(x1-x0, y1-y0))
						}
						if a, b := size(v), size(r); math.Abs(a/b-1) > 0.01 {
							t.Errorf("scale about the centre %.4f px, then %.4f px", a, b)
						}
					}
					back := r.Reproject(p)
					if back.Center != v.Center || math.Abs(back.Zoom/v.Zoom-1) > 1e-9 {
						t.Errorf("round trip %+v → %+v", v, back)
					}
				})
			}
		}
	}
}

// TestFitDataGuessedPositions: a fit to hosts whose positions are all
// guesses (placed from an IP address at country level) shows about a
// country around them, in the window and in every export and view alike;
// the same host with known coordinates fits close.
func TestFitDataGuessedPositions(t *testing.T) {
	across := func(recon threat.Field) float64 {
		b := threat.NewBuilder(1)
		b.AddHost(threat.Host{Lon: -1.5, Lat: 52.5, Server: -1, Recon: recon})
		v := FitData(EqualEarth, b.Build(), nil, 800, 600)
		l0, _, _ := v.ToLonLat(0, 300)
		l1, _, _ := v.ToLonLat(800, 300)
		return l1 - l0
	}
	if w := across(threat.FieldLocation); w < 2*guessSpan {
		t.Errorf("a guessed position fits %.1f° across, want at least %d°", w, 2*guessSpan)
	}
	if w := across(0); w >= 2*guessSpan {
		t.Errorf("a known position fits %.1f° across, want closer than %d°", w, 2*guessSpan)
	}
}
