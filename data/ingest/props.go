package ingest

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/tidwall/gjson"

	"threatmap/data/threat"
)

// prop is a canonical property a feed's key maps to.
type prop uint8

const (
	pUnknown prop = iota
	pID
	pRole
	pType // "type": a role when its value is one, else a target type
	pIP
	pName
	pCountry
	pTarget
	pFirst
	pLast
	pServer
	pHost // links: the host end
	pConfidence
	pSource
	pNetwork
	pRegion
	pRecon
	pLat // CSV only
	pLon // CSV only
)

// aliases maps lower-case property names a real feed uses to the canonical
// property. The canonical names (first in each group) are the ones the
// generator writes; see README.md.
var aliases = map[string]prop{
	"id": pID, "uid": pID, "fid": pID, "host_id": pID, "node_id": pID, "identifier": pID,

	"role": pRole, "kind": pRole, "node_type": pRole, "nodetype": pRole, "node_role": pRole,
	"type": pType,

	"ip": pIP, "ip_address": pIP, "ipaddress": pIP, "ipaddr": pIP, "addr": pIP, "address": pIP, "ipv4": pIP, "ip4": pIP,
	"ipv6": pIP, "ip6": pIP, "src_ip": pIP, "source_ip": pIP, "srcip": pIP, "sourceip": pIP, "source_address": pIP,
	"src_addr": pIP, "client_ip": pIP, "clientip": pIP, "remote_addr": pIP, "remote_ip": pIP, "remoteip": pIP,
	"remote_address": pIP, "attacker_ip": pIP, "host_ip": pIP, "ip_addr": pIP, "indicator_ip": pIP,
	"id.orig_h": pIP,                // Zeek JSON logs: the connection's originator
	"cidr":      pIP, "subnet": pIP, // networks: Spamhaus drop_v4.json, ...

	"name": pName, "organisation": pName, "organization": pName, "org": pName, "org_name": pName,
	"owner": pName, "victim": pName, "label": pName, "hostname": pName, "host_name": pName,

	"country": pCountry, "country_code": pCountry, "countrycode": pCountry, "cc": pCountry,
	"iso2": pCountry, "iso_a2": pCountry, "iso3": pCountry, "iso_a3": pCountry,
	"country_name": pCountry, "countryname": pCountry, "country_iso": pCountry, "nation": pCountry,

	"target_type": pTarget, "targettype": pTarget, "target": pTarget, "category": pTarget,
	"sector": pTarget, "victim_type": pTarget, "org_type": pTarget, "class": pTarget,

	"first_seen": pFirst, "firstseen": pFirst, "first": pFirst, "first_infected": pFirst,
	"infected": pFirst, "infection_date": pFirst, "start": pFirst, "date": pFirst,
	"time": pFirst, "timestamp": pFirst, "seen": pFirst, "first_seen_at": pFirst,
	"@timestamp": pFirst, "ts": pFirst, // Elasticsearch/Kibana exports
	"reportdate": pFirst, "report_date": pFirst, // AbuseIPDB bulk report CSV

	"last_seen": pLast, "lastseen": pLast, "last": pLast, "last_checkin": pLast,
	"last_check_in": pLast, "end": pLast, "last_seen_at": pLast,
	"lastreportedat": pLast, "last_reported_at": pLast, // AbuseIPDB blacklist CSV

	"server": pServer, "servers": pServer, "server_id": pServer, "c2": pServer, "c2_server": pServer,
	"cnc": pServer, "controller": pServer, "control_server": pServer, "command_server": pServer,
	"from": pServer, "source_id": pServer,

	"host": pHost, "host_ref": pHost, "to": pHost, "target_id": pHost,

	"confidence": pConfidence, "conf": pConfidence, "certainty": pConfidence,

	"source": pSource, "provenance": pSource, "src": pSource, "reference": pSource,

	"network": pNetwork, "isp": pNetwork, "asn_name": pNetwork, "as_name": pNetwork, "netname": pNetwork,

	"region": pRegion, "province": pRegion, "state": pRegion, "admin1": pRegion,

	"reconstructed": pRecon,

	"lat": pLat, "latitude": pLat, "lat_dd": pLat, "y_lat": pLat,
	"lon": pLon, "lng": pLon, "long": pLon, "longitude": pLon, "lon_dd": pLon, "x_lon": pLon,
}

