package ui

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"threatmap/data/ingest"
	"threatmap/data/threat"
)

// WriteReport prints a load report in readable lines: what 'threatmap
// validate' prints and what the window's load report shows.
func WriteReport(w io.Writer, r *ingest.Report) {
	format := string(r.Format)
	if format == "" {
		format = "unknown format"
	}
	fmt.Fprintf(w, "%s: %s, %s\n", r.File, format, byteSize(r.Bytes))
	if r.Err != nil {
		fmt.Fprintf(w, "  error: %v\n", r.Err)
	}
	if r.Err == nil || r.Hosts+r.Servers+r.Links > 0 {
		fmt.Fprintf(w, "  hosts %d, c2 servers %d (%d control, %d command), links %d (%d derived)\n",
			r.Hosts, r.Servers, r.Control, r.Command, r.Links, r.Derived)
		fmt.Fprintf(w, "  countries %d: %s\n", len(r.Countries), topCounts(r.Countries, 12, "unknown"))
		fmt.Fprintf(w, "  target types %d: %s\n", len(r.Types), topCounts(r.Types, 12, ""))
		if r.First != threat.NoTime {
			fmt.Fprintf(w, "  time %s .. %s\n", ReportTime(r.First), ReportTime(r.Last))
		} else {
			fmt.Fprintf(w, "  time: none\n")
		}
	}
	writeIssues(w, "skipped", r.Skipped, r.SkippedCount)
	writeIssues(w, "warnings", r.Warnings, r.WarningCount)
	if r.Reconstructed != nil {
		fmt.Fprintf(w, "  reconstructed: %s\n", reconLine(r.Reconstructed))
	}
	if r.Placement != nil {
		fmt.Fprintf(w, "  placed from IP: %s\n", placementLine(r.Placement))
	}
}

func writeIssues(w io.Writer, name string, is []ingest.Issue, n int) {
	if n == 0 {
		return
	}
	fmt.Fprintf(w, "  %s %d:\n", name, n)
	for _, x := range is {
		fmt.Fprintf(w, "    %s\n", x)
	}
	if n > len(is) {
		fmt.Fprintf(w, "    ... and %d more\n", n-len(is))
	}
}

// topCounts lists the n largest counts as "k v, k v, ... (+m more)".
func topCounts(m map[string]int, n int, empty string) string {
	type kv struct {
		k string
		v int
	}
	var all []kv
	for k, v := range m {
		if k == "" {
			k = empty
		}
		all = append(all, kv{k, v})
	}
	if len(all) == 0 {
		return "none"
	}
	slices.SortFunc(all, func(a, b kv) int {
		if c := cmp.Compare(b.v, a.v); c != 0 {
			return c
		}
		return strings.Compare(a.k, b.k)
	})
	var b strings.Builder
	for i, x := range all {
		if i == n {
			fmt.Fprintf(&b, " (+%d more)", len(all)-n)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s %d", x.k, x.v)
	}
	return b.String()
}

func byteSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// ReportTime formats Unix seconds as load reports print them (RFC 3339,
// UTC), in lines and in validate's JSON.
func ReportTime(t int64) string { return time.Unix(t, 0).UTC().Format(time.RFC3339) }

// reconLine lists the non-zero counts of a report's Reconstructed in the
// order of ingest.ReconstructedKinds: "position 12, link 3", or "none".
func reconLine(m map[string]int) string {
	var parts []string
	for _, k := range ingest.ReconstructedKinds {
		if n := m[k]; n > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", k, n))
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// placementLine says how a file's records were placed from their IP
// addresses: "12 at country level, 3 at city level (DATABASE, DATE); not
// placed: 2 private, 1 not in the IP database".
func placementLine(p *ingest.Placement) string {
	s := fmt.Sprintf("%d at country level, %d at city level", p.Country, p.City)
	if p.Database != "" {
		s += " (" + p.Database + ")"
	}
	if len(p.NotPlaced) == 0 {
		return s
	}
	return s + "; not placed: " + p.NotPlacedText()
}
