package render

import (
	"math/rand/v2"

	"threatmap/data/threat"
)

// city is a place synthetic hosts are put at.
type city struct {
	name     string
	lon, lat float64
	cc       string
	types    []string
	weight   int
}

// cities is a GhostNet-like spread: embassies and ministries across Asia,
// Europe and the Americas, Tibetan organisations in Dharamsala and beyond.
var cities = []city{
	{"Dharamsala", 76.32, 32.22, "IN", []string{"tibetan_gov", "tibetan_ngo", "private_broadband"}, 40},
	{"New Delhi", 77.21, 28.61, "IN", []string{"embassy", "gov_other", "private_broadband"}, 25},
	{"Taipei", 121.56, 25.03, "TW", []string{"commercial", "gov_other", "private_broadband", "unknown"}, 60},
	{"Hanoi", 105.85, 21.03, "VN", []string{"private_broadband", "unknown"}, 40},
	{"Bangkok", 100.50, 13.76, "TH", []string{"embassy", "private_broadband"}, 20},
	{"Jakarta", 106.85, -6.21, "ID", []string{"mfa", "embassy", "unknown"}, 20},
	{"Manila", 120.98, 14.60, "PH", []string{"mfa", "private_broadband"}, 15},
	{"Kathmandu", 85.32, 27.72, "NP", []string{"tibetan_ngo", "embassy"}, 10},
	{"Thimphu", 89.64, 27.47, "BT", []string{"mfa"}, 5},
	{"Dhaka", 90.41, 23.81, "BD", []string{"mfa", "unknown"}, 8},
	{"Tehran", 51.39, 35.69, "IR", []string{"mfa"}, 6},
	{"Riga", 24.11, 56.95, "LV", []string{"mfa"}, 4},
	{"Brussels", 4.35, 50.85, "BE", []string{"intl_org", "mission_multilateral", "tibetan_ngo"}, 12},
	{"Geneva", 6.14, 46.20, "CH", []string{"mission_multilateral", "intl_org"}, 8},
	{"London", -0.13, 51.51, "GB", []string{"tibetan_ngo", "news_media"}, 8},
	{"Berlin", 13.40, 52.52, "DE", []string{"embassy"}, 4},
	{"Valletta", 14.51, 35.90, "MT", []string{"embassy", "gov_other"}, 5},
	{"Lisbon", -9.14, 38.72, "PT", []string{"embassy"}, 3},
	{"Nicosia", 33.38, 35.19, "CY", []string{"embassy"}, 3},
	{"Bucharest", 26.10, 44.43, "RO", []string{"embassy"}, 3},
	{"New York", -74.01, 40.71, "US", []string{"tibetan_ngo", "news_media", "academic_research"}, 10},
	{"Washington", -77.04, 38.91, "US", []string{"embassy", "intl_org"}, 6},
	{"Mexico City", -99.13, 19.43, "MX", []string{"private_broadband"}, 6},
	{"Brasilia", -47.88, -15.79, "BR", []string{"embassy", "unknown"}, 5},
	{"Canberra", 149.13, -35.28, "AU", []string{"embassy"}, 6},
	{"Islamabad", 73.05, 33.68, "PK", []string{"embassy"}, 6},
	{"Seoul", 126.98, 37.57, "KR", []string{"embassy", "unknown"}, 6},
	{"Tokyo", 139.69, 35.69, "JP", []string{"academic_research", "private_broadband"}, 5},
	{"Lagos", 3.38, 6.52, "NG", []string{"commercial"}, 3},
	{"Nairobi", 36.82, -1.29, "KE", []string{"unknown"}, 3},
	{"Johannesburg", 28.05, -26.20, "ZA", []string{"embassy"}, 3},
	{"Barbados", -59.54, 13.19, "BB", []string{"mfa"}, 3},
	{"Solomon Islands", 159.95, -9.43, "SB", []string{"mfa"}, 2},
	{"Suva", 178.44, -18.14, "FJ", []string{"unknown"}, 2},
}

// servers of the synthetic dataset: GhostNet's control and command servers
// were hosted in China (hosting locations, not attribution).
var synthServers = []threat.Server{
	{ID: "ctl-1", Role: threat.RoleControl, Lon: 113.26, Lat: 23.13, Country: "CN"},
	{ID: "ctl-2", Role: threat.RoleControl, Lon: 110.35, Lat: 20.02, Country: "CN"},
	{ID: "ctl-3", Role: threat.RoleControl, Lon: 104.07, Lat: 30.67, Country: "CN"},
	{ID: "ctl-4", Role: threat.RoleControl, Lon: -122.42, Lat: 37.77, Country: "US"},
	{ID: "cmd-1", Role: threat.RoleCommand, Lon: 113.26, Lat: 23.13, Country: "CN"},
	{ID: "cmd-2", Role: threat.RoleCommand, Lon: 121.47, Lat: 31.23, Country: "CN"},
	{ID: "cmd-3", Role: threat.RoleCommand, Lon: 114.17, Lat: 22.32, Country: "HK"},
	{ID: "cmd-4", Role: threat.RoleCommand, Lon: 116.40, Lat: 39.90, Country: "CN"},
}

// synthDataset builds a seeded GhostNet-like dataset: every host sits at a
// city (jittered by jitter degrees) and reports to one server, linked.
func synthDataset(seed uint64, n int, jitter float64) *threat.Dataset {
	return synthLinks(seed, n, n, jitter)
}

// synthLinks is synthDataset with links only for the first nl hosts.
func synthLinks(seed uint64, n, nl int, jitter float64) *threat.Dataset {
	return synthWithout(seed, n, nl, jitter, -1)
}

// synthWithout is synthLinks without host drop and its link: the other
// hosts are where synthLinks puts them.
func synthWithout(seed uint64, n, nl int, jitter float64, drop int) *threat.Dataset {
	rng := rand.New(rand.NewPCG(seed, 7))
	b := threat.NewBuilder(n)
	b.Meta().Title = "GhostNet (synthetic test data)"
	for _, s := range synthServers {
		b.AddServer(s)
	}
	total := 0
	for _, c := range cities {
		total += c.weight
	}
	for i := range n {
		pick := rng.IntN(total)
		var c city
		for _, c = range cities {
			if pick < c.weight {
				break
			}
			pick -= c.weight
		}
		srv := int32(rng.IntN(len(synthServers)))
		if srv == 3 && rng.IntN(8) != 0 { // few hosts report to the US server
			srv = 0
		}
		lon := c.lon + jitter*rng.NormFloat64()
		if lon > 180 {
			lon -= 360
		} else if lon < -180 {
			lon += 360
		}
		lat := max(-89, min(89, c.lat+jitter*rng.NormFloat64()))
		typ := c.types[rng.IntN(len(c.types))]
		if i == drop {
			continue
		}
		h := b.AddHost(threat.Host{Lon: lon, Lat: lat, Country: c.cc, Type: typ,
			Server: srv, First: int64(1180000000 + i), Last: threat.NoTime})
		if i >= nl {
			continue
		}
		s := synthServers[srv]
		b.AddLink(threat.Link{Server: srv, Host: int32(h), Lon0: s.Lon, Lat0: s.Lat, Lon1: lon, Lat1: lat, First: threat.NoTime, Derived: true, Feature: -1})
	}
	return b.Build()
}
