package ingest

import (
	"fmt"
	"math/bits"
	"sort"
	"strconv"
	"strings"

	"threatmap/data/threat"
)

// Format is a supported input format, detected from the content.
type Format string

const (
	FormatGeoJSON    Format = "geojson"    // RFC 7946: FeatureCollection, Feature or geometry
	FormatGeoJSONSeq Format = "geojsonseq" // RFC 8142, with or without the RS separator
	FormatCSV        Format = "csv"        // header row with latitude and longitude columns, or an ip column
	FormatIPList     Format = "iplist"     // one IP address or CIDR network a line (FireHOL netset/ipset style)
	FormatLog        Format = "log"        // syslog/auth.log lines or web access logs: one host per source address
)

// MaxIssues is how many skipped features, and how many warnings, of one
// kind (one reason, whatever its details) a Report keeps; the counts go
// on. A stream of endless bad rows then costs a bounded report, and a
// flood of one kind does not hide the others.
const MaxIssues = 1000

// Issue is one skipped feature or one warning.
type Issue struct {
	// Index is the feature's index in its file (0-based; for CSV the data
	// row, header excluded), or -1 for what concerns the file as a whole.
	Index  int    `json:"index"`
	ID     string `json:"id"`     // the feature's id when it has one
	Reason string `json:"reason"` // what was wrong, e.g. "coordinates out of range"
}

// String formats the issue as `feature 12 (id "h-7"): reason`.
func (is Issue) String() string {
	if is.Index < 0 {
		return is.Reason
	}
	return is.where() + ": " + is.Reason
}

// where says `feature 12 (id "h-7")`.
func (is Issue) where() string {
	s := "feature " + strconv.Itoa(is.Index)
	if is.ID != "" {
		s += " (id " + strconv.Quote(is.ID) + ")"
	}
	return s
}

// Report says what loading one file did.
type Report struct {
	File   string // the name given in Options, or the path
	Format Format // "" when the format could not be detected
	Bytes  int64  // bytes read

	Hosts, Servers, Links int // loaded from this file; Links includes Derived
	Control, Command      int // Servers by kind
	Derived               int // links made from a host's server reference

	Countries map[string]int // ISO alpha-2 -> hosts; "" for hosts with no known country
	Types     map[string]int // target type -> hosts
	// First and Last bound every time of the file's hosts, servers and
	// links; threat.NoTime when there is none.
	First, Last int64
	// Reconstructed counts the file's records (hosts, servers and links)
	// with a value of each kind filled in rather than reported, by the
	// keys of ReconstructedKinds, zeros included; "link" counts the links
	// whose existence was (derived links always). Nil when Err is set
	// before anything is counted.
	Reconstructed map[string]int

	// Placement says how the records that had an IP address instead of
	// coordinates were placed; nil when the file had none.
	Placement *Placement

	Skipped  []Issue // features not loaded (the first MaxIssues of each kind)
	Warnings []Issue // loaded with a caveat, or about the file (the first MaxIssues of each kind)

	SkippedCount, WarningCount int // true totals

	// Err is set when nothing could be loaded from the file. Its text names
	// the file and, for unreadable input, the position and what was expected.
	Err error

	kept map[string]int // issues kept, per kind ("s" or "w", then the kind)
}

// Placement counts the records of a file placed from their IP address
// (geoip), and those that could not be.
type Placement struct {
	Database string // the database that placed them (geoip.DB.Describe)
	// Country and City count the records placed at each precision; Reasons
	// holds their provenance text, by precision name ("country level":
	// "from IP, country level (DATABASE, DATE)"), as each record's Props
	// member "placement" says it.
	Country, City int
	Reasons       map[string]string
	// NotPlaced counts the records skipped by why their address was not
	// placed: a reserved range's name ("private", "loopback",
	// "documentation", ...), "not in the IP database", "not an IP address",
	// "country not on the base map" (EU, AP, Gibraltar, ...) or "database
	// error".
	NotPlaced map[string]int
}

// NotPlacedText says how many records were not placed and why, most
// first: "2 private, 1 not in the IP database" ("" when none).
func (p *Placement) NotPlacedText() string {
	keys := make([]string, 0, len(p.NotPlaced))
	for k := range p.NotPlaced {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(a, b int) bool {
		na, nb := p.NotPlaced[keys[a]], p.NotPlaced[keys[b]]
		return na > nb || na == nb && keys[a] < keys[b]
	})
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = itoa(p.NotPlaced[k]) + " " + k
	}
	return strings.Join(parts, ", ")
}

