package ingest

import (
	"bytes"
	"net/netip"

	"threatmap/data/geoip"
	"threatmap/data/threat"
)

// The line shapes of a log (FormatLog) that name a source address. A line
// of none of them is counted, not an error.
//
// Web access logs, common or combined format (Apache, nginx):
//
//	1.2.3.4 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 2326 ...
//
// Syslog lines (auth.log, secure, kern.log, ufw.log), after an RFC 3164
// (`Dec  7 10:01:02 host sshd[42]:`), RFC 5424 (`<34>1 2003-10-11T22:14:15Z
// host ...`) or ISO 8601 (`2024-01-05T10:01:02+00:00 host ...`) header,
// whose message holds one of authShapes.

// authShape is a syslog message naming the address of a failed or refused
// login, or of a blocked packet: trigger is in the message, and the
// address is among the few words after the first `after` that follows it.
type authShape struct{ trigger, after string }

var authShapes = []authShape{
	{"Failed ", " from "},             // sshd: Failed password for [invalid user] x from A port N
	{"Invalid user ", " from "},       // sshd: Invalid user x from A port N
	{"Connection closed by ", " by "}, // sshd: ... by [authenticating|invalid user x] A port N
	{"Disconnected from ", " from "},  // sshd: ... from [authenticating|invalid user x] A port N
	{"Received disconnect from ", " from "},
	{"Did not receive identification string from ", " from "},
	{"Unable to negotiate with ", " with "},
	{"maximum authentication attempts exceeded", " from "},
	{"Connection reset by ", " by "}, // sshd: ... by [authenticating|invalid user x] A port N
	{"Timeout before authentication for ", " for "},
	{"Bad protocol version identification ", " from "},
	{"banner exchange: Connection from ", " from "},
	{"authentication failure;", "rhost="},  // PAM: ... rhost=A user=x
	{"authentication failures;", "rhost="}, // PAM N more authentication failures; ... rhost=A
	{"SRC=", "SRC="},                       // iptables/ufw: ... SRC=A DST=...
	{"] Ban ", "] Ban "},                   // fail2ban.actions: NOTICE [sshd] Ban A
	{"] Restore Ban ", "] Restore Ban "},   // fail2ban.actions, after a restart
	{"] Found ", "] Found "},               // fail2ban.filter: INFO [sshd] Found A - time
}

// legitimate reports whether a syslog message that a shape would match
// is not an attack: sshd's end of a session after a successful login
// (`Disconnected from user x A port N`, `Received disconnect from A port
// N:11: disconnected by user`), or a firewall line of a packet let
// through or not inbound (refusedPacket). Such lines are counted with
// those of no known shape.
func legitimate(msg []byte) bool {
	switch {
	case bytes.Contains(msg, []byte("Disconnected from user ")),
		bytes.Contains(msg, []byte("disconnected by user")):
		return true
	case bytes.Contains(msg, []byte("SRC=")):
		return !refusedPacket(msg)
	}
	return false
}

// refusedPacket reports whether an iptables/ufw line (`[UFW BLOCK]
// IN=eth0 OUT= ... SRC=A`) logs an inbound packet that was not let
// through: never a line saying ALLOW or ACCEPT, nor one with an output
// interface (`OUT=eth0`: outbound or forwarded, whose SRC may be the
// logging host itself); an inbound one (`OUT=` empty) else, and one with
// no OUT= field only when it says BLOCK, DROP, REJECT or DENY (in any
// case: the log prefix is the administrator's).
func refusedPacket(msg []byte) bool {
	for _, w := range [...]string{"ALLOW", "ACCEPT"} {
		if indexFold(msg, w) >= 0 {
			return false
		}
	}
	if k := bytes.Index(msg, []byte("OUT=")); k >= 0 {
		rest := msg[k+len("OUT="):]
		return len(rest) == 0 || rest[0] == ' ' || rest[0] == '\r'
	}
	for _, w := range [...]string{"BLOCK", "DROP", "REJECT", "DENY"} {
		if indexFold(msg, w) >= 0 {
			return true
		}
	}
	return false
}

// indexFold is the index of upper (ASCII upper case) in b, ignoring
// ASCII case; -1 when absent.
func indexFold(b []byte, upper string) int {
	for i := 0; i+len(upper) <= len(b); i++ {
		j := 0
		for j < len(upper) && b[i+j]&^0x20 == upper[j] {
			j++
		}
		if j == len(upper) {
			return i
		}
	}
	return -1
}

