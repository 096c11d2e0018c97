package ingest

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"net/netip"
	"os"
	"strings"
	"testing"
	"time"

	"threatmap/data/geoip"
	"threatmap/data/threat"
)

// testGeoIP places 1.x.x.x in Australia and 2.x.x.x in France at country
// level, 3.x.x.x in London at city level (GB), and 2a00::/16 in Germany;
// 4.x.x.x is in "EU", which no map has; every other public address is not
// in it.
var testGeoIP = geoip.NewFunc("test-db", "2026-01-02", func(a netip.Addr) (geoip.Place, error) {
	if a.Is6() {
		if a.As16()[0] == 0x2a && a.As16()[1] == 0 {
			return geoip.Place{Lon: 10.4, Lat: 51.1, Country: "DE", Precision: geoip.Country}, nil
		}
		return geoip.Place{}, geoip.ErrNotFound
	}
	switch a.As4()[0] {
	case 1:
		return geoip.Place{Lon: 134, Lat: -25, Country: "AU", Precision: geoip.Country}, nil
	case 2:
		return geoip.Place{Lon: 2.5, Lat: 46.5, Country: "FR", Precision: geoip.Country}, nil
	case 3:
		return geoip.Place{Lon: -0.12, Lat: 51.5, Country: "GB", City: "London", Precision: geoip.City}, nil
	case 4:
		return geoip.Place{}, fmt.Errorf("%w: EU", geoip.ErrUnmapped)
	}
	return geoip.Place{}, geoip.ErrNotFound
})

const (
	countryReason = "from IP, country level (test-db, 2026-01-02)"
	cityReason    = "from IP, city level (test-db, 2026-01-02)"
)

