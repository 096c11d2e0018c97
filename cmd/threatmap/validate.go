package main

import (
	"bufio"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"threatmap/data/ingest"
	"threatmap/data/threat"
)

func init() { commands["validate"] = runValidate }

const validateUsage = `Usage: threatmap validate [--json] [FILE ...]

Loads each FILE (the embedded GhostNet data when none is given) and prints
its load report: what was read, what was skipped and why, and warnings.
Files are loaded together, so references between them resolve.

  --json   one JSON object per file, one per line

Exit status: 0 when something loaded (warnings allowed), 1 when nothing
could be loaded, 2 on a usage error.
`

// runValidate is 'threatmap validate'.
func runValidate(args []string, stdout, stderr io.Writer) int {
	asJSON := false
	var files []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			files = append(files, args[i+1:]...)
			i = len(args)
		case a == "--json" || a == "-json":
			asJSON = true
		case a == "-h" || a == "-help" || a == "--help":
			fmt.Fprint(stdout, validateUsage)
			return 0
		case strings.HasPrefix(a, "-") && a != "-":
			fmt.Fprintf(stderr, "threatmap validate: unknown flag %s\n\n%s", a, validateUsage)
			return 2
		default:
			files = append(files, a)
		}
	}
	var reps []*ingest.Report
	if len(files) == 0 {
		_, rep := ingest.Default()
		reps = []*ingest.Report{rep}
	} else {
		_, reps = ingest.LoadFiles(context.Background(), files, ingest.Options{})
	}
	// One buffered writer for the whole output, flushed once.
	bw := bufio.NewWriter(stdout)
	defer bw.Flush()
	stdout = bw
	status := 1
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	for _, r := range reps {
		if r.Err == nil {
			status = 0
		}
		if asJSON {
			if err := enc.Encode(jsonReport(r)); err != nil {
				fmt.Fprintf(stderr, "threatmap validate: %v\n", err)
				return 1
			}
			continue
		}
		writeReport(stdout, r)
	}
	return status
}

// reportJSON is the --json shape of a load report.
type reportJSON struct {
	File          string         `json:"file"`
	Format        string         `json:"format"`
	Bytes         int64          `json:"bytes"`
	Hosts         int            `json:"hosts"`
	C2            int            `json:"c2"`
	Control       int            `json:"control"`
	Command       int            `json:"command"`
	Links         int            `json:"links"`
	DerivedLinks  int            `json:"derived_links"`
	Countries     map[string]int `json:"countries"`
	TargetTypes   map[string]int `json:"target_types"`
	Time          *timeJSON      `json:"time"`
	Skipped       []ingest.Issue `json:"skipped"`
	SkippedCount  int            `json:"skipped_count"`
	Warnings      []ingest.Issue `json:"warnings"`
	WarningsCount int            `json:"warnings_count"`
	Error         string         `json:"error,omitempty"`
}

type timeJSON struct {
	First string `json:"first"`
	Last  string `json:"last"`
}

func jsonReport(r *ingest.Report) reportJSON {
	j := reportJSON{
		File: r.File, Format: string(r.Format), Bytes: r.Bytes,
		Hosts: r.Hosts, C2: r.Servers, Control: r.Control, Command: r.Command,
		Links: r.Links, DerivedLinks: r.Derived,
		Countries: map[string]int{}, TargetTypes: map[string]int{},
		Skipped: r.Skipped, SkippedCount: r.SkippedCount,
		Warnings: r.Warnings, WarningsCount: r.WarningCount,
	}
	for k, v := range r.Countries {
		if k == "" {
			k = "unknown"
		}
		j.Countries[k] += v
	}
	for k, v := range r.Types {
		j.TargetTypes[k] += v
	}
	if r.First != threat.NoTime {
		j.Time = &timeJSON{rfc3339UTC(r.First), rfc3339UTC(r.Last)}
	}
	if j.Skipped == nil {
		j.Skipped = []ingest.Issue{}
	}
	if j.Warnings == nil {
		j.Warnings = []ingest.Issue{}
	}
	if r.Err != nil {
		j.Error = r.Err.Error()
	}
	return j
}

func rfc3339UTC(t int64) string { return time.Unix(t, 0).UTC().Format(time.RFC3339) }

// writeReport prints a report in readable lines.
func writeReport(w io.Writer, r *ingest.Report) {
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
			fmt.Fprintf(w, "  time %s .. %s\n", rfc3339UTC(r.First), rfc3339UTC(r.Last))
		} else {
			fmt.Fprintf(w, "  time: none\n")
		}
	}
	writeIssues(w, "skipped", r.Skipped, r.SkippedCount)
	writeIssues(w, "warnings", r.Warnings, r.WarningCount)
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
