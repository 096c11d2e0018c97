// Package threat is the domain of threatmap: compromised hosts, the
// command-and-control (C2) servers they report to, and the links between
// them, held in a columnar, immutable Dataset.
//
// A Dataset is built once (by package ingest; a Builder makes small ones) and never
// changed afterwards, so any goroutine may read it without locks. Columns are
// plain slices indexed by host (or link) number, which keeps a million hosts
// in tens of megabytes and lets filters run as tight loops.
//
// threat knows nothing about JSON, files or the UI.
package threat

import "math"

// NoTime marks a missing time in the First and Last columns.
const NoTime = math.MinInt64

// Role says what a point is: an infected host or one of the two kinds of
// server the GhostNet report distinguishes.
type Role uint8

const (
	RoleHost    Role = iota // a compromised computer (the default role)
	RoleControl             // a control server: the operators' web admin interface
	RoleCommand             // a command server: hosts commands and payloads
)

// String returns the canonical property value for r.
func (r Role) String() string {
	switch r {
	case RoleControl:
		return "control"
	case RoleCommand:
		return "command"
	}
	return "host"
}

// Confidence is how sure the source is of an identification.
type Confidence uint8

const (
	ConfUnknown Confidence = iota
	ConfLow
	ConfMedium
	ConfHigh
)

// String returns the canonical property value ("" for unknown).
func (c Confidence) String() string {
	switch c {
	case ConfLow:
		return "low"
	case ConfMedium:
		return "medium"
	case ConfHigh:
		return "high"
	}
	return ""
}

// Field is a bit set of record fields, used to say which values of a record
// were reconstructed (filled in) rather than reported by the source.
type Field uint16

const (
	FieldLocation Field = 1 << iota // coordinates
	FieldCountry
	FieldType
	FieldFirstSeen
	FieldLastSeen
	FieldServer
	FieldName
	FieldIP
	FieldConfidence
	FieldLink // a link's existence: which host talked to which server
)

// FieldNames maps each Field bit to its canonical property name, in bit order.
var FieldNames = []struct {
	Bit  Field
	Name string
}{
	{FieldLocation, "coordinates"},
	{FieldCountry, "country"},
	{FieldType, "target_type"},
	{FieldFirstSeen, "first_seen"},
	{FieldLastSeen, "last_seen"},
	{FieldServer, "server"},
	{FieldName, "name"},
	{FieldIP, "ip"},
	{FieldConfidence, "confidence"},
	{FieldLink, "link"},
}

// FieldByName returns the Field for a canonical name, or 0.
func FieldByName(name string) Field {
	for _, f := range FieldNames {
		if f.Name == name {
			return f.Bit
		}
	}
	return 0
}

// Names lists the canonical names of the bits set in f.
func (f Field) Names() []string {
	var out []string
	for _, n := range FieldNames {
		if f&n.Bit != 0 {
			out = append(out, n.Name)
		}
	}
	return out
}

// Ref is a string stored in a Dataset's Text arena. The zero Ref is "".
type Ref struct{ Off, Len uint32 }

// Meta describes a dataset as a whole.
type Meta struct {
	Title   string
	Sources []string // where the data came from, one line each
	// Caveat is a one-line warning shown with the data, e.g. that server
	// locations show hosting, not attribution.
	Caveat string
	// Reconstructed is true when some values were filled in rather than
	// reported; the UI then says so.
	Reconstructed bool
	Files         []string // the files the dataset was loaded from
	// ReportedCountries lists the ISO alpha-2 codes whose host counts the
	// source reported; the other countries' counts were filled in. Empty
	// when the source says nothing of it (every count is as loaded).
	ReportedCountries []string
	// ConfidenceNote says what the source's confidence values mean ("" when
	// it does not say).
	ConfidenceNote string
	// HostNoun is what one host of this dataset is, singular: "" for a
	// compromised host (HostNounOf), "source address" for the senders of a
	// log's lines, who may be attackers rather than victims.
	HostNoun string
}

// HostNounOf is m's HostNoun, "compromised host" when it names none.
func HostNounOf(m *Meta) string {
	if m == nil || m.HostNoun == "" {
		return "compromised host"
	}
	return m.HostNoun
}

// Dataset is the whole of what threatmap shows. Immutable once built.
//
// Country and Type columns hold small integer codes into the Countries and
// Types dictionaries. Code 0 is always "unknown": Countries[0] == "" and
// Types[0] == "unknown".
type Dataset struct {
	Meta      Meta
	Hosts     Hosts
	Servers   []Server
	Links     Links
	Countries []string // ISO 3166-1 alpha-2 codes; [0] = "" (unknown)
	Types     []string // target types; [0] = "unknown"
	Text      []byte   // arena behind every Ref
}