// ipCases are inputs with addresses and no coordinates, read with
// testGeoIP. The same table seeds FuzzIPList, FuzzLog and FuzzIPDetect.
var ipCases = []readCase{
	{name: "plain list", format: FormatIPList, hosts: 3, skipped: 4,
		in:   "# FireHOL style\n; another comment\n1.1.1.1\n\n2.2.2.0/24 # a network\n10.0.0.1\n3.3.3.3 ; city\n9.9.9.9\n169.254.0.7\nnot-an-ip\n",
		skip: "line 6: 10.0.0.1: private address, not geolocated",
		check: func(t *testing.T, d *threat.Dataset, r *Report) {
			wantHost(t, d, 0, "1.1.1.1", "AU", 134, -25, `{"placement":"`+countryReason+`"}`)
			wantHost(t, d, 1, "2.2.2.0/24", "FR", 2.5, 46.5, `{"prefix":24,"placement":"`+countryReason+`"}`)
			wantHost(t, d, 2, "3.3.3.3", "GB", -0.12, 51.5, `{"placement":"`+cityReason+`"}`)
			if d.Hosts.Feature[1] != 4 {
				t.Errorf("index of line 5: %d, want 4", d.Hosts.Feature[1])
			}
			p := r.Placement
			if p == nil || p.Country != 2 || p.City != 1 || p.Database != "test-db, 2026-01-02" || p.Reasons["city level"] != cityReason {
				t.Fatalf("placement %+v", p)
			}
			if p.NotPlaced["private"] != 1 || p.NotPlaced[notInDB] != 1 || p.NotPlaced[notIP] != 1 || len(p.NotPlaced) != 4 {
				t.Errorf("not placed %v, want private, link-local, not in the database, not an IP: 1 each", p.NotPlaced)
			}
			for _, want := range []string{"line 8: 9.9.9.9: not in the IP database (test-db, 2026-01-02)", `line 10: "not-an-ip": not an IP address or network`} {
				if !hasIssue(r.Skipped, want) {
					t.Errorf("no skip %q in %v", want, r.Skipped)
				}
			}
			if d.Meta.HostNoun != "listed address" { // a blocklist's entries are no known victims
				t.Errorf("an IP list's HostNoun %q", d.Meta.HostNoun)
			}
			if !d.Meta.Reconstructed || len(d.Meta.Sources) != 1 || !strings.Contains(d.Meta.Sources[0], "test-db, 2026-01-02") {
				t.Errorf("meta %+v", d.Meta)
			}
		}},
	{name: "list duplicates", format: FormatIPList, hosts: 2, warn: "duplicate address (one host per address: the first line's): 2 features (feature 2, feature 3)",
		in: "1.1.1.1\n1.1.1.0/24\n1.1.1.1\n::ffff:1.1.1.1\n",
		check: func(t *testing.T, d *threat.Dataset, r *Report) {
			if r.Placement.Country != 2 {
				t.Errorf("placed %d, want 2", r.Placement.Country)
			}
		}},
	{name: "list ipv6 and crlf", format: FormatIPList, hosts: 2,
		in: "2a00:1450::1\r\n2a00::/16\r\n",
		check: func(t *testing.T, d *threat.Dataset, r *Report) {
			wantHost(t, d, 0, "2a00:1450::1", "DE", 10.4, 51.1, `{"placement":"`+countryReason+`"}`)
		}},
	{name: "list nothing placed", format: FormatIPList, skipped: 2, err: "no address could be placed (1 loopback, 1 private)",
		in: "127.0.0.1\n192.168.1.1\n"},
	{name: "csv ip column", format: FormatCSV, hosts: 2, skipped: 1,
		in: "src_ip,first_seen,target_type,server\n1.2.3.4,2024-01-02,Government,c2-1\n2.2.2.2,2024-02-03,,\n172.16.0.1,2024-01-01,,\n",
		check: func(t *testing.T, d *threat.Dataset, r *Report) {
			wantHost(t, d, 0, "1.2.3.4", "AU", 134, -25, `{"placement":"`+countryReason+`"}`)
			if d.Type(0) != "gov_other" || d.Hosts.First[0] != time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC).Unix() {
				t.Errorf("type %q first %d", d.Type(0), d.Hosts.First[0])
			}
			if !hasIssue(r.Skipped, "172.16.0.1: private address, not geolocated") {
				t.Errorf("skipped %v", r.Skipped)
			}
			if d.Meta.HostNoun != "address" { // only addresses: not known to be compromised
				t.Errorf("HostNoun %q", d.Meta.HostNoun)
			}
		}},
	{name: "csv coordinates or ip", format: FormatCSV, hosts: 2,
		in: "lat,lon,ip,country\n10,20,9.9.9.9,\n,,3.1.1.1,FR\n",
		check: func(t *testing.T, d *threat.Dataset, r *Report) {
			if d.Hosts.Recon[0] != threat.FieldCountry || d.Hosts.Props[0].Len != 0 {
				t.Errorf("host with coordinates: recon %v props %q", d.Hosts.Recon[0].Names(), d.Str(d.Hosts.Props[0]))
			}
			// The country given is kept, and so is its position: the
			// database's London is not in France (FR's interior point,
			// country level).
			fr, err := geoip.CountryPlace("FR")
			if err != nil {
				t.Fatal(err)
			}
			wantHost(t, d, 1, "3.1.1.1", "FR", float32(fr.Lon), float32(fr.Lat), `{"placement":"`+countryReason+`"}`)
			if d.Hosts.Recon[1] != threat.FieldLocation {
				t.Errorf("recon %v, want coordinates only", d.Hosts.Recon[1].Names())
			}
			if d.Meta.HostNoun != "" { // some hosts have coordinates: the default
				t.Errorf("HostNoun %q", d.Meta.HostNoun)
			}
		}},
	// Found by review: ip=45.33.32.156,country=Russia counted as RU but
	// was drawn where the database put the address (the US).
	{name: "csv country the database disagrees with", format: FormatCSV, hosts: 3,
		in:   "ip,country\n2.2.2.2,Russia\n2.2.2.3,FR\n1.1.1.1,RU\n",
		warn: "records name a country the IP database disagrees with (placed in the record's country, country level): 2 ",
		check: func(t *testing.T, d *threat.Dataset, r *Report) {
			ru, err := geoip.CountryPlace("RU")
			if err != nil {
				t.Fatal(err)
			}
			h := &d.Hosts
			for i, want := range []struct {
				cc       string
				lon, lat float64
			}{{"RU", ru.Lon, ru.Lat}, {"FR", 2.5, 46.5}, {"RU", ru.Lon, ru.Lat}} {
				if d.Country(i) != want.cc || h.Lon[i] != float32(want.lon) || h.Lat[i] != float32(want.lat) {
					t.Errorf("host %d: %s at %v,%v; want %s at %v,%v", i, d.Country(i), h.Lon[i], h.Lat[i], want.cc, float32(want.lon), float32(want.lat))
				}
			}
			if r.Placement.Country != 3 {
				t.Errorf("placement %+v, want 3 at country level", r.Placement)
			}
		}},
	{name: "csv neither", err: "expected GeoJSON ('{'), GeoJSONSeq or CSV header", in: "a,b\n1,2\n"},
	{name: "geojson null geometry", format: FormatGeoJSON, hosts: 1, servers: 1, skipped: 1, skip: `feature 2 (id "n"): missing geometry (no coordinates, and no ip to place it from)`,
		in: fcHead + `{"type":"Feature","geometry":null,"properties":{"id":"h","ip":"1.5.5.5","note":"x"}},` +
			`{"type":"Feature","geometry":null,"properties":{"id":"s","ipaddr":"2.5.5.5","role":"control"}},` +
			`{"type":"Feature","geometry":null,"properties":{"id":"n"}}]}`,
		check: func(t *testing.T, d *threat.Dataset, r *Report) {
			wantHost(t, d, 0, "1.5.5.5", "AU", 134, -25, `{"note":"x","placement":"`+countryReason+`"}`)
			if s := d.Servers[0]; s.Country != "FR" || s.Recon != threat.FieldLocation|threat.FieldCountry || !strings.Contains(s.Props, countryReason) {
				t.Errorf("server %+v", s)
			}
		}},
	{name: "json array of records", format: FormatGeoJSON, hosts: 2, skipped: 1, skip: `feature 2: not a GeoJSON Feature (no "type" and no "geometry")`,
		in: `[{"ip":"1.1.1.1"},{"type":"Feature","geometry":{"type":"Point","coordinates":null},"properties":{"ip":"2.1.1.1"}},{"name":"no ip"}]`,
		check: func(t *testing.T, d *threat.Dataset, r *Report) {
			wantHost(t, d, 1, "2.1.1.1", "FR", 2.5, 46.5, `{"placement":"`+countryReason+`"}`)
		}},
	{name: "one json record", format: FormatGeoJSON, hosts: 1, in: `{"remote_addr":"3.1.2.3","id":"x"}`},
	// Found by review: three CSV rows from one address gave three hosts
	// and no word of it.
	{name: "csv repeated address", format: FormatCSV, hosts: 5,
		in:   "ip,name\n2.2.2.2,a\n2.2.2.2,b\n1.1.1.1,c\n2.2.2.2/32,d\n2.2.2.2,e\n",
		warn: "records repeat an address already seen (one host each): 2 "},
	{name: "json lines repeated address", format: FormatGeoJSONSeq, hosts: 3,
		in:   `{"src_ip":"1.9.9.9"}` + "\n" + `{"src_ip":"1.9.9.9"}` + "\n" + `{"src_ip":"1.9.9.8"}` + "\n",
		warn: "records repeat an address already seen (one host each): 1 "},
	{name: "json lines", format: FormatGeoJSONSeq, hosts: 2,
		in: `{"src_ip":"1.9.9.9","timestamp":"2024-05-01T10:00:00Z","type":"ssh"}` + "\n" + `{"client_ip":"2.9.9.9","category":"Education"}` + "\n",
		check: func(t *testing.T, d *threat.Dataset, r *Report) {
			wantHost(t, d, 0, "1.9.9.9", "AU", 134, -25, `{"placement":"`+countryReason+`"}`)
			if d.Type(0) != "ssh" || d.Hosts.First[0] != time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC).Unix() {
				t.Errorf("type %q first %d", d.Type(0), d.Hosts.First[0])
			}
		}},
	{name: "auth log", format: FormatLog, hosts: 3, skipped: 1, warn: "2 lines of no known shape, not read (line 3: ",
		in: "Dec  7 10:01:02 web sshd[42]: Failed password for invalid user admin from 1.2.3.4 port 22 ssh2\n" +
			"Dec  7 10:01:05 web sshd[42]: Failed password for root from 1.2.3.4 port 22 ssh2\n" +
			"Dec  7 10:02:00 web CRON[9]: pam_unix(cron:session): session opened for user root\n" +
			"Dec  7 10:03:00 web sshd[43]: Invalid user test from 2.2.2.2 port 4242\n" +
			"Dec  7 10:03:01 web sshd[43]: Connection closed by authenticating user root 3.3.3.3 port 4243 [preauth]\n" +
			"Dec  7 10:03:02 web sshd[43]: Disconnected from invalid user test 2.2.2.2 port 4242 [preauth]\n" +
			"Dec  7 10:04:00 web sshd[44]: pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost=10.1.1.1  user=root\n" +
			"Dec  7 10:05:00 web kernel: [UFW BLOCK] IN=eth0 OUT= MAC=00 SRC=1.2.3.4 DST=5.6.7.8 LEN=40\n" +
			"garbage\n",
		check: func(t *testing.T, d *threat.Dataset, r *Report) {
			wantHost(t, d, 0, "1.2.3.4", "AU", 134, -25, `{"events":3,"placement":"`+countryReason+`"}`)
			wantHost(t, d, 1, "2.2.2.2", "FR", 2.5, 46.5, `{"events":2,"placement":"`+countryReason+`"}`)
			if d.Hosts.Feature[1] != 3 {
				t.Errorf("host 2.2.2.2 index %d, want 3 (its first line)", d.Hosts.Feature[1])
			}
			// Read in 2026 (the test's modification time): Dec 7 is 2025.
			first := time.Date(2025, 12, 7, 10, 1, 2, 0, time.UTC).Unix()
			last := time.Date(2025, 12, 7, 10, 5, 0, 0, time.UTC).Unix()
			if d.Hosts.First[0] != first || d.Hosts.Last[0] != last {
				t.Errorf("first/last %s %s", time.Unix(d.Hosts.First[0], 0).UTC(), time.Unix(d.Hosts.Last[0], 0).UTC())
			}
			if !hasIssue(r.Skipped, "line 7: 10.1.1.1: private address, not geolocated") || !hasIssue(r.Warnings, "syslog times have no year: 7 lines read as 2026") {
				t.Errorf("skipped %v\nwarnings %v", r.Skipped, r.Warnings)
			}
		}},
	// Found by review: the end of a successful login ("Disconnected from
	// user alice", "disconnected by user") and [UFW ALLOW] or outbound
	// packets became hosts.
	{name: "auth log legitimate sessions", format: FormatLog, hosts: 4, warn: "5 lines of no known shape, not read (line 1: ",
		in: "Dec  7 10:01:02 web sshd[42]: Disconnected from user alice 1.1.1.1 port 22\n" +
			"Dec  7 10:01:03 web sshd[42]: Received disconnect from 1.1.1.1 port 22:11: disconnected by user\n" +
			"Dec  7 10:01:04 web sshd[43]: Disconnected from authenticating user root 2.2.2.2 port 4242 [preauth]\n" +
			"Dec  7 10:01:05 web sshd[43]: Failed password for root from 2.2.2.2 port 4242 ssh2\n" +
			"Dec  7 10:05:00 web kernel: [UFW ALLOW] IN=eth0 OUT= MAC=00 SRC=1.1.1.2 DST=5.6.7.8 LEN=40\n" +
			"Dec  7 10:05:01 web kernel: [UFW BLOCK] IN= OUT=eth0 SRC=1.1.1.3 DST=5.6.7.8 LEN=40\n" +
			"Dec  7 10:05:02 web kernel: IN=eth0 OUT= MAC=00 SRC=3.3.3.3 DST=5.6.7.8 LEN=40\n" +
			"Dec  7 10:05:03 web kernel: [UFW BLOCK] IN=eth0 OUT= MAC=00 SRC=3.3.3.4 DST=5.6.7.8 LEN=40\n" +
			"Dec  7 10:05:04 web kernel: IPT: SRC=1.1.1.4 DST=5.6.7.8 LEN=40\n" +
			"Dec  7 10:05:05 web kernel: iptables-drop: SRC=1.1.1.5 DST=5.6.7.8 LEN=40\n" +
			"Dec  7 10:05:06 web sshd[44]: Failed password for root from 1.1.1.5 port 4244 ssh2\n",
		check: func(t *testing.T, d *threat.Dataset, r *Report) {
			for i, ip := range []string{"2.2.2.2", "3.3.3.3", "3.3.3.4", "1.1.1.5"} {
				if got := d.Str(d.Hosts.IP[i]); got != ip {
					t.Errorf("host %d: %s, want %s", i, got, ip)
				}
			}
		}},
	{name: "access log", format: FormatLog, hosts: 2,
		in: `1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 2326` + "\n" +
			`2a00::5 - frank [10/Oct/2000:13:56:00 +0000] "GET /a HTTP/1.1" 404 7 "-" "curl/8"` + "\n" +
			`1.2.3.4 - - [11/Oct/2000:01:00:00 -0700] "POST /login HTTP/1.0" 401 0 "-" "x"` + "\n",
		check: func(t *testing.T, d *threat.Dataset, r *Report) {
			wantHost(t, d, 0, "1.2.3.4", "AU", 134, -25, `{"events":2,"placement":"`+countryReason+`"}`)
			if d.Meta.HostNoun != "source address" { // a log's senders, not known victims
				t.Errorf("HostNoun %q", d.Meta.HostNoun)
			}
			if d.Hosts.First[0] != time.Date(2000, 10, 10, 20, 55, 36, 0, time.UTC).Unix() || d.Hosts.Last[0] != time.Date(2000, 10, 11, 8, 0, 0, 0, time.UTC).Unix() {
				t.Errorf("first/last %s %s", time.Unix(d.Hosts.First[0], 0).UTC(), time.Unix(d.Hosts.Last[0], 0).UTC())
			}
		}},
	{name: "auth log more sshd shapes", format: FormatLog, hosts: 2,
		in: "Dec  7 10:01:02 web sshd[42]: Connection reset by authenticating user root 1.2.3.4 port 4242 [preauth]\n" +
			"Dec  7 10:01:03 web sshd[43]: Timeout before authentication for 1.2.3.4 port 4243\n" +
			"Dec  7 10:01:04 web sshd[44]: Bad protocol version identification 'GET / HTTP/1.1' from 2.2.2.2 port 4244\n" +
			"Dec  7 10:01:05 web sshd[45]: banner exchange: Connection from 2.2.2.2 port 4245: invalid format\n" +
			"Dec  7 10:01:06 web sshd[46]: PAM 2 more authentication failures; logname= uid=0 euid=0 tty=ssh ruser= rhost=1.2.3.4  user=root\n",
		check: func(t *testing.T, d *threat.Dataset, r *Report) {
			wantHost(t, d, 0, "1.2.3.4", "AU", 134, -25, `{"events":3,"placement":"`+countryReason+`"}`)
			wantHost(t, d, 1, "2.2.2.2", "FR", 2.5, 46.5, `{"events":2,"placement":"`+countryReason+`"}`)
		}},
	{name: "access log vhost and proxy", format: FormatLog, hosts: 3, skipped: 1,
		in: `www.example.org:443 1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 2326 "-" "curl/8"` + "\n" +
			`10.0.0.2 - - [10/Oct/2000:13:56:00 +0000] "GET /a HTTP/1.1" 404 7 "-" "Mozilla/5.0" "2.2.2.2, 10.0.0.9"` + "\n" +
			`127.0.0.1 - - [10/Oct/2000:13:57:00 +0000] "GET /b HTTP/1.1" 200 7 "-" "Mozilla/5.0" "2a00::7"` + "\n" +
			`10.0.0.3 - - [10/Oct/2000:13:58:00 +0000] "GET /c HTTP/1.1" 200 7 "-" "Mozilla/5.0" "-"` + "\n",
		skip: "line 4: 10.0.0.3: private address, not geolocated",
		check: func(t *testing.T, d *threat.Dataset, r *Report) {
			wantHost(t, d, 0, "1.2.3.4", "AU", 134, -25, `{"events":1,"placement":"`+countryReason+`"}`)
			wantHost(t, d, 1, "2.2.2.2", "FR", 2.5, 46.5, `{"events":1,"placement":"`+countryReason+`"}`)
			if got := d.Str(d.Hosts.IP[2]); got != "2a00::7" {
				t.Errorf("host 2: %s, want 2a00::7 (from X-Forwarded-For)", got)
			}
		}},
	// Found by review: behind a private proxy the first X-Forwarded-For
	// address was taken, which the client writes itself.
	{name: "access log forwarded for rightmost public", format: FormatLog, hosts: 2, skipped: 1,
		in: `10.0.0.2 - - [10/Oct/2000:13:56:00 +0000] "GET /a HTTP/1.1" 404 7 "-" "x" "1.1.1.1, 2.2.2.2"` + "\n" +
			`10.0.0.2 - - [10/Oct/2000:13:57:00 +0000] "GET /b HTTP/1.1" 404 7 "-" "x" "1.1.1.1, 3.3.3.3, 192.168.0.5"` + "\n" +
			`10.0.0.2 - - [10/Oct/2000:13:58:00 +0000] "GET /c HTTP/1.1" 404 7 "-" "x" "1.1.1.1, unknown, 10.0.0.7"` + "\n",
		skip: "line 3: 10.0.0.2: private address, not geolocated",
		check: func(t *testing.T, d *threat.Dataset, r *Report) {
			for i, ip := range []string{"2.2.2.2", "3.3.3.3"} {
				if got := d.Str(d.Hosts.IP[i]); got != ip {
					t.Errorf("host %d: %s, want %s", i, got, ip)
				}
			}
		}},
	{name: "iso syslog", format: FormatLog, hosts: 1,
		in: "2024-01-05T10:01:02.123+01:00 host sshd[1]: Failed password for x from 1.1.1.1 port 1 ssh2\n" +
			"<34>1 2024-01-06T10:01:02Z host sshd 1 - - Invalid user y from 1.1.1.1 port 2\n",
		check: func(t *testing.T, d *threat.Dataset, r *Report) {
			if d.Hosts.First[0] != time.Date(2024, 1, 5, 9, 1, 2, 0, time.UTC).Unix() || d.Hosts.Last[0] != time.Date(2024, 1, 6, 10, 1, 2, 0, time.UTC).Unix() {
				t.Errorf("first/last %s %s", time.Unix(d.Hosts.First[0], 0).UTC(), time.Unix(d.Hosts.Last[0], 0).UTC())
			}
		}},
	{name: "journalctl short-iso", format: FormatLog, hosts: 2, warn: "1 line of no known shape",
		in: "-- Journal begins at Mon 2024-01-01 10:00:00 UTC, ends at Fri 2024-01-05 10:01:04 UTC. --\n" +
			"2024-01-05T10:01:02+0000 host sshd[1]: Failed password for x from 1.1.1.1 port 1 ssh2\n" +
			"2024-01-05T10:01:03+0100 host sshd[1]: Failed password for x from 1.1.1.1 port 1 ssh2\n" +
			"2024-01-05T10:01:04-0130 host sshd[1]: Invalid user y from 2.2.2.2 port 2\n",
		check: func(t *testing.T, d *threat.Dataset, r *Report) {
			if d.Hosts.First[0] != time.Date(2024, 1, 5, 9, 1, 3, 0, time.UTC).Unix() || d.Hosts.Last[0] != time.Date(2024, 1, 5, 10, 1, 2, 0, time.UTC).Unix() ||
				d.Hosts.First[1] != time.Date(2024, 1, 5, 11, 31, 4, 0, time.UTC).Unix() {
				t.Errorf("times %s %s %s", time.Unix(d.Hosts.First[0], 0).UTC(), time.Unix(d.Hosts.Last[0], 0).UTC(), time.Unix(d.Hosts.First[1], 0).UTC())
			}
		}},
	{name: "csv empty ip", format: FormatCSV, hosts: 1, skipped: 1,
		in:   "ip,name\n1.1.1.1,a\n,b\n",
		skip: "line 3: missing geometry (no coordinates, and no ip to place it from)"},
	// Exports of real tools, their time columns named their own way.
	{name: "abuseipdb blacklist csv", format: FormatCSV, hosts: 1,
		in: "ipAddress,countryCode,abuseConfidenceScore,lastReportedAt\n1.1.1.1,AU,100,2026-01-02T10:00:00+00:00\n",
		check: func(t *testing.T, d *threat.Dataset, r *Report) {
			if d.Hosts.Last[0] != time.Date(2026, 1, 2, 10, 0, 0, 0, time.UTC).Unix() {
				t.Errorf("last_seen %s", time.Unix(d.Hosts.Last[0], 0).UTC())
			}
		}},
	{name: "abuseipdb bulk report csv", format: FormatCSV, hosts: 1,
		in: "IP,Categories,ReportDate,Comment\n1.1.1.1,\"18,22\",2026-01-02T10:00:00+00:00,ssh\n",
		check: func(t *testing.T, d *threat.Dataset, r *Report) {
			if d.Hosts.First[0] != time.Date(2026, 1, 2, 10, 0, 0, 0, time.UTC).Unix() {
				t.Errorf("first_seen %s", time.Unix(d.Hosts.First[0], 0).UTC())
			}
		}},
	{name: "kibana ndjson", format: FormatGeoJSONSeq, hosts: 2,
		in: `{"@timestamp":"2026-01-02T10:00:00.123Z","client_ip":"1.1.1.1"}` + "\n" + `{"@timestamp":"2026-01-02T11:00:00Z","client_ip":"2.2.2.2"}` + "\n",
		check: func(t *testing.T, d *threat.Dataset, r *Report) {
			if d.Hosts.First[1] != time.Date(2026, 1, 2, 11, 0, 0, 0, time.UTC).Unix() {
				t.Errorf("first_seen %s", time.Unix(d.Hosts.First[1], 0).UTC())
			}
		}},
	{name: "ecs ndjson", format: FormatGeoJSONSeq, hosts: 2, skipped: 1,
		in: `{"@timestamp":"2026-01-02T10:00:00Z","source":{"ip":"1.1.1.1","port":22},"event":{"action":"ssh_login"}}` + "\n" +
			`{"@timestamp":"2026-01-02T11:00:00Z","client":{"ip":"2.2.2.2"}}` + "\n" + `{"@timestamp":"2026-01-02T11:00:00Z","source":{"port":22}}` + "\n",
		skip: `line 3: not a GeoJSON Feature (no "type" and no "geometry")`,
		check: func(t *testing.T, d *threat.Dataset, r *Report) {
			if d.Str(d.Hosts.IP[0]) != "1.1.1.1" || d.Str(d.Hosts.IP[1]) != "2.2.2.2" || d.Hosts.First[1] != time.Date(2026, 1, 2, 11, 0, 0, 0, time.UTC).Unix() {
				t.Errorf("hosts %s %s, first %s", d.Str(d.Hosts.IP[0]), d.Str(d.Hosts.IP[1]), time.Unix(d.Hosts.First[1], 0).UTC())
			}
			if p := d.Str(d.Hosts.Props[0]); !strings.Contains(p, `"event":{"action":"ssh_login"}`) {
				t.Errorf("props %s", p)
			}
		}},
	{name: "zeek json", format: FormatGeoJSONSeq, hosts: 2,
		in: `{"ts":1767348000.123456,"uid":"CHhAvVGS1DHFjwGM9","id.orig_h":"1.1.1.1","id.orig_p":52100,"id.resp_h":"10.0.0.5","id.resp_p":22,"proto":"tcp"}` + "\n" +
			`{"ts":1767348001.5,"uid":"C2","id.orig_h":"2.2.2.2","id.orig_p":52101,"id.resp_h":"10.0.0.5","id.resp_p":22,"proto":"tcp"}` + "\n",
		check: func(t *testing.T, d *threat.Dataset, r *Report) {
			if d.Str(d.Hosts.IP[0]) != "1.1.1.1" || d.Hosts.First[0] != time.Date(2026, 1, 2, 10, 0, 0, 0, time.UTC).Unix() {
				t.Errorf("host %s first %s", d.Str(d.Hosts.IP[0]), time.Unix(d.Hosts.First[0], 0).UTC())
			}
		}},
	{name: "spamhaus drop json", format: FormatGeoJSONSeq, hosts: 2, skipped: 1,
		in: `{"cidr":"1.10.16.0/20","sblid":"SBL256894","rir":"apnic"}` + "\n" + `{"cidr":"2.56.192.0/22","sblid":"SBL459831","rir":"ripencc"}` + "\n" +
			`{"type":"metadata","timestamp":1733565600,"size":91234,"records":2,"copyright":"(c) 2024 The Spamhaus Project SLU"}` + "\n",
		skip: `line 3: not a GeoJSON Feature (type "metadata")`,
		check: func(t *testing.T, d *threat.Dataset, r *Report) {
			wantHost(t, d, 0, "1.10.16.0/20", "AU", 134, -25, `{"sblid":"SBL256894","rir":"apnic","prefix":20,"placement":"`+countryReason+`"}`)
		}},
	{name: "firewall csv src column", format: FormatCSV, hosts: 2, skipped: 1,
		in:   "date,src,dst,dport,action\n2026-01-02 10:00:00,1.1.1.1,10.0.0.5,22,DROP\n2026-01-02 10:00:01,2.2.2.2,10.0.0.5,23,DROP\n2026-01-02 10:00:02,10.9.9.9,10.0.0.5,23,DROP",
		warn: `column 2 ("src") holds IP addresses: read as ip, not as the records' source`,
		skip: "line 4: 10.9.9.9: private address, not geolocated",
		check: func(t *testing.T, d *threat.Dataset, r *Report) {
			wantHost(t, d, 1, "2.2.2.2", "FR", 2.5, 46.5, `{"dst":"10.0.0.5","dport":"23","action":"DROP","placement":"`+countryReason+`"}`)
		}},
	// A source column of provenance, not addresses, is no ip column.
	{name: "csv source column not addresses", err: "expected GeoJSON ('{')",
		in: "name,source\nx,Citizen Lab\n"},
	{name: "list unmapped country", format: FormatIPList, hosts: 1, skipped: 1,
		in:   "1.1.1.1\n4.4.4.4\n",
		skip: "line 2: 4.4.4.4: country not on the base map: EU",
		check: func(t *testing.T, d *threat.Dataset, r *Report) {
			if n := r.Placement.NotPlaced; n["country not on the base map"] != 1 || len(n) != 1 {
				t.Errorf("not placed %v, want 1 country not on the base map", n)
			}
		}},
	{name: "list networks not placed", format: FormatIPList, hosts: 3, skipped: 3,
		in:   "1.1.1.1\n2.2.2.2\n3.3.3.3\n10.1.2.3/8\n9.0.0.0/8\n0.0.0.0/0\n",
		skip: "line 4: 10.0.0.0/8: private address, not geolocated",
		check: func(t *testing.T, d *threat.Dataset, r *Report) {
			for _, want := range []string{"line 5: 9.0.0.0/8: not in the IP database", "line 6: 0.0.0.0/0: unspecified address"} {
				if !hasIssue(r.Skipped, want) {
					t.Errorf("no skip %q in %v", want, r.Skipped)
				}
			}
		}},
	{name: "list half host names", format: FormatIPList, hosts: 3, skipped: 2,
		in:   "1.1.1.1\nevil.example.com\n2.2.2.2\nbad.example.net\n3.3.3.3\n",
		skip: `line 4: "bad.example.net": not an IP address or network (a host name? names are not resolved)`},
	{name: "list zero-padded", format: FormatIPList, hosts: 4, skipped: 1,
		in:   "1.1.1.1\n2.2.2.2\n3.3.3.3\n2.2.2.3\n010.001.001.001\n",
		skip: `line 5: "010.001.001.001": not an IP address or network (a part with a leading zero: octal or decimal?)`},
	{name: "fail2ban log", format: FormatLog, hosts: 2, warn: "1 line of no known shape",
		in: "2024-01-05 10:01:02,123 fail2ban.filter         [934]: INFO    [sshd] Found 1.1.1.1 - 2024-01-05 10:01:02\n" +
			"2024-01-05 10:01:09,789 fail2ban.actions        [934]: NOTICE  [sshd] Ban 1.1.1.1\n" +
			"2024-01-05 10:11:09,789 fail2ban.actions        [934]: NOTICE  [sshd] Unban 1.1.1.1\n" +
			"2024-01-05 11:00:00,001 fail2ban.actions        [934]: NOTICE  [recidive] Restore Ban 2.2.2.2\n",
		check: func(t *testing.T, d *threat.Dataset, r *Report) {
			wantHost(t, d, 0, "1.1.1.1", "AU", 134, -25, `{"events":2,"placement":"`+countryReason+`"}`)
			if d.Hosts.First[0] != time.Date(2024, 1, 5, 10, 1, 2, 0, time.UTC).Unix() || d.Hosts.Last[0] != time.Date(2024, 1, 5, 10, 1, 9, 0, time.UTC).Unix() ||
				d.Hosts.First[1] != time.Date(2024, 1, 5, 11, 0, 0, 0, time.UTC).Unix() {
				t.Errorf("times %s %s %s", time.Unix(d.Hosts.First[0], 0).UTC(), time.Unix(d.Hosts.Last[0], 0).UTC(), time.Unix(d.Hosts.First[1], 0).UTC())
			}
		}},
	{name: "neither list nor log", err: `line 1, byte 0: expected GeoJSON ('{'), GeoJSONSeq or CSV header with latitude/longitude or ip columns, an IP list, or a log with source addresses, found "hello\nworld`,
		in: "hello\nworld\n"},
	{name: "log of no known line", format: FormatLog, err: "no line names a source address in a known shape (2 lines read",
		in: "Dec  7 10:02:00 web CRON[9]: session opened\nDec  7 10:02:00 web CRON[9]: session closed\n"},
}

