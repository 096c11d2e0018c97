// Package ghostnet generates threatmap's default dataset, a reconstruction
// of the GhostNet cyber-espionage network (Information Warfare Monitor,
// "Tracking GhostNet", JR02-2009), and writes it as GeoJSON to
// assets/ghostnet.geojson (run `go generate ./data/ghostnet`).
//
// Generate is deterministic: the same seed gives the same dataset, byte for
// byte once written. The reported facts it honours are in facts.go
// (SOURCES.md §1–§5); everything else is filled in and marked as such
// (SOURCES.md §7).
//
// # Reported and reconstructed
//
// A value is "reported" when a source gives it for that record; otherwise
// the field is named in the record's "reconstructed" list:
//
//   - coordinates: always reconstructed (no source gives any), and so
//     written to two decimals (about 1 km): they stand for a city, not a
//     building. Hosts sit near 1–3 major cities of their country, jittered,
//     and checked to lie inside the country when a locator is available;
//     servers sit at a city of their province or state.
//   - country: reported for Table-2 rows with one printed location (the
//     printed "CS" is written as RS, Serbia, with location_as_printed "CS").
//     Rows printed with two locations ("ID, MY") are split: every listed
//     country after the first gets one infection, the first the rest, and
//     the country of each such host is reconstructed. Countries of all
//     other hosts are reconstructed. Of the per-country totals only
//     Taiwan's (148) and Vietnam's (130) are reported (ReportedCountries),
//     with the ranking TW > US > VN > IN. The press's "five Maltese
//     computers" count Maltese institutions wherever they were (Libya,
//     Australia, Belgium, Malta), not hosts in Malta; those hosts carry a
//     note saying so.
//   - target_type: not marked. Table-2 types are our classification of the
//     reported organisation name (SOURCES.md §6); "private_broadband" is the
//     reported class of 536 hosts; "unknown" is no value. The 50 high-value
//     hosts the report counts but never itemises are "unknown" too.
//   - name, confidence: reported for Table-2 hosts; other hosts carry a
//     descriptive label (the 50 unitemised high-value hosts are
//     "High-value (not itemised)") and no confidence. Confidence is the
//     report's confidence in identifying the organisation (ConfidenceNote).
//   - note: what a source adds about a record (R's footnote 50 on the
//     "Embassy of China, US"; the Malta count; the press origin of the US
//     server's state).
//   - first_seen, last_seen: reconstructed, except for the one host standing
//     for the earliest infection: the report's first check-in (2007-05-22),
//     last entry (2009-03-12) and longest span (660 days, exactly the time
//     between them) together give both its dates. Where the report gives
//     only the month for a named host (the spike members of December 2007
//     and August 2008; the Dalai Lama's office last seen in September 2008)
//     the day is ours, so the field stays reconstructed and the month is
//     kept in first_seen_as_reported / last_seen_as_reported. Times are
//     day-level, 00:00 UTC.
//   - server: always reconstructed (the report never says which host called
//     which server), and always one of the four control servers: the report
//     built its host list from the control servers' lists, while the six
//     command servers mostly hosted the malicious files (pp.30, 34, 40).
//     Links are wholly reconstructed ("link").
//   - servers: network, province and hosting country are reported; the US
//     server's state (California) is from the press, said in its note;
//     coordinates are reconstructed; IPs are redacted in the public report
//     and left out.
//
// Also ours, and documented where they live: the counts of the 62 countries
// no source names and of the US (140) and India (96) (countries.go); the
// spread of the 717 infections outside the two spikes (timeline.go); which
// hosts make up a spike beyond the named members (one host per organisation
// the report names without a number; 57, "the majority" of the 113
// Taiwanese December hosts, for TAITRA; 3 for "several" TGIE computers); and
// which host reports to which server (generate.go).
//
// The spans (last_seen − first_seen, in whole days) meet every reported
// figure exactly: mean 145 days, 90 hosts of one day, 145 of more than 400,
// longest 660, and 422 hosts seen 1–12 March 2009 of which 373 were first
// seen in 2008.
package ghostnet

//go:generate go run ./gen -o ../../assets/ghostnet.geojson

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"threatmap/data/threat"
)

// DefaultSeed is the seed of the embedded dataset.
const DefaultSeed = 2009

// Kind says which group of the report a host stands for.
type Kind uint8

const (
	KindTable2     Kind = iota // itemised in Table 2
	KindBroadband              // one of the 536 private broadband hosts
	KindUnresolved             // one of the 362 hosts without reverse DNS
	KindHighValue              // one of the 50 high-value hosts not itemised
)

// Dataset is a generated GhostNet reconstruction.
type Dataset struct {
	Title   string
	Sources []string
	Caveat  string
	// ConfidenceNote says what a host's confidence means.
	ConfidenceNote string
	// ReportedCountries are the countries whose host counts a source gives.
	ReportedCountries []string
	Servers           []Server
	Hosts             []Host
}