// propOf returns the canonical property for key k, matching aliases
// without regard to ASCII case, surrounding space, '-' or ' ' for '_'.
// It does not allocate for keys up to 32 bytes.
func propOf(k string) prop {
	switch k { // the canonical spellings, without a map look-up
	case "id":
		return pID
	case "role":
		return pRole
	case "ip":
		return pIP
	case "name":
		return pName
	case "country":
		return pCountry
	case "target_type":
		return pTarget
	case "first_seen":
		return pFirst
	case "last_seen":
		return pLast
	case "server":
		return pServer
	case "host":
		return pHost
	case "confidence":
		return pConfidence
	case "source":
		return pSource
	}
	k = strings.TrimSpace(k)
	if len(k) > 32 {
		return pUnknown
	}
	var buf [32]byte
	return aliases[string(foldKey(buf[:], k))]
}

// foldKey writes s into buf lower-cased with '-' and ' ' as '_' (how
// property names and target types are matched) and returns that part of
// buf; len(s) <= len(buf).
func foldKey(buf []byte, s string) []byte {
	buf = buf[:len(s)]
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		case c == '-' || c == ' ':
			c = '_'
		}
		buf[i] = c
	}
	return buf
}

// folded returns v without surrounding white space, in lower case: v
// itself, without a call, when it is that already ("host", "high").
func folded(v string) string {
	for i := 0; i < len(v); i++ {
		if c := v[i]; c <= ' ' || ('A' <= c && c <= 'Z') || c >= 0x80 {
			return strings.ToLower(strings.TrimSpace(v))
		}
	}
	return v
}

// trim is strings.TrimSpace, without a call when v starts and ends with
// an ASCII byte that is not white space.
func trim(v string) string {
	if v == "" || (asciiNonSpace(v[0]) && asciiNonSpace(v[len(v)-1])) {
		return v
	}
	return strings.TrimSpace(v)
}

// roleOf parses a role value. "c2", "server", "cnc" and "c&c" say only that
// the point is a server, with no detail: they count as control servers, the
// kind GhostNet's hosts reported to (the web admin interface listing them).
func roleOf(v string) (threat.Role, bool) {
	switch folded(v) {
	case "host", "victim", "infected", "infected_host", "bot", "client", "target", "":
		return threat.RoleHost, true
	case "control", "control_server", "control server", "controller", "admin",
		"c2", "c&c", "cnc", "c2_server", "c2 server", "server":
		return threat.RoleControl, true
	case "command", "command_server", "command server", "payload", "dropper":
		return threat.RoleCommand, true
	}
	return 0, false
}

// isLinkRole reports whether a role value names a link rather than a point.
func isLinkRole(v string) bool {
	switch folded(v) {
	case "link", "edge", "connection", "beacon", "checkin", "check-in":
		return true
	}
	return false
}

// confidenceOf parses high/medium/low and their one-letter forms.
func confidenceOf(v string) (threat.Confidence, bool) {
	switch folded(v) {
	case "high", "h", "3":
		return threat.ConfHigh, true
	case "medium", "med", "m", "2":
		return threat.ConfMedium, true
	case "low", "l", "1":
		return threat.ConfLow, true
	case "", "unknown", "none":
		return threat.ConfUnknown, true
	}
	return threat.ConfUnknown, false
}

