package ui

import (
	"fmt"
	"strings"

	"github.com/tidwall/gjson"

	"threatmap/data/filter"
	"threatmap/data/threat"
	"threatmap/ui/render"
)

// confidenceDefault explains what a host's confidence means when the
// dataset does not say.
const confidenceDefault = "Confidence: how sure the source is of the organisation's identity (low: from the computer name alone)."

// confidenceText is the explanation of confidence shown with it (panel,
// details, About box): the dataset's own (metadata confidence_note), else
// confidenceDefault.
func confidenceText(m *threat.Meta) string {
	if m != nil && m.ConfidenceNote != "" {
		if strings.HasPrefix(strings.ToLower(m.ConfidenceNote), "confidence") {
			return m.ConfidenceNote
		}
		return "Confidence: " + m.ConfidenceNote
	}
	return confidenceDefault
}

// reconVictims returns how many of the victims of server s (vict, as
// filter.Victims fills it) are tied to it only by reconstructed values:
// no reported link to s and no reported primary-server reference.
func reconVictims(ds *threat.Dataset, s int, vict *filter.Set) int {
	n := ds.Hosts.Len()
	var rep filter.Set
	rep.Reset(n)
	for i, v := range ds.Hosts.Server {
		if int(v) == s && vict.Has(i) && (i >= len(ds.Hosts.Recon) || ds.Hosts.Recon[i]&threat.FieldServer == 0) {
			rep.Add(i)
		}
	}
	for l, v := range ds.Links.Server {
		if h := int(ds.Links.Host[l]); int(v) == s && h >= 0 && h < n && vict.Has(h) && ds.LinkRecon(l)&threat.FieldLink == 0 {
			rep.Add(h)
		}
	}
	return vict.Count() - rep.Count()
}

// victimWording says how n hosts are tied to a server, recon of them only
// by reconstructed links: "179 hosts report to it" when every tie was
// reported, "179 hosts assigned to it (reconstructed links)" when none
// was, and both counts in between.
func victimWording(n, recon int) string {
	switch {
	case recon <= 0:
		if n == 1 {
			return "1 host reports to it"
		}
		return render.Count(n) + " hosts report to it"
	case recon >= n:
		if n == 1 {
			return "1 host assigned to it (reconstructed link)"
		}
		return render.Count(n) + " hosts assigned to it (reconstructed links)"
	}
	return fmt.Sprintf("%s hosts tied to it (%s by reconstructed links)", render.Count(n), render.Count(recon))
}

// serverTies reports whether any host is tied to any server by a reported
// value (link or primary-server reference) and whether any by a
// reconstructed one.
func serverTies(ds *threat.Dataset) (reported, recon bool) {
	for i, v := range ds.Hosts.Server {
		if v < 0 {
			continue
		}
		if i < len(ds.Hosts.Recon) && ds.Hosts.Recon[i]&threat.FieldServer != 0 {
			recon = true
		} else {
			reported = true
		}
	}
	for l := range ds.Links.Len() {
		if ds.LinkRecon(l)&threat.FieldLink != 0 {
			recon = true
		} else if ds.Links.Server[l] >= 0 {
			reported = true
		}
	}
	return reported, recon
}

// serverCountsNote is the C2 panel's note on its counts ("" when every
// tie was reported).
func serverCountsNote(ds *threat.Dataset) string {
	switch rep, rec := serverTies(ds); {
	case rec && !rep:
		return "Counts: hosts assigned to each server (reconstructed links; no source says which host called which server)."
	case rec:
		return "Counts include hosts assigned to a server by reconstructed links."
	}
	return ""
}

// filledCountry reports whether the host count of country cc was filled
// in: the dataset lists the reported ones and cc is not among them.
func filledCountry(m *threat.Meta, cc string) bool {
	if len(m.ReportedCountries) == 0 || cc == "" {
		return false
	}
	for _, r := range m.ReportedCountries {
		if strings.EqualFold(r, cc) {
			return false
		}
	}
	return true
}

// countriesNote is the Countries panel's note ("" when every count is as
// loaded).
func countriesNote(m *threat.Meta) string {
	if len(m.ReportedCountries) == 0 {
		return ""
	}
	return "≈ filled in: the source reported the counts of " + strings.Join(m.ReportedCountries, ", ") +
		" only; the other countries' counts were reconstructed."
}