// wantHost checks host i's address, country, position and Props, and that
// its position (and country) are marked reconstructed.
func wantHost(t *testing.T, d *threat.Dataset, i int, ip, cc string, lon, lat float32, props string) {
	t.Helper()
	if i >= d.Hosts.Len() {
		t.Fatalf("no host %d", i)
	}
	h := &d.Hosts
	if got := d.Str(h.IP[i]); got != ip || d.Country(i) != cc || h.Lon[i] != lon || h.Lat[i] != lat || d.Str(h.Props[i]) != props {
		t.Errorf("host %d: %s %s %v,%v %s; want %s %s %v,%v %s", i, got, d.Country(i), h.Lon[i], h.Lat[i], d.Str(h.Props[i]), ip, cc, lon, lat, props)
	}
	if h.Recon[i]&threat.FieldLocation == 0 {
		t.Errorf("host %d: position not marked reconstructed (%v)", i, h.Recon[i].Names())
	}
}

// readIP reads in with testGeoIP, as a file modified on 2026-01-03.
func readIP(r interface{ Read([]byte) (int, error) }, size int64, format Format) (*threat.Dataset, *Report) {
	return Read(context.Background(), r, size, Options{GeoIP: testGeoIP, format: format,
		modTime: time.Date(2026, 1, 3, 12, 0, 0, 0, time.UTC)})
}