// targetTypes is the default vocabulary (data/ghostnet/SOURCES.md §6). Other strings are
// kept as they are.
var targetTypes = map[string]string{
	"mfa": "mfa", "ministry_of_foreign_affairs": "mfa",
	"embassy": "embassy", "high_commission": "embassy", "consulate": "embassy",
	"mission_multilateral": "mission_multilateral", "mission": "mission_multilateral",
	"intl_org": "intl_org", "international_organisation": "intl_org", "international_organization": "intl_org",
	"news_media": "news_media", "news": "news_media", "media": "news_media",
	"tibetan_gov": "tibetan_gov", "tibetan_ngo": "tibetan_ngo", "ngo": "tibetan_ngo",
	"gov_other": "gov_other", "government": "gov_other", "gov": "gov_other",
	"commercial": "commercial", "company": "commercial",
	"academic_research": "academic_research", "academic": "academic_research", "research": "academic_research",
	"private_broadband": "private_broadband", "broadband": "private_broadband",
	"high_value": "high_value",
	"unknown":    "unknown",
}

// targetOf maps a target type to the default vocabulary when it is one of
// its codes or a common spelling of one (ignoring case, ' ' and '-'), and
// otherwise returns it trimmed.
func targetOf(v string) string {
	v = trim(v)
	if v == "" {
		return ""
	}
	if t, ok := targetTypes[v]; ok {
		return t
	}
	if len(v) <= 40 {
		var buf [40]byte
		if t, ok := targetTypes[string(foldKey(buf[:], v))]; ok {
			return t
		}
	}
	return v
}

// epochMillis is the smallest absolute number read as epoch milliseconds
// rather than seconds: 1e11 s is the year 5138, 1e11 ms is March 1973.
const epochMillis = 1e11

// timeNum converts an epoch number (seconds or milliseconds) to seconds. A
// whole number from 1000 to 9999 is a year, its first second: no data set
// of these maps has times in the first three hours of 1970, and the
// command line reads `--to 2009` the same way.
func timeNum(f float64) (int64, bool) {
	if f != f || f > 1e17 || f < -1e17 {
		return 0, false
	}
	if f >= 1000 && f <= 9999 && f == math.Trunc(f) {
		return daysFromCivil(int64(f), 1, 1) * 86400, true
	}
	if f >= epochMillis || f <= -epochMillis {
		f /= 1000
	}
	return int64(f), true
}

// timeOf parses RFC 3339, date-only (YYYY-MM-DD), "YYYY-MM-DD HH:MM:SS",
// YYYY-MM, a 4-digit year, a slash date (slashDate) and epoch seconds or
// milliseconds as a decimal number (other digit strings), to Unix seconds.
func timeOf(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if t, ok := fastTime(s); ok {
		return t, true
	}
	if s == "" {
		return 0, false
	}
	if y, ok := digits(s); ok && len(s) == 4 {
		return daysFromCivil(y, 1, 1) * 86400, true
	}
	if decimal(s) {
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			return timeNum(f)
		}
		return 0, false
	}
	if t, ok := slashDate(s); ok {
		return t, true
	}
	for _, layout := range [...]string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05Z07:00",
		"2006-01-02T15:04Z07:00", "2006-01-02T15:04", "2006-01"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Unix(), true
		}
	}
	return 0, false
}

// slashDate parses YYYY/MM/DD, and DD/MM/YYYY or MM/DD/YYYY when only one
// of the two orders makes a date (13/02/2009, 02/13/2009) or both agree
// (02/02/2009). An ambiguous one (01/02/2009) is refused rather than
// guessed: the feature loads without that time, with a warning.
func slashDate(s string) (int64, bool) {
	if len(s) != 10 || s[2] != '/' && s[4] != '/' {
		return 0, false
	}
	if s[4] == '/' && s[7] == '/' {
		y, ok1 := digits(s[0:4])
		m, ok2 := digits(s[5:7])
		d, ok3 := digits(s[8:10])
		return civil(y, m, d, ok1 && ok2 && ok3)
	}
	if s[2] != '/' || s[5] != '/' {
		return 0, false
	}
	a, ok1 := digits(s[0:2])
	b, ok2 := digits(s[3:5])
	y, ok3 := digits(s[6:10])
	if !ok1 || !ok2 || !ok3 {
		return 0, false
	}
	dm, ok4 := civil(y, b, a, true)
	md, ok5 := civil(y, a, b, true)
	switch {
	case ok4 && (!ok5 || a == b):
		return dm, true
	case ok5 && !ok4:
		return md, true
	}
	return 0, false
}

