package ingest

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// resyncCases break feature 10 of a 1,000-feature collection (brk
// rewrites its text) and say what a user must see: how many hosts load,
// how many features are skipped, and the skip or warning naming the bytes
// ({from} and {last}: the first and last bytes of what brk made; {line}:
// its line).
var resyncCases = []struct {
	name           string
	brk            func(f string) string
	hosts, skipped int
	skip, warn     string
}{
	{name: "missing closing brace", brk: func(f string) string { return f[:len(f)-1] },
		hosts: 999, skipped: 1,
		skip: "feature 10: bytes {from}-{last} (line {line}): invalid JSON: the feature ends before its closing bracket; skipped"},
	{name: "unterminated string", brk: func(f string) string { return strings.Replace(f, `"n10"`, `"n10`, 1) },
		hosts: 999, skipped: 1,
		skip: "feature 10: bytes {from}-{last} (line {line}): invalid JSON: a string is not closed; skipped"},
	// A broken feature holding a whole Feature as a property's value: that
	// one is not the next element of the array, and never loaded.
	{name: "feature nested in a broken one", brk: func(f string) string {
		return strings.Replace(f, `"n10"`, `"n10","bad":[1,2},"orig":{"type":"Feature","geometry":{"type":"Point","coordinates":[99,9]},"properties":{"id":"phantom"}}`, 1)
	}, hosts: 999, skipped: 2},
	{name: "stray closing brace", brk: func(f string) string { return f + "}" },
		hosts: 1000, skipped: 0,
		warn: `bytes {last}-{last} (line {line}): invalid JSON between features: expected ',' or ']' after feature 10, found "}`},
	{name: "mismatched bracket", brk: func(f string) string { return strings.Replace(f, `]}`, `}}`, 1) },
		hosts: 999, skipped: 1,
		skip: "feature 10: bytes {from}-{last} (line {line}): invalid JSON: mismatched '}' at byte 72 of the feature; skipped"},
	{name: "garbage between features", brk: func(f string) string { return f + ` :-)` },
		hosts: 1000, skipped: 0,
		warn: `invalid JSON between features: expected ',' or ']' after feature 10, found ":-)`},
	{name: "missing comma", brk: func(f string) string { return f + " " + strings.Replace(f, "h-10", "h-10b", 1) },
		hosts: 1001, skipped: 0,
		warn: `expected ',' or ']' after feature 10, found "{\"type\":\"Feature" (a missing ','?); read on`},
	// An extra '}' closes the feature early: the members after it must
	// not be dropped silently with the feature loaded without them.
	{name: "extra brace inside", brk: func(f string) string { return strings.Replace(f, `"id":"h-10",`, `"id":"h-10"}},`, 1) },
		hosts: 999, skipped: 1,
		skip: "feature 10: bytes {from}-{last} (line {line}): invalid JSON: its object closes at byte {cut}, before its members end (an extra '}'?); skipped"},
	{name: "extra brace in geometry", brk: func(f string) string { return strings.Replace(f, `]}`, `]}}`, 1) },
		hosts: 999, skipped: 1,
		skip: "feature 10: bytes {from}-{last} (line {line}): invalid JSON: its object closes at byte"},
	// A stray '[' or ']' is not the features array: reading goes on.
	{name: "stray bracket after", brk: func(f string) string { return f + "]" },
		hosts: 1000, warn: "stray ']' at line {line}, byte {last}: features follow it"},
	{name: "stray bracket before", brk: func(f string) string { return "]" + f },
		hosts: 1000, warn: "stray ']' at line {line}, byte {from}: features follow it"},
	{name: "stray open bracket", brk: func(f string) string { return "[" + f },
		hosts: 1000, warn: "stray '[' at line {line}, byte {from} before a feature: skipped"},
	// Junk between features is a warning, not a feature: the count of
	// features and every index after it stay true.
	{name: "garbage before a feature", brk: func(f string) string { return "garbage " + f },
		hosts: 1000, warn: `bytes {from}-{from+6} (line {line}): invalid JSON between features: expected a feature, found "garbage`},
	{name: "extra open brace", brk: func(f string) string { return "{" + f },
		hosts: 1000, warn: `bytes {from}-{from} (line {line}): invalid JSON between features: expected a feature, found "{"; skipped`},
	{name: "comment line", brk: func(f string) string { return "// comment\n" + f },
		hosts: 1000, warn: `bytes {from}-{from+9} (line {line}): invalid JSON between features: expected a feature, found "// comment`},
	{name: "byte-order mark", brk: func(f string) string { return "\uFEFF" + f },
		hosts: 1000, warn: `bytes {from}-{from+2} (line {line}): invalid JSON between features: expected a feature, found "\ufeff`},
	{name: "lone quote", brk: func(f string) string { return `x"` + f },
		hosts: 1000, warn: `bytes {from}-{from+1} (line {line}): invalid JSON between features: expected a feature, found "x\"`},
	// Two features broken in a row: the second is no place to go on
	// from, and both are counted as skipped.
	{name: "two features merged", brk: func(f string) string { return f[:len(f)-1] + "," + strings.Replace(f, "]}", "}}", 1) },
		hosts: 999, skipped: 2,
		skip: `feature 10: bytes {from}-{last} (line {line}): invalid JSON: mismatched '}' at byte 187 of the feature (these bytes hold 2 "Feature" types: counted as 2 skipped features, a guess); skipped`},
}