func TestIPFeeds(t *testing.T) {
	for _, c := range ipCases {
		t.Run(c.name, func(t *testing.T) {
			d, r := readIP(strings.NewReader(c.in), int64(len(c.in)), "")
			checkIPCase(t, c, d, r)
		})
	}
}

// embeddedCases are read with the embedded database, whose networks
// testGeoIP (an address function) does not have.
var embeddedCases = []readCase{
	// Found by review: 5.0.0.0/8 became one host in Syria and 2.0.0.0/8
	// one in the US, the countries of their first addresses.
	{name: "list wide networks", format: FormatIPList, hosts: 1, skipped: 2,
		in:   "5.0.0.0/8\n2.0.0.0/8\n81.2.69.0/24\n",
		skip: "line 1: 5.0.0.0/8: network spans several countries (",
		check: func(t *testing.T, d *threat.Dataset, r *Report) {
			if n := r.Placement.NotPlaced["network spans several countries"]; n != 2 {
				t.Errorf("not placed %v, want 2 spanning several countries", r.Placement.NotPlaced)
			}
			if d.Country(0) != "GB" {
				t.Errorf("81.2.69.0/24 in %s, want GB", d.Country(0))
			}
		}},
}

func TestIPFeedsEmbedded(t *testing.T) {
	for _, c := range embeddedCases {
		t.Run(c.name, func(t *testing.T) {
			d, r := Read(context.Background(), strings.NewReader(c.in), int64(len(c.in)), Options{})
			checkIPCase(t, c, d, r)
		})
	}
}