// Host is one infected computer of the reconstruction.
type Host struct {
	ID         string
	Kind       Kind
	Org        int    // index into Table2, -1 when not itemised
	Name       string // organisation, or a descriptive label
	Country    string // alpha-2
	Printed    string // Table-2 location as printed, "" otherwise
	Type       string // target type (SOURCES.md §6)
	Confidence string // high, medium, low; "" when not itemised
	Lon, Lat   float64
	First      time.Time
	Last       time.Time
	// FirstMonth and LastMonth are months ("2008-08") the report gives for
	// this host when it gives no day; "" otherwise.
	FirstMonth, LastMonth string
	Server                int // index into Dataset.Servers
	Source                string
	Note                  string       // what a source adds, "" when nothing
	Recon                 threat.Field // fields whose values were filled in

	city City // where it was placed around
	// first, last are days since the Unix epoch; month is an index into
	// the months of the timeline (see timeline.go).
	first, last, month int
	dates              bool // first and last are reported
}

// Span returns last_seen − first_seen in whole days.
func (h *Host) Span() int { return int(h.Last.Sub(h.First).Hours() / 24) }

// Labels and sources of the hosts that are not itemised.
const (
	labelBroadband  = "Private broadband host"
	labelUnresolved = "Unresolved host"
	labelHighValue  = "High-value (not itemised)"
	labelMexico     = "Private broadband host (DSL, 117 IPs)"

	srcTable2     = "IWM JR02-2009, Table 2 (pp.42-44)"
	srcBroadband  = "IWM JR02-2009 p.40: 536 private broadband hosts (count only); record reconstructed"
	srcUnresolved = "IWM JR02-2009 p.40: 1,295 hosts less 397 high-value and 536 broadband (count only); record reconstructed"
	srcHighValue  = "IWM JR02-2009 p.40: 397 high-value hosts, 347 itemised in Table 2 (count only); record reconstructed"
	srcMexico     = "IWM JR02-2009 fn 48: 117 Mexican IPs were one DSL computer; position and dates reconstructed"
	srcEarliest   = "; dates from p.44: first check-in 2007-05-22, last entry 2009-03-12, longest span 660 days"
	srcLink       = "Reconstructed: the report never says which host reported to which control server (it merged the control servers' lists, p.40); dealt by us"
)

// Generate builds the reconstruction from seed. It panics only if the
// built-in tables contradict each other (a programmer error).
func Generate(seed int64) *Dataset {
	rng := rand.New(rand.NewPCG(uint64(seed), 0x67686f73746e6574)) // "ghostnet"
	d := &Dataset{
		Title:             Title,
		Sources:           slices.Clone(Sources),
		Caveat:            Caveat,
		ConfidenceNote:    ConfidenceNote,
		ReportedCountries: slices.Clone(ReportedCountries),
		Servers:           slices.Clone(servers),
	}
	for i := range d.Servers {
		s := &d.Servers[i]
		s.Lon, s.Lat = round2(s.Lon), round2(s.Lat)
	}
	hosts := makeHosts(rng)
	assignTimes(rng, hosts)
	assignServers(rng, hosts, d.Servers)
	placeHosts(rng, hosts, locator())

	slices.SortStableFunc(hosts, func(a, b *Host) int {
		return cmp.Or(cmp.Compare(a.first, b.first), cmp.Compare(a.Country, b.Country),
			cmp.Compare(a.Org, b.Org), cmp.Compare(a.last, b.last))
	})
	d.Hosts = make([]Host, len(hosts))
	for i, h := range hosts {
		h.ID = fmt.Sprintf("h%04d", i+1)
		h.First = time.Unix(int64(h.first)*86400, 0).UTC()
		h.Last = time.Unix(int64(h.last)*86400, 0).UTC()
		d.Hosts[i] = *h
	}
	return d
}

