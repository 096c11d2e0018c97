package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"threatmap/data/ingest"
	"threatmap/data/threat"
	"threatmap/ui"
)

func init() { commands["validate"] = runValidate }

const validateUsage = `Usage: threatmap validate [--json] [--geoip DB.mmdb] [FILE ...]

Loads each FILE (the embedded GhostNet data when none is given) and prints
its load report: what was read, what was skipped and why, and warnings.
Files are loaded together, so references between them resolve.

  --json          one JSON object per file, one per line
  --geoip FILE    place feeds without coordinates (IP lists, logs, ip
                  columns) with this MMDB: GeoIP2/GeoLite2 City or Country,
                  or ip-location-db (default: the embedded country database)

"reconstructed" counts the hosts, servers and links with a value of each
kind filled in rather than reported (position, country, first_seen, ...;
link: links whose existence was, derived links included).

"placed from IP" counts the records that had an IP address and no
coordinates (IP lists, logs, an ip column): placed at country or city
level by the IP database named, or not placed and why (private, ...).

Exit status: 0 when something loaded (warnings allowed), 1 when nothing
could be loaded, 2 on a usage error.
`

// runValidate is 'threatmap validate'.
func runValidate(args []string, stdout, stderr io.Writer) int {
	asJSON := false
	var files []string
	var geoipPath string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if p, n, ok, err := geoipArg(args, i); ok {
			if err != nil {
				fmt.Fprintf(stderr, "threatmap validate: %v\n\n%s", err, validateUsage)
				return 2
			}
			geoipPath, i = p, i+n-1
			continue
		}
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
	gdb, err := openGeoIP(geoipPath)
	if err != nil {
		fmt.Fprintf(stderr, "threatmap validate: %v\n", err)
		return 1
	}
	var reps []*ingest.Report
	if len(files) == 0 {
		_, rep := ingest.Default()
		reps = []*ingest.Report{rep}
	} else {
		_, reps = ingest.LoadFiles(context.Background(), files, ingest.Options{GeoIP: gdb})
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
		ui.WriteReport(stdout, r)
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
	Reconstructed map[string]int `json:"reconstructed"`
	Placement     *placementJSON `json:"placement,omitempty"`
	Skipped       []ingest.Issue `json:"skipped"`
	SkippedCount  int            `json:"skipped_count"`
	Warnings      []ingest.Issue `json:"warnings"`
	WarningsCount int            `json:"warnings_count"`
	Error         string         `json:"error,omitempty"`
}

// placementJSON is Report.Placement: reasons holds each precision's
// provenance text, as the records' "placement" property says it.
type placementJSON struct {
	Database  string            `json:"database"`
	Country   int               `json:"country_level"`
	City      int               `json:"city_level"`
	Reasons   map[string]string `json:"reasons"`
	NotPlaced map[string]int    `json:"not_placed"`
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
		Reconstructed: map[string]int{},
		Skipped:       r.Skipped, SkippedCount: r.SkippedCount,
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
	for _, k := range ingest.ReconstructedKinds {
		j.Reconstructed[k] = r.Reconstructed[k] // every key, zeros too
	}
	if p := r.Placement; p != nil {
		j.Placement = &placementJSON{p.Database, p.Country, p.City, p.Reasons, p.NotPlaced}
	}
	if r.First != threat.NoTime {
		j.Time = &timeJSON{ui.ReportTime(r.First), ui.ReportTime(r.Last)}
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