// resyncInput returns a collection of n hosts, one per line or all on one,
// with feature 10 rewritten by brk, and where feature 10 starts and its
// line.
func resyncInput(n int, oneLine bool, brk func(string) string) (in string, from, line int) {
	var b strings.Builder
	b.WriteString(fcHead)
	sep := ",\n"
	if oneLine {
		sep = ","
	}
	for i := range n {
		if i > 0 {
			b.WriteString(sep)
		}
		f := resyncHost(i)
		if i == 10 {
			from, line = b.Len(), strings.Count(b.String(), "\n")+1
			f = brk(f)
		}
		b.WriteString(f)
	}
	b.WriteString("]}")
	return b.String(), from, line
}

func resyncHost(i int) string {
	return fmt.Sprintf(`{"type":"Feature","geometry":{"type":"Point","coordinates":[%d.5,%d.25]},"properties":{"id":"h-%d","name":"n%d"}}`, i%180-90, i%90-45, i, i)
}

// TestResync: one syntax error costs the feature it is in, not the rest
// of the file, and the report says which bytes were skipped.
func TestResync(t *testing.T) {
	for _, c := range resyncCases {
		for _, oneLine := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/oneline=%v", c.name, oneLine), func(t *testing.T) {
				in, from, line := resyncInput(1000, oneLine, c.brk)
				last := from + len(c.brk(resyncHost(10))) - 1
				cut := from + strings.Index(c.brk(resyncHost(10)), `"h-10"}}`) + len(`"h-10"}}`) - 1
				at := strings.NewReplacer("{from}", itoa(from), "{last}", itoa(last), "{line}", itoa(line), "{cut}", itoa(cut),
					"{from+1}", itoa(from+1), "{from+2}", itoa(from+2), "{from+6}", itoa(from+6), "{from+9}", itoa(from+9))
				d, r := Read(context.Background(), strings.NewReader(in), int64(len(in)), Options{})
				checkInvariants(t, d, r)
				fuzzRead(t, []byte(in), "")
				if r.Err != nil || r.Hosts != c.hosts || r.SkippedCount != c.skipped {
					t.Fatalf("err %v, %d hosts, %d skipped, want %d, %d\nskipped %v\nwarnings %v", r.Err, r.Hosts, r.SkippedCount, c.hosts, c.skipped, r.Skipped, r.Warnings)
				}
				if want := at.Replace(c.skip); c.skip != "" && !hasIssue(r.Skipped, want) {
					t.Errorf("no skip %q in %v", want, r.Skipped)
				}
				if want := at.Replace(c.warn); c.warn != "" && !hasIssue(r.Warnings, want) {
					t.Errorf("no warning %q in %v", want, r.Warnings)
				}
				// Every host after the broken feature is there.
				if id := d.Str(d.Hosts.ID[d.Hosts.Len()-1]); id != "h-999" {
					t.Errorf("last host %q", id)
				}
			})
		}
	}
}

// TestResyncBudget: candidates that are never features (each an object
// left open to the end of the input) end the search, not the process.
func TestResyncBudget(t *testing.T) {
	in := fcHead + pt + `,{"a":` + strings.Repeat(`{"type":"Feature","x":`, 20000)
	d, r := Read(context.Background(), strings.NewReader(in), int64(len(in)), Options{})
	checkInvariants(t, d, r)
	if r.Hosts != 1 || r.SkippedCount != 1 || !hasIssue(r.Warnings, "input ends inside feature 1") || !hasIssue(r.Warnings, "more \"Feature\" types, none whole") {
		t.Errorf("%d hosts, skipped %v, warnings %v", r.Hosts, r.Skipped, r.Warnings)
	}
}

// TestJunkCounted: junk between every two features is counted whole,
// every warning, but the report keeps MaxIssues of them.
func TestJunkCounted(t *testing.T) {
	const n = 3 * MaxIssues
	in := fcHead + strings.Repeat(pt+",]", n) + pt + "]}"
	d, r := Read(context.Background(), strings.NewReader(in), int64(len(in)), Options{})
	checkInvariants(t, d, r)
	if r.Hosts != n+1 || r.SkippedCount != 0 || r.WarningCount < n || len(r.Warnings) > MaxIssues+10 {
		t.Errorf("%d hosts, %d skipped, %d warnings (%d kept)", r.Hosts, r.SkippedCount, r.WarningCount, len(r.Warnings))
	}
}
