package ghostnet

import (
	"math"
	"math/rand/v2"
)

// Locator tells which country a point lies in. basemap.Locator implements
// it; a nil Locator accepts every point.
type Locator interface {
	Locate(lon, lat float64) (alpha2 string, ok bool)
}

// placeTries bounds the re-jittering of a point that fell outside its
// country before the host is put on the city itself.
const placeTries = 12

// placeHosts gives every host coordinates: a city of its country (or of its
// organisation, see orgCities), jittered uniformly within the country's
// radius and kept only when loc puts it in the host's country.
func placeHosts(rng *rand.Rand, hosts []*Host, loc Locator) {
	byCountry := map[string]*place{}
	for i := range places {
		byCountry[places[i].Country] = &places[i]
	}
	for _, h := range hosts {
		p := byCountry[h.Country]
		c := p.Cities[rng.IntN(len(p.Cities))]
		if h.Org >= 0 {
			if oc, ok := orgCities[Table2[h.Org].Name]; ok && oc.Country == h.Country {
				c = oc.City
			}
		}
		h.city = c
		h.Lon, h.Lat = round2(c.Lon), round2(c.Lat)
		for range placeTries {
			// Uniform in a disc; longitude widened by 1/cos(lat) so the
			// spread is round on the ground.
			r := p.Radius * math.Sqrt(rng.Float64())
			a := 2 * math.Pi * rng.Float64()
			lon := round2(c.Lon + r*math.Cos(a)/math.Cos(c.Lat*math.Pi/180))
			lat := round2(c.Lat + r*math.Sin(a))
			if loc == nil {
				h.Lon, h.Lat = lon, lat
				break
			}
			if cc, ok := loc.Locate(lon, lat); ok && cc == h.Country {
				h.Lon, h.Lat = lon, lat
				break
			}
		}
	}
}

// round2 rounds to 2 decimals (about 1 km), the precision written: the
// positions are reconstructed at city level and deserve no more.
func round2(x float64) float64 { return math.Round(x*100) / 100 }