// Hosts holds one entry per compromised host, column by column. All columns
// have the same length.
type Hosts struct {
	Lon, Lat    []float32
	First, Last []int64  // Unix seconds, NoTime when unknown
	Country     []uint16 // index into Dataset.Countries
	Type        []uint16 // index into Dataset.Types
	Server      []int32  // primary server: index into Dataset.Servers, -1 none
	Confidence  []Confidence
	Recon       []Field // which values were reconstructed
	ID          []Ref
	Name        []Ref // name or organisation
	IP          []Ref
	Source      []Ref   // provenance: where the record came from
	Props       []Ref   // JSON object of the properties no column holds exactly (unknown ones, odd spellings)
	Feature     []int32 // index of the feature in its file, for reports
}

// Server is a C2 server. There are few of them, so they are plain structs.
type Server struct {
	ID, Name, IP string
	Network      string // ISP or network as reported, e.g. "CHINANET-GD"
	Region       string // province or state where it was hosted
	Country      string // ISO alpha-2 of the hosting location (not attribution)
	Role         Role
	Lon, Lat     float64
	First, Last  int64 // NoTime when unknown
	Confidence   Confidence
	Recon        Field
	Source       string
	Props        string // JSON object of the properties no field holds exactly
	Feature      int32
}

// Links joins a server to a host. All columns have the same length.
// A link's geometry is its two end points; it is drawn as a great circle.
type Links struct {
	Server     []int32   // index into Dataset.Servers, -1 when unmatched
	Host       []int32   // index into Hosts, -1 when unmatched
	Lon0, Lat0 []float32 // server end
	Lon1, Lat1 []float32 // host end
	First      []int64   // NoTime when unknown
	Derived    []bool    // true when made from a host's server reference
	Feature    []int32   // index of the feature in its file; -1 derived
	// Provenance, as for hosts. Recon, Source and Confidence may be
	// shorter than the other columns (or nil): read them through
	// Dataset.LinkRecon, LinkSource and LinkConfidence.
	Recon      []Field // FieldLink: the link itself was reconstructed
	Source     []Ref
	Confidence []Confidence
}

// Len returns the number of hosts.
func (h *Hosts) Len() int { return len(h.Lon) }

// Len returns the number of links.
func (l *Links) Len() int { return len(l.Server) }

// Str returns the string behind r.
func (d *Dataset) Str(r Ref) string {
	if r.Len == 0 || int(r.Off)+int(r.Len) > len(d.Text) {
		return ""
	}
	return string(d.Text[r.Off : r.Off+r.Len])
}

// Country returns the alpha-2 code of host i ("" when unknown).
func (d *Dataset) Country(i int) string { return d.Countries[d.Hosts.Country[i]] }

// Type returns the target type of host i.
func (d *Dataset) Type(i int) string { return d.Types[d.Hosts.Type[i]] }

// TimeRange returns the first and last known time over hosts, servers and
// links, and ok=false when no time is known.
func (d *Dataset) TimeRange() (first, last int64, ok bool) {
	first, last = math.MaxInt64, math.MinInt64
	see := func(t int64) {
		if t == NoTime {
			return
		}
		first = min(first, t)
		last = max(last, t)
	}
	for i := range d.Hosts.First {
		see(d.Hosts.First[i])
		see(d.Hosts.Last[i])
	}
	for i := range d.Servers {
		see(d.Servers[i].First)
		see(d.Servers[i].Last)
	}
	for _, t := range d.Links.First {
		see(t)
	}
	return first, last, first <= last
}

// ServerIndex returns the index of the server with the given ID, or -1.
func (d *Dataset) ServerIndex(id string) int {
	for i := range d.Servers {
		if d.Servers[i].ID == id {
			return i
		}
	}
	return -1
}

// LinkRecon returns which values of link i were reconstructed. A derived
// link (made from a host's server reference) always has FieldLink: no
// source observed it as a link.
func (d *Dataset) LinkRecon(i int) Field {
	var f Field
	if i < len(d.Links.Recon) {
		f = d.Links.Recon[i]
	}
	if i < len(d.Links.Derived) && d.Links.Derived[i] {
		f |= FieldLink
	}
	return f
}

// LinkSource returns the provenance of link i ("" when not given).
func (d *Dataset) LinkSource(i int) string {
	if i < len(d.Links.Source) {
		return d.Str(d.Links.Source[i])
	}
	return ""
}

// LinkConfidence returns the confidence of link i (ConfUnknown when not given).
func (d *Dataset) LinkConfidence(i int) Confidence {
	if i < len(d.Links.Confidence) {
		return d.Links.Confidence[i]
	}
	return ConfUnknown
}
