package viewspec

import (
	"cmp"
	"fmt"
	"strings"
	"time"

	"threatmap/data/filter"
	"threatmap/data/threat"
	"threatmap/ui/render"
)

// Caption returns the caption lines under the title, in the window and in
// every export: the time window, the filters, the selected server (-1
// none), then the source and caveat. first, last and ok are the dataset's
// time range (threat.Dataset.TimeRange, which scans every host: callers
// that draw often keep it).
func Caption(ds *threat.Dataset, q *filter.Query, server int, first, last int64, ok bool) []string {
	lines := []string{"Time: " + WindowText(q, first, last, ok)}
	var fs []string
	add := func(name string, keys []string) {
		switch {
		case len(keys) == 0:
		case len(keys) == 1 && keys[0] == NoneKey:
			fs = append(fs, name+": none")
		case len(keys) <= 4:
			names := make([]string, len(keys))
			for i, k := range keys {
				names[i] = cmp.Or(k, "unknown")
			}
			fs = append(fs, name+": "+strings.Join(names, ", "))
		default:
			fs = append(fs, fmt.Sprintf("%s: %d selected", name, len(keys)))
		}
	}
	add("countries", q.Countries)
	add("types", q.Types)
	add("servers", q.Servers)
	if q.Confidence != nil {
		conf := []string{}
		for _, c := range q.Confidence {
			if c != confNone {
				conf = append(conf, cmp.Or(c.String(), "not stated"))
			}
		}
		if len(conf) == 0 {
			conf = []string{NoneKey}
		}
		add("confidence", conf)
	}
	switch q.Provenance {
	case filter.ProvReported:
		fs = append(fs, "placement: reported")
	case filter.ProvReconstructed:
		fs = append(fs, "placement: reconstructed")
	}
	if server >= 0 && server < len(ds.Servers) {
		fs = append(fs, "victims of "+ServerLabel(&ds.Servers[server]))
	}
	if len(fs) > 0 {
		lines = append(lines, "Filters: "+strings.Join(fs, "; "))
	}
	return append(lines, render.SourceLines(&ds.Meta)...)
}

// WindowText describes the time window of q; first, last and ok are the
// dataset's time range, shown for "all time".
func WindowText(q *filter.Query, first, last int64, ok bool) string {
	day := func(t int64) string { return time.Unix(t, 0).UTC().Format("2006-01-02") }
	what := "first seen"
	if q.Mode == filter.Active {
		what = "active"
	}
	switch {
	case !q.From.Set && !q.To.Set:
		if ok {
			return "all time (" + day(first) + " – " + day(last) + ")"
		}
		return "all time"
	case !q.From.Set:
		return what + " up to " + day(q.To.Unix)
	case !q.To.Set:
		return what + " from " + day(q.From.Unix)
	default:
		return what + " " + day(q.From.Unix) + " – " + day(q.To.Unix)
	}
}

// ServerLabel names a server by kind and network, never by attacker.
func ServerLabel(s *threat.Server) string {
	name := s.Name
	if name == "" {
		name = s.ID
	}
	kind := "Control"
	if s.Role == threat.RoleCommand {
		kind = "Command"
	}
	if !strings.Contains(strings.ToLower(name), strings.ToLower(kind)) {
		name = kind + ": " + name
	}
	return name
}