// Loaded returns how many features of the file were loaded (hosts, servers
// and links read from features; derived links are not counted).
func (r *Report) Loaded() int { return r.Hosts + r.Servers + r.Links - r.Derived }

// ReconstructedKinds lists the keys of Report.Reconstructed, in the order
// of threat.FieldNames: a field's name, "position" for its coordinates.
var ReconstructedKinds = reconKinds()

func reconKinds() []string {
	k := make([]string, len(threat.FieldNames))
	for i, f := range threat.FieldNames {
		k[i] = f.Name
		if f.Bit == threat.FieldLocation {
			k[i] = "position"
		}
	}
	return k
}

// reconCounter counts records by the bits of their Recon.
type reconCounter [16]int

func (c *reconCounter) add(f threat.Field) {
	for ; f != 0; f &= f - 1 {
		c[bits.TrailingZeros16(uint16(f))]++
	}
}

// counts returns the counts by ReconstructedKinds.
func (c *reconCounter) counts() map[string]int {
	m := make(map[string]int, len(ReconstructedKinds))
	for i, f := range threat.FieldNames {
		m[ReconstructedKinds[i]] = c[bits.TrailingZeros16(uint16(f.Bit))]
	}
	return m
}

func newReport(name string) *Report {
	return &Report{File: name, First: threat.NoTime, Last: threat.NoTime}
}

// maxReason bounds a kept reason, so that MaxIssues of them stay small
// whatever a feature holds (an id or a quoted text can be megabytes).
const maxReason = 1000

// skip records a skipped feature. kind is the reason's format (a
// constant), so that the kinds are few.
func (r *Report) skip(kind string, index int, id, reason string) {
	r.SkippedCount++
	if r.keep("s" + kind) {
		r.Skipped = append(r.Skipped, Issue{index, clip(id), clip2(reason, maxReason)})
	}
}

// warn records a warning; kind as for skip.
func (r *Report) warn(kind string, index int, id, reason string) {
	r.WarningCount++
	if r.keep("w" + kind) {
		r.Warnings = append(r.Warnings, Issue{index, clip(id), clip2(reason, maxReason)})
	}
}

// keep counts an issue of kind k and reports whether it is kept.
func (r *Report) keep(k string) bool {
	if r.kept == nil {
		r.kept = map[string]int{}
	}
	if r.kept[k] >= MaxIssues {
		return false
	}
	r.kept[k]++
	return true
}

// warnf records a warning about the file as a whole.
func (r *Report) warnf(format string, a ...any) { r.warn(format, -1, "", fmt.Sprintf(format, a...)) }

// tally is one warning about many features: how many, and the first few.
type tally struct {
	n     int
	first []Issue
}

// tallyExamples is how many features a tallied warning names.
const tallyExamples = 3

// add counts feature index; id is called for the first few only.
func (t *tally) add(index int, id func() string) {
	t.n++
	if len(t.first) < tallyExamples {
		t.first = append(t.first, Issue{Index: index, ID: clip(id())})
	}
}

// merge adds u's features after t's.
func (t *tally) merge(u *tally) {
	t.n += u.n
	for _, is := range u.first {
		if len(t.first) < tallyExamples {
			t.first = append(t.first, is)
		}
	}
}

// say words t as one warning: `what: 12 features (feature 3 (id "h-3"),
// feature 7, feature 9, ...)`.
func (t *tally) say(what string) string {
	var b strings.Builder
	b.WriteString(what + ": " + count(t.n, "feature") + " (")
	for k, is := range t.first {
		if k > 0 {
			b.WriteString(", ")
		}
		b.WriteString(is.where())
	}
	if t.n > len(t.first) {
		b.WriteString(", ...")
	}
	b.WriteString(")")
	return b.String()
}

// warnTally records t as one warning (say); nothing when t is empty.
func (r *Report) warnTally(t *tally, what string) {
	if t.n > 0 {
		r.warn(what, -1, "", t.say(what))
	}
}

// posError is the file-level error for input that cannot be read.
func posError(file string, line int, off int64, what string) error {
	return fmt.Errorf("ingest: %s: line %d, byte %d: %s", file, line, off, what)
}

// count says "1 host", "2 hosts".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return itoa(n) + " " + noun + "s"
}

// matchVerb agrees "match" with a count.
func matchVerb(n int) string {
	if n == 1 {
		return " matches"
	}
	return " match"
}

// theirIts agrees "their" with a count.
func theirIts(n int) string {
	if n == 1 {
		return "its"
	}
	return "their"
}