// civil returns the first second of a valid date y-m-d; false when ok is
// false or there is no such day.
func civil(y, m, d int64, ok bool) (int64, bool) {
	if !ok || m < 1 || m > 12 || d < 1 || d > daysIn(m, y) {
		return 0, false
	}
	return daysFromCivil(y, m, d) * 86400, true
}

// fastTime parses YYYY-MM-DD with an optional [T ]HH:MM:SS[.frac][Z|±HH:MM|±HHMM]
// without allocating; anything else reports false and is left to timeOf.
func fastTime(s string) (int64, bool) {
	if len(s) < 10 || s[4] != '-' || s[7] != '-' {
		return 0, false
	}
	y, ok1 := digits(s[0:4])
	mo, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:10])
	if !ok1 || !ok2 || !ok3 || mo < 1 || mo > 12 || d < 1 || d > daysIn(mo, y) {
		return 0, false
	}
	secs := daysFromCivil(y, mo, d) * 86400
	if len(s) == 10 {
		return secs, true
	}
	if len(s) < 19 || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || s[13] != ':' || s[16] != ':' {
		return 0, false
	}
	h, ok1 := digits(s[11:13])
	mi, ok2 := digits(s[14:16])
	se, ok3 := digits(s[17:19])
	if !ok1 || !ok2 || !ok3 || h > 23 || mi > 59 || se > 60 {
		return 0, false
	}
	secs += h*3600 + mi*60 + se
	r := s[19:]
	if len(r) > 0 && r[0] == '.' {
		i := 1
		for i < len(r) && '0' <= r[i] && r[i] <= '9' {
			i++
		}
		if i == 1 {
			return 0, false
		}
		r = r[i:]
	}
	switch {
	case r == "" || r == "Z" || r == "z":
		return secs, true
	case len(r) == 6 && (r[0] == '+' || r[0] == '-') && r[3] == ':',
		len(r) == 5 && (r[0] == '+' || r[0] == '-'): // +hhmm: Suricata, journalctl
		oh, ok1 := digits(r[1:3])
		om, ok2 := digits(r[len(r)-2:])
		if !ok1 || !ok2 || oh > 23 || om > 59 {
			return 0, false
		}
		off := oh*3600 + om*60
		if r[0] == '+' {
			return secs - off, true
		}
		return secs + off, true
	}
	return 0, false
}

func digits(s string) (int64, bool) {
	var n int64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}

func daysIn(m, y int64) int64 {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysFromCivil returns days since 1970-01-01 of a proleptic Gregorian date
// (H. Hinnant's algorithm).
func daysFromCivil(y, m, d int64) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// bareYear reports whether v is a year alone ("2009", 2009), which timeOf
// and timeNum read as its first second.
func bareYear(v *gjson.Result) bool {
	switch v.Type {
	case gjson.Number:
		return v.Num == math.Trunc(v.Num) && v.Num >= 1000 && v.Num <= 9999
	case gjson.String:
		y := strings.TrimSpace(v.Str)
		_, ok := digits(y)
		return ok && len(y) == 4
	}
	return false
}

// yearEnd returns the midnight that starts the last day of t's year: a
// date-only last_seen, which covers its whole day.
func yearEnd(t int64) int64 {
	return time.Date(time.Unix(t, 0).UTC().Year(), 12, 31, 0, 0, 0, 0, time.UTC).Unix()
}
