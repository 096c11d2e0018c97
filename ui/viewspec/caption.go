package viewspec

import (
	"strings"

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
	victims := ""
	if server >= 0 && server < len(ds.Servers) {
		victims = ServerLabel(&ds.Servers[server])
	}
	return render.CaptionLines(ds, q, victims, render.Span{First: first, Last: last, OK: ok})
}

// WindowText describes the time window of q; first, last and ok are the
// dataset's time range, shown for "all time".
func WindowText(q *filter.Query, first, last int64, ok bool) string {
	return render.TimeWindow(q, render.Span{First: first, Last: last, OK: ok})
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
