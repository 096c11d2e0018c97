// Package viewspec describes a reproducible map view: everything that
// decides the pixels of an export (input files, filters, time window,
// playback, selection, projection and extent, layers, theme, size, title),
// its JSON file format (see README.md), its command-line form for
// 'threatmap export', and how it is drawn through ui/render. The window's
// export, File › Save view, Help › Copy export command and the export
// command all go through it, so they cannot drift. No Fyne import.
package viewspec

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"threatmap/data/country"
	"threatmap/data/filter"
	"threatmap/data/threat"
	"threatmap/ui/render"
)

// Version is the format version written in the "threatmap_view" key.
const Version = 1

// MaxTitle bounds Title, in characters: a caption title fits a line, and
// the caption's fitting of a title grows with the square of its length
// (a 90,000-character title took 24 s to draw, a 1 MB one minutes).
const MaxTitle = 1000

// MaxSide bounds Width and Height: a 16384² RGBA frame is 1 GiB, and
// drawing it needs a few times that.
const MaxSide = 16384

// MinZoom and MaxZoom bound Extent.Zoom: wider than the window's own
// bounds (render.MinZoom, render.MaxZoom), since an export of another
// shape than the window scales the window's zoom to keep its extent.
const (
	MinZoom = render.MinZoom / 64
	MaxZoom = render.MaxZoom * 64
)

// DefaultWidth and DefaultHeight are the size of a view that names none.
const (
	DefaultWidth  = 1920
	DefaultHeight = 1080
)

// NoneKey is a list value no dataset has: a list of only it keeps no host
// (an empty filter.Query list would mean "no constraint"). In a View such a
// list is empty but not nil; on the command line it is the word "none".
const NoneKey = "\x00none"

// View is a reproducible map view. The zero value (with Version set) is the
// embedded GhostNet data, unfiltered, whole world, default layers, dark
// theme, 1920 × 1080. Lists are nil for "no constraint" and empty (not nil)
// for "keep nothing".
type View struct {
	Version    int       `json:"threatmap_view"`
	Files      []string  `json:"files,omitempty"` // none: the embedded GhostNet data
	GeoIP      string    `json:"geoip,omitempty"` // the MMDB that placed IP-only feeds; none: the embedded one
	Filters    Filters   `json:"filters,omitzero"`
	Time       Time      `json:"time,omitzero"`
	Playback   *Playback `json:"playback,omitempty"`
	Frames     int       `json:"frames,omitempty"` // animation frames (0: render.DefaultFrames)
	FPS        int       `json:"fps,omitempty"`    // animation frames a second (0: render.DefaultFPS)
	Selection  Selection `json:"selection,omitzero"`
	Projection string    `json:"projection,omitempty"` // equal-earth (default), equirectangular, mercator
	Extent     Extent    `json:"extent,omitzero"`
	Layers     []string  `json:"layers,omitzero"` // nil: render.DefaultLayers
	Theme      string    `json:"theme,omitempty"` // dark (default) or light
	Width      int       `json:"width,omitempty"`
	Height     int       `json:"height,omitempty"`
	Title      string    `json:"title,omitempty"` // empty: the dataset's title
}

// Filters are the host filters of filter.Query.
type Filters struct {
	Countries  []string `json:"countries,omitzero"`  // ISO alpha-2 codes (names accepted on input)
	Types      []string `json:"types,omitzero"`      // target types
	Servers    []string `json:"servers,omitzero"`    // C2 server ids
	Confidence []string `json:"confidence,omitzero"` // high, medium, low, unknown
	Placement  string   `json:"placement,omitempty"` // "" (any), reported, reconstructed
}

// Time is the time window: From and To as 'threatmap export --from/--to'
// read them (RFC 3339, YYYY-MM-DD, YYYY-MM, YYYY or Unix seconds; a date as
// To means its end). Match is "active" (the default: hosts active at some
// instant of the window) or "first_seen" (first seen in the window, as the
// window's brush and playback match).
type Time struct {
	From  string `json:"from,omitempty"`
	To    string `json:"to,omitempty"`
	Match string `json:"match,omitempty"`
}

// Playback is how an animation advances: Mode "cumulative" (every host
// first seen up to each frame's instant) or "window" (a moving Window, as
// render.ParseWindow reads it: "30d", "12h", "2w").
type Playback struct {
	Mode   string `json:"mode"`
	Window string `json:"window,omitempty"`
}

