package threat

// Host is one host as a record, the unit a Builder takes. Strings are copied
// into the dataset's arena.
type Host struct {
	Lon, Lat    float64
	First, Last int64  // NoTime when unknown
	Country     string // ISO alpha-2, "" unknown
	Type        string // "" means "unknown"
	Server      int32  // index into the builder's servers, -1 none
	Confidence  Confidence
	Recon       Field
	ID, Name    string
	IP, Source  string
	Props       string // JSON object of all properties
	Feature     int32
}

// Link is one link as a record.
type Link struct {
	Server, Host           int32 // -1 when unmatched
	Lon0, Lat0, Lon1, Lat1 float64
	First                  int64
	Derived                bool
	Feature                int32
	Recon                  Field
	Source                 string
	Confidence             Confidence
}

// Builder accumulates hosts, servers and links and produces a Dataset.
// The zero value is not ready: use NewBuilder. A Builder is not safe for
// concurrent use.
type Builder struct {
	d         Dataset
	countries map[string]uint16
	types     map[string]uint16
}

// NewBuilder returns a builder with room for about n hosts.
func NewBuilder(n int) *Builder {
	b := &Builder{
		countries: map[string]uint16{"": 0},
		types:     map[string]uint16{"unknown": 0, "": 0},
	}
	b.d.Countries = []string{""}
	b.d.Types = []string{"unknown"}
	h := &b.d.Hosts
	h.Lon = make([]float32, 0, n)
	h.Lat = make([]float32, 0, n)
	h.First = make([]int64, 0, n)
	h.Last = make([]int64, 0, n)
	h.Country = make([]uint16, 0, n)
	h.Type = make([]uint16, 0, n)
	h.Server = make([]int32, 0, n)
	h.Confidence = make([]Confidence, 0, n)
	h.Recon = make([]Field, 0, n)
	h.ID = make([]Ref, 0, n)
	h.Name = make([]Ref, 0, n)
	h.IP = make([]Ref, 0, n)
	h.Source = make([]Ref, 0, n)
	h.Props = make([]Ref, 0, n)
	h.Feature = make([]int32, 0, n)
	return b
}

// Meta gives access to the dataset metadata being built.
func (b *Builder) Meta() *Meta { return &b.d.Meta }

// Text appends s to the arena and returns its Ref.
func (b *Builder) Text(s string) Ref {
	if s == "" {
		return Ref{}
	}
	r := Ref{Off: uint32(len(b.d.Text)), Len: uint32(len(s))}
	b.d.Text = append(b.d.Text, s...)
	return r
}

// CountryCode interns an alpha-2 code and returns its dictionary index.
func (b *Builder) CountryCode(cc string) uint16 {
	if c, ok := b.countries[cc]; ok {
		return c
	}
	c := uint16(len(b.d.Countries))
	b.countries[cc] = c
	b.d.Countries = append(b.d.Countries, cc)
	return c
}

// TypeCode interns a target type and returns its dictionary index.
func (b *Builder) TypeCode(t string) uint16 {
	if c, ok := b.types[t]; ok {
		return c
	}
	c := uint16(len(b.d.Types))
	b.types[t] = c
	b.d.Types = append(b.d.Types, t)
	return c
}

// AddHost appends a host and returns its index.
func (b *Builder) AddHost(x Host) int {
	h := &b.d.Hosts
	i := len(h.Lon)
	h.Lon = append(h.Lon, float32(x.Lon))
	h.Lat = append(h.Lat, float32(x.Lat))
	h.First = append(h.First, x.First)
	h.Last = append(h.Last, x.Last)
	h.Country = append(h.Country, b.CountryCode(x.Country))
	h.Type = append(h.Type, b.TypeCode(x.Type))
	h.Server = append(h.Server, x.Server)
	h.Confidence = append(h.Confidence, x.Confidence)
	h.Recon = append(h.Recon, x.Recon)
	h.ID = append(h.ID, b.Text(x.ID))
	h.Name = append(h.Name, b.Text(x.Name))
	h.IP = append(h.IP, b.Text(x.IP))
	h.Source = append(h.Source, b.Text(x.Source))
	h.Props = append(h.Props, b.Text(x.Props))
	h.Feature = append(h.Feature, x.Feature)
	return i
}

// AddServer appends a server and returns its index.
func (b *Builder) AddServer(s Server) int {
	b.d.Servers = append(b.d.Servers, s)
	return len(b.d.Servers) - 1
}

// AddLink appends a link and returns its index.
func (b *Builder) AddLink(x Link) int {
	l := &b.d.Links
	l.Server = append(l.Server, x.Server)
	l.Host = append(l.Host, x.Host)
	l.Lon0 = append(l.Lon0, float32(x.Lon0))
	l.Lat0 = append(l.Lat0, float32(x.Lat0))
	l.Lon1 = append(l.Lon1, float32(x.Lon1))
	l.Lat1 = append(l.Lat1, float32(x.Lat1))
	l.First = append(l.First, x.First)
	l.Derived = append(l.Derived, x.Derived)
	l.Feature = append(l.Feature, x.Feature)
	l.Recon = append(l.Recon, x.Recon)
	l.Source = append(l.Source, b.Text(x.Source))
	l.Confidence = append(l.Confidence, x.Confidence)
	return len(l.Server) - 1
}

// Build returns the dataset. The builder must not be used afterwards.
func (b *Builder) Build() *Dataset {
	d := b.d
	b.d = Dataset{}
	return &d
}