// checkIPCase checks a read of c.in against c.
func checkIPCase(t *testing.T, c readCase, d *threat.Dataset, r *Report) {
	t.Helper()
	checkInvariants(t, d, r)
	if c.err != "" {
		if r.Err == nil || !strings.Contains(r.Err.Error(), c.err) {
			t.Fatalf("err %v, want %q", r.Err, c.err)
		}
	} else if r.Err != nil {
		t.Fatalf("err %v", r.Err)
	}
	if r.Format != c.format {
		t.Errorf("format %q, want %q", r.Format, c.format)
	}
	if r.Hosts+r.Servers != c.hosts+c.servers || r.SkippedCount != c.skipped {
		t.Errorf("hosts %d servers %d skipped %d, want %d %d %d\nskipped %v\nwarnings %v",
			r.Hosts, r.Servers, r.SkippedCount, c.hosts, c.servers, c.skipped, r.Skipped, r.Warnings)
	}
	if c.warn != "" && !hasIssue(r.Warnings, c.warn) {
		t.Errorf("no warning with %q in %v", c.warn, r.Warnings)
	}
	if c.skip != "" && !hasIssue(r.Skipped, c.skip) {
		t.Errorf("no skip with %q in %v", c.skip, r.Skipped)
	}
	if c.check != nil && !t.Failed() {
		c.check(t, d, r)
	}
}