// Selection is the selected C2 server (its victims highlighted), host, or
// hosts selected together (a stack of hosts drawn as one marker, clicked
// in the window: every marker holding one of them is outlined). Hosts are
// named as HostRef names them: by id, "ip:ADDR", or "#N" for the host at
// index N. At most one of the three is set. A view holds at most
// MaxSelectedHosts hosts (about what fits MaxFileSize); the command line
// about 1,500 (MaxHostsArg).
type Selection struct {
	Server string   `json:"server,omitempty"`
	Host   string   `json:"host,omitempty"`
	Hosts  []string `json:"hosts,omitzero"`
}

// MaxSelectedHosts bounds the hosts a view selects together: reading
// and finding them stays under a couple of seconds, and a larger
// selection is better said as a server or a filter.
const MaxSelectedHosts = 500_000

// check reports the first invalid field of s.
func (s *Selection) check() error {
	n := 0
	for _, set := range []bool{s.Server != "", s.Host != "", len(s.Hosts) > 0} {
		if set {
			n++
		}
	}
	if n > 1 {
		return errors.New("selection: server, host and hosts are exclusive")
	}
	if len(s.Hosts) > MaxSelectedHosts {
		return fmt.Errorf("selection.hosts: %s hosts, more than a view selects (%s): select a server or filter instead",
			render.Count(len(s.Hosts)), render.Count(MaxSelectedHosts))
	}
	for i, h := range s.Hosts {
		if h == "" {
			return fmt.Errorf("selection.hosts[%d]: empty", i)
		}
	}
	return nil
}

// Extent is what the frame shows: Fit (the filtered hosts), BBox
// (minLon, minLat, maxLon, maxLat), or Center and Zoom (1 = the whole
// world, as the window's view); none of them is the whole world. When
// several are given, Fit wins over Center, Center over BBox.
type Extent struct {
	Fit    bool      `json:"fit,omitempty"`
	BBox   []float64 `json:"bbox,omitempty"`   // minLon, minLat, maxLon, maxLat
	Center []float64 `json:"center,omitempty"` // lon, lat
	Zoom   float64   `json:"zoom,omitempty"`
}

// Size returns the frame size, defaults applied.
func (v *View) Size() (w, h int) {
	w, h = v.Width, v.Height
	if w == 0 {
		w = DefaultWidth
	}
	if h == 0 {
		h = DefaultHeight
	}
	return w, h
}

// Check reports the first invalid field of v, named as in the JSON file.
func (v *View) Check() error {
	if v.Version != Version {
		return fmt.Errorf("threatmap_view: version %d, want %d", v.Version, Version)
	}
	if w, h := v.Size(); w < 1 || h < 1 || w > MaxSide || h > MaxSide {
		return fmt.Errorf("width, height: %d × %d out of range (1 to %d)", w, h, MaxSide)
	}
	if _, err := v.Query(); err != nil {
		return err
	}
	if _, err := v.Style(); err != nil {
		return err
	}
	if err := v.Extent.check(); err != nil {
		return fmt.Errorf("extent: %v", err)
	}
	if err := v.Selection.check(); err != nil {
		return err
	}
	if n := utf8.RuneCountInString(v.Title); n > MaxTitle {
		return fmt.Errorf("title: %d characters, at most %d", n, MaxTitle)
	}
	if err := v.checkAnimation(); err != nil {
		return err
	}
	for i, f := range v.Files {
		if f == "" {
			return fmt.Errorf("files[%d]: empty name", i)
		}
	}
	return nil
}

// An animation's size: a frame at most 4K (a bigger one buys nothing in
// a video or a GIF, and a 16384² frame is 1 GiB), and all frames together
// at most MaxFrames of Full HD, about 5 minutes of drawing. Sides and
// frames alone are bounded elsewhere, but their product could run for
// hours in gigabytes.
const (
	maxAnimFrame  = 3840 * 2160
	maxAnimPixels = render.MaxFrames * 1920 * 1080
)

