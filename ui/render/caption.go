package render

import (
	"path/filepath"
	"strings"
	"time"

	"threatmap/data/country"
	"threatmap/data/filter"
	"threatmap/data/threat"
)

// CaptionTitle is the caption's title: title when set, else the dataset's,
// else the name of the file it came from ("auth.log", "auth.log and 2 more
// files": a log's senders are no "infection"), else "Infection map". The
// window and every export use it.
func CaptionTitle(m *threat.Meta, title string) string {
	switch {
	case title != "":
		return title
	case m == nil:
	case m.Title != "":
		return m.Title
	case len(m.Files) == 1:
		return filepath.Base(m.Files[0])
	case len(m.Files) > 1:
		return filepath.Base(m.Files[0]) + " and " + CountOf(len(m.Files)-1, "more file")
	}
	return "Infection map"
}

// CaptionLines are the caption's lines under its title, for the window and
// every export alike: the time window, the filters of q in words (names,
// not codes or ids), victimsOf (the label of a selected server whose
// victims are shown; "" for none), then the source and caveat
// (SourceLines).
//
// A list of q that holds only values starting with NUL (which no data
// holds: the window's "nothing checked") reads "none"; a list of more than
// four values names three and counts the rest.
func CaptionLines(ds *threat.Dataset, q *filter.Query, victimsOf string, span Span) []string {
	lines := []string{"Time: " + TimeWindow(q, span)}
	var fs []string
	add := func(name string, values []string, label func(string) string) {
		if len(values) == 0 {
			return
		}
		var names []string
		for _, v := range values {
			if !strings.HasPrefix(v, "\x00") {
				names = append(names, label(v))
			}
		}
		switch {
		case len(names) == 0:
			fs = append(fs, name+": none")
		case len(names) <= 4:
			fs = append(fs, name+": "+strings.Join(names, ", "))
		default:
			fs = append(fs, name+": "+strings.Join(names[:3], ", ")+" and "+Count(len(names)-3)+" more")
		}
	}
	add("countries", q.Countries, countryLabel)
	add("types", q.Types, TypeLabel)
	add("servers", q.Servers, func(id string) string { return serverName(ds, id) })
	add("confidence", confidenceNames(q.Confidence), func(s string) string { return s })
	switch q.Provenance {
	case filter.ProvReported:
		fs = append(fs, "placement: reported")
	case filter.ProvReconstructed:
		fs = append(fs, "placement: reconstructed")
	}
	if victimsOf != "" {
		fs = append(fs, "victims of "+victimsOf)
	}
	if len(fs) > 0 {
		lines = append(lines, "Filters: "+strings.Join(fs, "; "))
	}
	if ds != nil {
		lines = append(lines, SourceLines(&ds.Meta)...)
	}
	return lines
}

// Span is a dataset's time range (threat.Dataset.TimeRange, which scans
// every host: callers that draw often keep it); OK is false when no time
// is known.
type Span struct {
	First, Last int64
	OK          bool
}

// SpanOf returns ds's time range.
func SpanOf(ds *threat.Dataset) Span {
	first, last, ok := ds.TimeRange()
	return Span{first, last, ok}
}

// TimeWindow says which hosts q's time window keeps, in words ("first seen
// 2008-01-01 – 2008-06-30"); with no window, the span of the data.
func TimeWindow(q *filter.Query, span Span) string {
	day := func(t int64) string { return time.Unix(t, 0).UTC().Format("2006-01-02") }
	mode := "active"
	if q.Mode == filter.FirstSeen {
		mode = "first seen"
	}
	switch {
	case !q.From.Set && !q.To.Set:
		if span.OK {
			return "all time (" + day(span.First) + " – " + day(span.Last) + ")"
		}
		return "all time"
	case !q.From.Set:
		return mode + " up to " + day(q.To.Unix)
	case !q.To.Set:
		return mode + " from " + day(q.From.Unix)
	}
	return mode + " " + day(q.From.Unix) + " – " + day(q.To.Unix)
}

// countryLabel names an alpha-2 code ("unknown" for "").
func countryLabel(cc string) string {
	if cc == "" {
		return "unknown"
	}
	return country.Name(cc)
}

// serverName is the name of the server with id in ds, its id when it has
// no name, "no server" for "".
func serverName(ds *threat.Dataset, id string) string {
	if id == "" {
		return "no server"
	}
	if ds != nil {
		for i := range ds.Servers {
			if s := &ds.Servers[i]; s.ID == id && s.Name != "" {
				return s.Name
			}
		}
	}
	return id
}

// confidenceNames are the levels listed, by name ("unknown" for
// ConfUnknown); values that are no level (the window's "nothing checked")
// become NUL-prefixed, which CaptionLines leaves out.
func confidenceNames(cs []threat.Confidence) []string {
	var out []string
	for _, c := range cs {
		switch {
		case c == threat.ConfUnknown:
			out = append(out, "unknown")
		case c.String() != "":
			out = append(out, c.String())
		default:
			out = append(out, "\x00")
		}
	}
	return out
}