// fuzzIP reads b whole and in 7-byte reads, as format ("" detects), and
// checks that both say the same.
func fuzzIP(t *testing.T, b []byte, format Format) {
	d, r := readIP(bytes.NewReader(b), int64(len(b)), format)
	checkInvariants(t, d, r)
	d2, r2 := readIP(&chunkReader{b: b, n: 7}, 0, format)
	checkInvariants(t, d2, r2)
	if a, b := reportText(r, d), reportText(r2, d2); a != b {
		t.Errorf("whole vs chunked read differ:\n%s\n%s", a, b)
	}
}

// reportText is what a read says, Placement by value.
func reportText(r *Report, d *threat.Dataset) string {
	c := *r
	c.Placement = nil
	return fmt.Sprintf("%+v %v %+v", c, d.Countries, r.Placement)
}

func seedIP(f *testing.F) {
	for _, c := range ipCases {
		f.Add([]byte(c.in))
	}
}

func FuzzIPList(f *testing.F) {
	seedIP(f)
	f.Fuzz(func(t *testing.T, b []byte) { fuzzIP(t, b, FormatIPList) })
}

func FuzzLog(f *testing.F) {
	seedIP(f)
	f.Fuzz(func(t *testing.T, b []byte) { fuzzIP(t, b, FormatLog) })
}