// authWords is how many words after a shape's `after` may come before
// the address ("authenticating user NAME A").
const authWords = 4

// logTimes reads what timestamps mean in one file.
type logTimes struct {
	// mod is the file's modification time (Unix seconds): RFC 3164
	// timestamps have no year, and a line is taken to be from the last
	// year in which its time is not after mod (plus a day for time
	// zones): a log written in January keeps December's lines in the
	// year before.
	mod int64
}

// logLine finds the source address of line l and its time (threat.NoTime
// when it has none that reads); ok false for a line of no known shape.
// yearless says the time was an RFC 3164 one, its year guessed.
func (lt *logTimes) logLine(l []byte) (a netip.Addr, t int64, yearless, ok bool) {
	if a, t, ok = accessLine(l); ok {
		return a, t, false, true
	}
	t, yearless, msg := lt.syslogHeader(l)
	if legitimate(msg) {
		return a, threat.NoTime, false, false
	}
	for _, s := range authShapes {
		k := bytes.Index(msg, []byte(s.trigger))
		if k < 0 {
			continue
		}
		rest := msg[k:]
		if s.after != s.trigger {
			j := bytes.Index(rest, []byte(s.after))
			if j < 0 {
				continue
			}
			rest = rest[j:]
		}
		if a, ok = addrAmong(rest[len(s.after):], authWords); ok {
			return a, t, yearless, true
		}
	}
	return a, threat.NoTime, false, false
}

// addrAmong returns the first of the first n words of b that is an IP
// address (a word ends at a space, or for the address at '#' or ',').
func addrAmong(b []byte, n int) (netip.Addr, bool) {
	for w := 0; w < n && len(b) > 0; w++ {
		b = bytes.TrimLeft(b, " ")
		e := bytes.IndexAny(b, " ,")
		if e < 0 {
			e = len(b)
		}
		if a, ok := addrOf(bytes.TrimRight(b[:e], "\r")); ok {
			return a, true
		}
		b = b[e:]
	}
	return netip.Addr{}, false
}

// addrOf parses an IP address: IPv4 without allocating, else netip.
func addrOf(b []byte) (netip.Addr, bool) {
	if a, ok := addr4(b); ok {
		return a, true
	}
	if len(b) < 2 || bytes.IndexByte(b, ':') < 0 {
		return netip.Addr{}, false
	}
	if b[0] == '[' && b[len(b)-1] == ']' {
		b = b[1 : len(b)-1]
	}
	a, err := netip.ParseAddr(string(b))
	if err != nil {
		return netip.Addr{}, false
	}
	return a.Unmap(), true
}

// addr4 parses dotted-quad IPv4 (no leading zeros, as netip).
func addr4(b []byte) (netip.Addr, bool) {
	var q [4]byte
	k := 0
	for part := 0; part < 4; part++ {
		if part > 0 {
			if k >= len(b) || b[k] != '.' {
				return netip.Addr{}, false
			}
			k++
		}
		v, d := 0, 0
		for k < len(b) && '0' <= b[k] && b[k] <= '9' {
			if d > 0 && v == 0 {
				return netip.Addr{}, false // leading zero
			}
			v = v*10 + int(b[k]-'0')
			d++
			k++
			if v > 255 {
				return netip.Addr{}, false
			}
		}
		if d == 0 {
			return netip.Addr{}, false
		}
		q[part] = byte(v)
	}
	if k != len(b) {
		return netip.Addr{}, false
	}
	return netip.AddrFrom4(q), true
}

// accessLine reads a common/combined access log line: an address, two
// words, a bracketed time, a quoted request. The address may follow a
// `vhost:port` word (Apache's vhost_combined, Debian's
// other_vhosts_access.log). When it is a reserved one (a proxy's), the
// rightmost public address of a last quoted field is the client's (nginx's "main"
// format ends with "$http_x_forwarded_for").
func accessLine(l []byte) (netip.Addr, int64, bool) {
	sp := bytes.IndexByte(l, ' ')
	if sp < 0 {
		return netip.Addr{}, 0, false
	}
	a, ok := addrOf(l[:sp])
	if !ok && vhostPort(l[:sp]) {
		l = l[sp+1:]
		if sp = bytes.IndexByte(l, ' '); sp < 0 {
			return netip.Addr{}, 0, false
		}
		a, ok = addrOf(l[:sp])
	}
	if !ok {
		return a, 0, false
	}
	if geoip.Reserved(a) != "" {
		if f, ok := forwardedFor(l); ok {
			a = f
		}
	}
	o := bytes.IndexByte(l[sp:], '[')
	if o < 0 {
		return a, 0, false
	}
	rest := l[sp+o+1:]
	c := bytes.IndexByte(rest, ']')
	if c < 0 || !bytes.HasPrefix(bytes.TrimLeft(rest[c+1:], " "), []byte{'"'}) {
		return a, 0, false
	}
	t, ok := clfTime(rest[:c])
	if !ok {
		return a, 0, false
	}
	return a, t, true
}