// checkAnimation checks the animation keys against the animation limits
// of the command line and the window (render.MinFrames and friends).
func (v *View) checkAnimation() error {
	if v.Frames != 0 && (v.Frames < render.MinFrames || v.Frames > render.MaxFrames) {
		return fmt.Errorf("frames: %d out of range (%d to %d)", v.Frames, render.MinFrames, render.MaxFrames)
	}
	if px := v.Width * v.Height; v.Frames != 0 && (px > maxAnimFrame || v.Frames*px > maxAnimPixels) {
		return fmt.Errorf("an animation of %d frames of %d×%d is too large (at most 4K frames and %d frames of 1920×1080): lower the size or --frames",
			v.Frames, v.Width, v.Height, maxAnimPixels/(1920*1080))
	}
	if v.FPS < 0 || v.FPS > render.MaxFPS {
		return fmt.Errorf("fps: %d out of range (1 to %d)", v.FPS, render.MaxFPS)
	}
	if p := v.Playback; p != nil {
		switch p.Mode {
		case "cumulative":
			if p.Window != "" {
				return errors.New("playback: a cumulative playback has no window")
			}
		case "window":
			if _, err := render.ParseWindow(p.Window); err != nil {
				return fmt.Errorf("playback.window: %v", err)
			}
		default:
			return fmt.Errorf("playback.mode: %q (want cumulative or window)", p.Mode)
		}
	}
	return nil
}

func (e *Extent) check() error {
	if b := e.BBox; b != nil {
		if len(b) != 4 {
			return fmt.Errorf("bbox: %d numbers, want 4 (minLon, minLat, maxLon, maxLat)", len(b))
		}
		for _, x := range b {
			if x != x {
				return errors.New("bbox: not a number")
			}
		}
		if b[0] < -180 || b[2] > 180 || b[1] < -90 || b[3] > 90 || b[0] >= b[2] || b[1] >= b[3] {
			return fmt.Errorf("bbox %v: want -180 <= minLon < maxLon <= 180 and -90 <= minLat < maxLat <= 90", b)
		}
	}
	if c := e.Center; c != nil {
		if len(c) != 2 {
			return fmt.Errorf("center: %d numbers, want 2 (lon, lat)", len(c))
		}
		if !(c[0] >= -540 && c[0] <= 540 && c[1] >= -90 && c[1] <= 90) {
			return fmt.Errorf("center %v: want lon in -540..540, lat in -90..90", c)
		}
	}
	if e.Zoom != 0 && !(e.Zoom >= MinZoom && e.Zoom <= MaxZoom) {
		return fmt.Errorf("zoom %v out of range (%v to %v)", e.Zoom, MinZoom, MaxZoom)
	}
	return nil
}

// Style is how a view is drawn, parsed.
type Style struct {
	Projection render.Projection
	Layers     render.Layers
	Theme      render.Theme
}

// Style parses the projection, layers and theme.
func (v *View) Style() (Style, error) {
	s := Style{Projection: render.EqualEarth, Layers: render.DefaultLayers, Theme: render.Dark}
	var err error
	if v.Projection != "" {
		if s.Projection, err = render.ParseProjection(v.Projection); err != nil {
			return s, fmt.Errorf("projection: %v", err)
		}
	}
	if v.Layers != nil {
		if s.Layers, err = render.ParseLayers(strings.Join(v.Layers, ",")); err != nil {
			return s, fmt.Errorf("layers: %v", err)
		}
	}
	if s.Theme, err = render.ThemeByName(v.Theme); err != nil {
		return s, fmt.Errorf("theme: %v", err)
	}
	return s, nil
}

// LayerNames lists l as View.Layers holds it (empty, not nil, for none).
func LayerNames(l render.Layers) []string {
	if l == 0 {
		return []string{}
	}
	return strings.Split(l.String(), ",")
}

// Query returns the filter.Query of v's filters and time window.
func (v *View) Query() (filter.Query, error) {
	var q filter.Query
	f := &v.Filters
	var err error
	if q.Countries, err = countries(f.Countries); err != nil {
		return q, err
	}
	q.Types = keys(f.Types)
	q.Servers = keys(f.Servers)
	if q.Confidence, err = confidence(f.Confidence); err != nil {
		return q, err
	}
	switch f.Placement {
	case "", "any":
	case "reported":
		q.Provenance = filter.ProvReported
	case "reconstructed":
		q.Provenance = filter.ProvReconstructed
	default:
		return q, fmt.Errorf("filters.placement: %q (want reported or reconstructed)", f.Placement)
	}
	return q, v.Time.apply(&q)
}

// keys is a list as filter.Query wants it: empty (not nil) keeps nothing.
func keys(l []string) []string {
	if l != nil && len(l) == 0 {
		return []string{NoneKey}
	}
	return l
}

func countries(l []string) ([]string, error) {
	if l == nil || len(l) == 0 {
		return keys(l), nil
	}
	out := make([]string, len(l))
	for i, s := range l {
		if s == "" { // hosts of unknown country
			continue
		}
		c, ok := country.Lookup(s)
		if !ok {
			return nil, fmt.Errorf("filters.countries: unknown country %q", s)
		}
		out[i] = c.Alpha2
	}
	return out, nil
}