// coordText formats a host's position: full precision when reported, two
// decimals and "(approximate)" when reconstructed.
func coordText(lat, lon float32, recon threat.Field) string {
	if recon&threat.FieldLocation != 0 {
		return fmt.Sprintf("%.2f, %.2f (approximate)", lat, lon)
	}
	return fmt.Sprintf("%.4f, %.4f", lat, lon)
}

// linkTitle heads a link's tooltip: whether a source observed it.
func linkTitle(ds *threat.Dataset, l int) string {
	if ds.LinkRecon(l)&threat.FieldLink != 0 {
		return "C2 link (reconstructed: no source observed it)"
	}
	return "C2 link"
}

// hostNote returns host i's "note" property (a footnote of the source,
// e.g. on how an organisation is named), "" when it has none.
func hostNote(ds *threat.Dataset, i int) string {
	if i >= len(ds.Hosts.Props) {
		return ""
	}
	return strings.TrimSpace(gjson.Get(ds.Str(ds.Hosts.Props[i]), "note").String())
}

// reconAbout is the About box's account of what in ds was filled in,
// counted from the data rather than assumed: which values (positions,
// dates, countries, host-server ties), how many hosts each concerns, and
// for hosts placed from their IP address that the position is a
// country-level guess. "" when nothing was reconstructed.
func reconAbout(ds *threat.Dataset) string {
	n := ds.Hosts.Len()
	var pos, dates, countries, ipPlaced int
	for i := range n {
		r := ds.Hosts.Recon[i]
		if r&threat.FieldLocation != 0 {
			pos++
			if ipPlaced == 0 && gjson.Get(ds.Str(ds.Hosts.Props[i]), "placement").Exists() {
				ipPlaced++
			}
		}
		if r&(threat.FieldFirstSeen|threat.FieldLastSeen) != 0 {
			dates++
		}
		if r&threat.FieldCountry != 0 {
			countries++
		}
	}
	var parts []string
	if pos > 0 {
		parts = append(parts, share(pos, n)+"host positions (drawn hollow on the map)")
	}
	if dates > 0 {
		parts = append(parts, share(dates, n)+"dates")
	}
	if _, rec := serverTies(ds); rec {
		parts = append(parts, "host-server links (drawn fainter; counts say \"assigned\", not \"report to\")")
	}
	if len(ds.Meta.ReportedCountries) > 0 {
		parts = append(parts, "the per-country host counts other than those reported ("+strings.Join(ds.Meta.ReportedCountries, ", ")+")")
	} else if countries > 0 {
		parts = append(parts, share(countries, n)+"countries")
	}
	if len(parts) == 0 && !ds.Meta.Reconstructed {
		return ""
	}
	s := "RECONSTRUCTED VALUES. Values the sources did not give were filled in and are marked " +
		"\"reconstructed\" on every host; select a host to see which."
	if len(parts) > 0 {
		s += " Reconstructed: " + strings.Join(parts, "; ") + "."
	}
	if ipPlaced > 0 {
		s += "\n\nHosts placed from their IP address are country-level guesses: each is drawn in the country " +
			"the IP database gives, not where the computer is; its details say \"from IP, country level\"."
	}
	return s
}

// share words how many of total hosts a reconstructed value concerns, as
// the start of a phrase: "" for all, "most ", "some ".
func share(k, total int) string {
	switch {
	case k >= total:
		return ""
	case 2*k > total:
		return "most "
	}
	return "some "
}

// hasConfidence reports whether any host of ds carries a confidence, so
// the About box explains the word only where the data uses it.
func hasConfidence(ds *threat.Dataset) bool {
	for _, c := range ds.Hosts.Confidence {
		if c != threat.ConfUnknown {
			return true
		}
	}
	return false
}

// hostPlacement is how host i's position was found when the file gave none:
// its "placement" property without the database ("from IP, country
// level"), "" when it has none.
func hostPlacement(ds *threat.Dataset, i int) string {
	if i >= len(ds.Hosts.Props) {
		return ""
	}
	pl := strings.TrimSpace(gjson.Get(ds.Str(ds.Hosts.Props[i]), "placement").String())
	before, _, _ := strings.Cut(pl, " (")
	return before
}
