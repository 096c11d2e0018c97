package ingest

import (
	"fmt"
	"strconv"

	"threatmap/data/threat"
)

// Format is a supported input format, detected from the content.
type Format string

const (
	FormatGeoJSON    Format = "geojson"    // RFC 7946: FeatureCollection, Feature or geometry
	FormatGeoJSONSeq Format = "geojsonseq" // RFC 8142, with or without the RS separator
	FormatCSV        Format = "csv"        // header row with latitude and longitude columns
)

// MaxIssues is how many skipped features and how many warnings a Report
// keeps; the counts go on. It keeps a file with a million bad features from
// costing more memory for its report than for its data.
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
	s := "feature " + strconv.Itoa(is.Index)
	if is.ID != "" {
		s += " (id " + strconv.Quote(is.ID) + ")"
	}
	return s + ": " + is.Reason
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

	Skipped  []Issue // features not loaded (the first MaxIssues)
	Warnings []Issue // loaded with a caveat, or about the file (the first MaxIssues)

	SkippedCount, WarningCount int // true totals

	// Err is set when nothing could be loaded from the file. Its text names
	// the file and, for unreadable input, the position and what was expected.
	Err error
}

// Loaded returns how many features of the file were loaded (hosts, servers
// and links read from features; derived links are not counted).
func (r *Report) Loaded() int { return r.Hosts + r.Servers + r.Links - r.Derived }

func newReport(name string) *Report {
	return &Report{File: name, First: threat.NoTime, Last: threat.NoTime}
}

func (r *Report) skip(index int, id, reason string) {
	r.SkippedCount++
	if len(r.Skipped) < MaxIssues {
		r.Skipped = append(r.Skipped, Issue{index, id, reason})
	}
}

func (r *Report) warn(index int, id, reason string) {
	r.WarningCount++
	if len(r.Warnings) < MaxIssues {
		r.Warnings = append(r.Warnings, Issue{index, id, reason})
	}
}

func (r *Report) warnf(format string, a ...any) { r.warn(-1, "", fmt.Sprintf(format, a...)) }

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