var confNames = map[string]threat.Confidence{
	"high": threat.ConfHigh, "medium": threat.ConfMedium, "low": threat.ConfLow, "unknown": threat.ConfUnknown,
}

func confidence(l []string) ([]threat.Confidence, error) {
	if l == nil {
		return nil, nil
	}
	out := []threat.Confidence{confNone}
	for _, s := range l {
		c, ok := confNames[strings.ToLower(s)]
		if !ok {
			return nil, fmt.Errorf("filters.confidence: %q (want high, medium, low or unknown)", s)
		}
		out = append(out, c)
	}
	return out, nil
}

// confNone is a confidence no host has: a list starting with it is never
// empty, so that a list of none keeps nothing.
const confNone threat.Confidence = 255

// ConfidenceName names c as Filters.Confidence holds it.
func ConfidenceName(c threat.Confidence) string {
	if s := c.String(); s != "" {
		return s
	}
	return "unknown"
}

func (t *Time) apply(q *filter.Query) error {
	switch t.Match {
	case "", "active":
	case "first_seen":
		q.Mode = filter.FirstSeen
	default:
		return fmt.Errorf("time.match: %q (want active or first_seen)", t.Match)
	}
	if t.From != "" {
		u, err := ParseTime(t.From, false)
		if err != nil {
			return fmt.Errorf("time.from: %v", err)
		}
		q.From = filter.At(u)
	}
	if t.To != "" {
		u, err := ParseTime(t.To, true)
		if err != nil {
			return fmt.Errorf("time.to: %v", err)
		}
		q.To = filter.At(u)
	}
	if q.From.Set && q.To.Set && q.From.Unix > q.To.Unix {
		return fmt.Errorf("time: from %s is after to %s", t.From, t.To)
	}
	return nil
}

// FromQuery returns the filters and time window of q, as View holds them:
// the inverse of View.Query (times in RFC 3339, UTC).
func FromQuery(q *filter.Query) (Filters, Time) {
	f := Filters{Countries: fromKeys(q.Countries), Types: fromKeys(q.Types), Servers: fromKeys(q.Servers)}
	if q.Confidence != nil {
		f.Confidence = []string{}
		for _, c := range q.Confidence {
			if c != confNone && c <= threat.ConfHigh {
				f.Confidence = append(f.Confidence, ConfidenceName(c))
			}
		}
	}
	switch q.Provenance {
	case filter.ProvReported:
		f.Placement = "reported"
	case filter.ProvReconstructed:
		f.Placement = "reconstructed"
	}
	var t Time
	if q.From.Set {
		t.From = FormatTime(q.From.Unix)
	}
	if q.To.Set {
		t.To = FormatTime(q.To.Unix)
	}
	if q.Mode == filter.FirstSeen && q.Timed() {
		t.Match = "first_seen"
	}
	return f, t
}

func fromKeys(l []string) []string {
	if len(l) == 1 && l[0] == NoneKey {
		return []string{}
	}
	return l
}

// FormatTime writes Unix seconds as ParseTime reads them back exactly.
func FormatTime(u int64) string { return time.Unix(u, 0).UTC().Format(time.RFC3339) }

// ParseTime reads RFC 3339, YYYY-MM-DD, YYYY-MM, a 4-digit year or Unix
// seconds (any other integer, 0 and negatives included), as data/ingest
// reads times. With end set, a date without a time means the last second
// of that period.
func ParseTime(s string, end bool) (int64, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.Unix(), nil
	}
	for _, l := range []struct {
		layout string
		next   func(time.Time) time.Time
	}{
		{"2006-01-02T15:04:05", func(t time.Time) time.Time { return t.Add(time.Second) }},
		{"2006-01-02", func(t time.Time) time.Time { return t.AddDate(0, 0, 1) }},
		{"2006-01", func(t time.Time) time.Time { return t.AddDate(0, 1, 0) }},
		{"2006", func(t time.Time) time.Time { return t.AddDate(1, 0, 0) }},
	} {
		if t, err := time.Parse(l.layout, s); err == nil {
			if end {
				return l.next(t).Unix() - 1, nil
			}
			return t.Unix(), nil
		}
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, nil // 4 digits were taken as a year above
	}
	return 0, fmt.Errorf("cannot read time %q (want RFC 3339, YYYY-MM-DD, YYYY-MM, a 4-digit year YYYY or Unix seconds)", s)
}