// vhostPort reports whether w is `name:port`, a virtual host and port.
func vhostPort(w []byte) bool {
	k := bytes.LastIndexByte(w, ':')
	if k <= 0 || k == len(w)-1 || len(w)-k-1 > 5 || bytes.IndexByte(w[:k], ':') >= 0 {
		return false
	}
	for _, c := range w[k+1:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// forwardedFor reads the rightmost public address of an access log
// line's last quoted field, an X-Forwarded-For list ("a, b, c"): each
// proxy appends the address it was reached from, so the left part is
// what the client wrote itself, and the rightmost address not of a
// private proxy is the first one a trusted hop saw. ok false when the
// field is not such a list (a word before that address is not one) or
// holds only reserved addresses.
func forwardedFor(l []byte) (netip.Addr, bool) {
	l = bytes.TrimRight(l, " \r")
	if len(l) < 2 || l[len(l)-1] != '"' {
		return netip.Addr{}, false
	}
	o := bytes.LastIndexByte(l[:len(l)-1], '"')
	if o < 0 {
		return netip.Addr{}, false
	}
	f := l[o+1 : len(l)-1]
	for len(f) > 0 {
		k := bytes.LastIndexByte(f, ',')
		a, ok := addrOf(bytes.TrimSpace(f[k+1:]))
		switch {
		case !ok:
			return netip.Addr{}, false
		case geoip.Reserved(a) == "":
			return a, true
		case k < 0:
			return netip.Addr{}, false
		}
		f = f[:k]
	}
	return netip.Addr{}, false
}

var months = [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// monthOf reads a three-letter English month name: 1 to 12, 0 if not one.
func monthOf(b []byte) int64 {
	if len(b) != 3 {
		return 0
	}
	for i, m := range months {
		if string(b) == m {
			return int64(i + 1)
		}
	}
	return 0
}

// clfTime reads `10/Oct/2000:13:55:36 -0700`.
func clfTime(b []byte) (int64, bool) {
	if len(b) != 26 || b[2] != '/' || b[6] != '/' || b[11] != ':' || b[20] != ' ' {
		return 0, false
	}
	d, ok1 := digits(string(b[0:2]))
	mo := monthOf(b[3:6])
	y, ok2 := digits(string(b[7:11]))
	if !ok1 || !ok2 || mo == 0 || d < 1 || d > daysIn(mo, y) {
		return 0, false
	}
	secs, ok := clock(b[12:20])
	if !ok {
		return 0, false
	}
	off, ok := zoneOffset(b[21:26])
	if !ok {
		return 0, false
	}
	return daysFromCivil(y, mo, d)*86400 + secs - off, true
}

// clock reads `hh:mm:ss` as seconds into the day.
func clock(b []byte) (int64, bool) {
	if len(b) != 8 || b[2] != ':' || b[5] != ':' {
		return 0, false
	}
	h, ok1 := digits(string(b[0:2]))
	m, ok2 := digits(string(b[3:5]))
	s, ok3 := digits(string(b[6:8]))
	if !ok1 || !ok2 || !ok3 || h > 23 || m > 59 || s > 60 {
		return 0, false
	}
	return h*3600 + m*60 + s, true
}

// zoneOffset reads `+hhmm` or `-hhmm` as seconds east of UTC.
func zoneOffset(b []byte) (int64, bool) {
	if len(b) != 5 || (b[0] != '+' && b[0] != '-') {
		return 0, false
	}
	h, ok1 := digits(string(b[1:3]))
	m, ok2 := digits(string(b[3:5]))
	if !ok1 || !ok2 || h > 23 || m > 59 {
		return 0, false
	}
	if b[0] == '-' {
		return -(h*3600 + m*60), true
	}
	return h*3600 + m*60, true
}

// syslogHeader reads a syslog line's time (threat.NoTime when none reads)
// and returns the rest of the line, the message with the host and tag.
func (lt *logTimes) syslogHeader(l []byte) (t int64, yearless bool, msg []byte) {
	if len(l) > 2 && l[0] == '<' {
		if k := bytes.IndexByte(l[:min(len(l), 6)], '>'); k > 0 {
			l = l[k+1:]
			if len(l) > 2 && l[0] == '1' && l[1] == ' ' {
				l = l[2:] // RFC 5424 version
			}
		}
	}
	if t, ok := lt.rfc3164(l); ok {
		return t, true, l[15:]
	}
	sp := bytes.IndexByte(l, ' ')
	if sp < 0 {
		sp = len(l)
	}
	if t, ok := isoTime(l[:sp]); ok {
		return t, false, l[sp:]
	}
	if t, n, ok := spacedTime(l); ok {
		return t, false, l[n:]
	}
	return threat.NoTime, false, l
}

// spacedTime reads a `YYYY-MM-DD hh:mm:ss` time at the start of l, with
// a fraction after ',' or '.' (fail2ban, Python's logging), as UTC: such
// logs write local time without saying which. n is its length.
func spacedTime(l []byte) (t int64, n int, ok bool) {
	if len(l) < 19 || l[10] != ' ' {
		return 0, 0, false
	}
	if t, ok = fastTime(string(l[:19])); !ok {
		return 0, 0, false
	}
	n = 19
	if n < len(l) && (l[n] == ',' || l[n] == '.') {
		n++
		for n < len(l) && '0' <= l[n] && l[n] <= '9' {
			n++
		}
	}
	if n < len(l) && l[n] != ' ' {
		return 0, 0, false
	}
	return t, n, true
}

// isoTime reads an RFC 3339 / ISO 8601 time with a clock, its offset as
// +hh:mm or +hhmm (journalctl -o short-iso: 2024-01-05T10:01:02+0000).
func isoTime(b []byte) (int64, bool) {
	if len(b) < 19 {
		return 0, false
	}
	return fastTime(string(b))
}

// rfc3164 reads `Mmm dd hh:mm:ss` (day padded with a space or a zero) in
// the year logTimes.mod gives it, as UTC.
func (lt *logTimes) rfc3164(l []byte) (int64, bool) {
	if len(l) < 16 || l[3] != ' ' || l[6] != ' ' || l[15] != ' ' {
		return 0, false
	}
	mo := monthOf(l[0:3])
	dd := l[4:6]
	if dd[0] == ' ' {
		dd = dd[1:]
	}
	d, ok := digits(string(dd))
	if mo == 0 || !ok || d < 1 || d > 31 {
		return 0, false
	}
	secs, ok := clock(l[7:15])
	if !ok {
		return 0, false
	}
	y := civilYear(lt.mod)
	for range 8 { // back to a year where the date exists and is not late
		if d <= daysIn(mo, y) {
			if t := daysFromCivil(y, mo, d)*86400 + secs; t <= lt.mod+86400 {
				return t, true
			}
		}
		y--
	}
	return 0, false
}

// civilYear is the UTC year of Unix time t.
func civilYear(t int64) int64 {
	y := 1970 + t/(365*86400+86400/4)
	for daysFromCivil(y, 1, 1)*86400 > t {
		y--
	}
	for daysFromCivil(y+1, 1, 1)*86400 <= t {
		y++
	}
	return y
}

// looksLog reports whether the first whole lines of b (up to listProbe
// of them, blank lines aside) are mostly log lines: access log lines or
// lines with a syslog header's time, at least half of them.
func looksLog(b []byte) bool {
	var lt logTimes
	logs, lines := 0, 0
	for raw, whole := range headLines(b) {
		if lines == listProbe || !whole && lines > 0 {
			break // the last line may be cut: the whole ones decide
		}
		l := bytes.TrimRight(raw, "\r")
		if len(bytes.TrimSpace(l)) == 0 {
			continue
		}
		lines++
		if _, _, ok := accessLine(l); ok {
			logs++
		} else if t, _, _ := lt.syslogHeader(l); t != threat.NoTime {
			logs++
		}
	}
	return logs > 0 && 2*logs >= lines
}