// makeHosts creates the 1,295 hosts with kind, name, country and type: the
// Table-2 rows first, then the remaining slots of every country filled at
// random with broadband, unresolved and unitemised high-value hosts.
func makeHosts(rng *rand.Rand) []*Host {
	var hosts []*Host
	perCountry := map[string]int{}
	for i, o := range Table2 {
		for k, cc := range o.Countries {
			n := 1
			if k == 0 {
				n = o.Infections - (len(o.Countries) - 1)
			}
			for range n {
				h := &Host{Kind: KindTable2, Org: i, Name: o.Name, Country: cc, Printed: o.Printed,
					Type: o.Type, Confidence: o.Confidence, Source: srcTable2, Note: orgNotes[o.Name],
					Recon: threat.FieldLocation | threat.FieldFirstSeen | threat.FieldLastSeen | threat.FieldServer}
				if len(o.Countries) > 1 {
					h.Recon |= threat.FieldCountry
				}
				hosts = append(hosts, h)
				perCountry[cc]++
			}
		}
	}
	if len(hosts) != NumItemised {
		panic(fmt.Sprintf("ghostnet: Table 2 has %d infections, want %d", len(hosts), NumItemised))
	}

	// The Mexican DSL computer of fn 48 is one of the broadband hosts.
	kinds := make([]Kind, 0, NumHosts-NumItemised-1)
	for range NumBroadband - 1 {
		kinds = append(kinds, KindBroadband)
	}
	for range NumUnresolved {
		kinds = append(kinds, KindUnresolved)
	}
	for range NumUnitemised {
		kinds = append(kinds, KindHighValue)
	}
	rng.Shuffle(len(kinds), func(i, j int) { kinds[i], kinds[j] = kinds[j], kinds[i] })

	recon := threat.FieldLocation | threat.FieldCountry | threat.FieldFirstSeen | threat.FieldLastSeen | threat.FieldServer
	for _, p := range places {
		free := p.Hosts - perCountry[p.Country]
		if free < 0 {
			panic(fmt.Sprintf("ghostnet: %s has %d hosts but %d in Table 2", p.Country, p.Hosts, perCountry[p.Country]))
		}
		for range free {
			h := &Host{Org: -1, Country: p.Country, Type: "unknown", Recon: recon}
			if p.Country == "MX" {
				h.Kind, h.Name, h.Type, h.Source = KindBroadband, labelMexico, "private_broadband", srcMexico
				hosts = append(hosts, h)
				continue
			}
			h.Kind, kinds = kinds[0], kinds[1:]
			switch h.Kind {
			case KindBroadband:
				h.Name, h.Type, h.Source = labelBroadband, "private_broadband", srcBroadband
			case KindUnresolved:
				h.Name, h.Source = labelUnresolved, srcUnresolved
			case KindHighValue:
				h.Name, h.Type, h.Source = labelHighValue, "high_value", srcHighValue // their own type: not "Unidentified"
			}
			hosts = append(hosts, h)
		}
	}
	if len(hosts) != NumHosts || len(kinds) != 0 {
		panic(fmt.Sprintf("ghostnet: %d hosts (%d kinds left), want %d", len(hosts), len(kinds), NumHosts))
	}
	return hosts
}

// serverWeights is the share of hosts each server gets (same order as
// servers). Only the four control servers get hosts: the report compiled
// its host list "from all the control servers" (p.40), whose admin
// interfaces list the infected computers (p.30), while the command servers
// "appear to be dedicated to hosting" the malicious files (p.34). The shares
// are ours, not reported.
var serverWeights = []float64{30, 18, 28, 24, 0, 0, 0, 0, 0, 0}

// tibetWeights is used for Tibetan targets instead: mostly the Sichuan
// control server (Snooping Dragon: "three control servers located in
// Sichuan"), otherwise Hainan-TELECOM (the OHHDL data led to the control
// servers, R p.30).
var tibetWeights = []float64{1, 0, 0, 2, 0, 0, 0, 0, 0, 0}

// assignServers gives every host one server: within each group (Tibetan
// targets, everyone else) the servers get shares of the hosts proportional
// to their weights (largest remainder), dealt to the hosts at random.
func assignServers(rng *rand.Rand, hosts []*Host, srv []Server) {
	if len(srv) != len(serverWeights) || len(srv) != len(tibetWeights) {
		panic("ghostnet: server weights do not match servers")
	}
	var tibet, other []*Host
	for _, h := range hosts {
		if h.Type == "tibetan_gov" || h.Type == "tibetan_ngo" {
			tibet = append(tibet, h)
		} else {
			other = append(other, h)
		}
	}
	deal(rng, tibet, tibetWeights)
	deal(rng, other, serverWeights)
}

// deal sets the server of hosts: server i gets a share of len(hosts)
// proportional to w[i], rounded by largest remainder (ties to the lower
// index), and the shares are dealt in random order.
func deal(rng *rand.Rand, hosts []*Host, w []float64) {
	var sum float64
	for _, x := range w {
		sum += x
	}
	n := len(hosts)
	quota := make([]int, len(w))
	rem := make([]float64, len(w))
	left := n
	for i, x := range w {
		q := float64(n) * x / sum
		quota[i] = int(q)
		rem[i] = q - float64(quota[i])
		left -= quota[i]
	}
	for ; left > 0; left-- {
		best := 0
		for i := range rem {
			if rem[i] > rem[best] {
				best = i
			}
		}
		quota[best]++
		rem[best] = -1
	}
	order := rng.Perm(n)
	k := 0
	for i, q := range quota {
		for range q {
			hosts[order[k]].Server = i
			k++
		}
	}
}

// pick returns an index drawn with probability proportional to w.
func pick(rng *rand.Rand, w []float64) int {
	var sum float64
	for _, x := range w {
		sum += x
	}
	r := rng.Float64() * sum
	for i, x := range w {
		if r < x {
			return i
		}
		r -= x
	}
	return len(w) - 1
}