// FuzzIPDetect checks detection and every format on inputs like IP feeds.
func FuzzIPDetect(f *testing.F) {
	seedIP(f)
	f.Fuzz(func(t *testing.T, b []byte) { fuzzIP(t, b, "") })
}

// FuzzLogLine checks that reading a line's shape never panics, and that
// an IPv4 address it finds is written in the line as it says it.
func FuzzLogLine(f *testing.F) {
	for _, c := range ipCases {
		for _, l := range strings.Split(c.in, "\n") {
			f.Add([]byte(l))
		}
	}
	lt := logTimes{mod: time.Date(2026, 1, 3, 0, 0, 0, 0, time.UTC).Unix()}
	f.Fuzz(func(t *testing.T, l []byte) {
		a, _, _, ok := lt.logLine(l)
		if !ok {
			return
		}
		if !a.IsValid() || a.Is4In6() {
			t.Fatalf("line %q: address %v", l, a)
		}
		if a.Is4() && !bytes.Contains(l, []byte(a.String())) {
			t.Errorf("line %q: address %s is not in it", l, a)
		}
	})
}

// TestSyslogYearFromFile: RFC 3164 times take the year of the file's
// modification time (the year before for a later date), gzip or not.
func TestSyslogYearFromFile(t *testing.T) {
	log := "Jan  2 10:00:00 h sshd[1]: Invalid user a from 1.1.1.1 port 1\nDec 30 10:00:00 h sshd[1]: Invalid user a from 2.2.2.2 port 1\n"
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(log))
	zw.Close()
	for name, content := range map[string][]byte{"auth.log": []byte(log), "auth.log.gz": gz.Bytes()} {
		p := writeTemp(t, t.TempDir(), name, string(content))
		mod := time.Date(2025, 1, 5, 0, 0, 0, 0, time.UTC)
		if err := os.Chtimes(p, mod, mod); err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		d, r := Read(context.Background(), f, int64(len(content)), Options{GeoIP: testGeoIP})
		f.Close()
		if r.Err != nil || r.Hosts != 2 {
			t.Fatalf("%s: %d hosts, err %v", name, r.Hosts, r.Err)
		}
		jan, dec := time.Unix(d.Hosts.First[0], 0).UTC(), time.Unix(d.Hosts.First[1], 0).UTC()
		if jan.Year() != 2025 || dec.Year() != 2024 {
			t.Errorf("%s: Jan 2 read as %s, Dec 30 as %s; want 2025 and 2024", name, jan, dec)
		}
	}
}

// TestNotIPHint: the reason a text is not an address says what it looks
// like when that is a common mistake, and nothing else otherwise.
func TestNotIPHint(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"010.001.001.001", " (a part with a leading zero: octal or decimal?)"},
		{"10.0.0.01/24", " (a part with a leading zero: octal or decimal?)"},
		{"1.2.3.4:8080", " (an address with a port?)"},
		{"[2a00::1]:443", " (an address with a port?)"},
		{"evil.example.com", " (a host name? names are not resolved)"},
		{"not-an-ip", ""},
		{"1.2.3.256", ""},
		{"1.2.3", ""},
		{"2a00::g", ""},
		{"", ""},
	} {
		if got := notIPHint(c.in); got != c.want {
			t.Errorf("notIPHint(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
