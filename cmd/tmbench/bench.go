// Command tmbench measures threatmap against peer tools on the same
// synthetic file, in the same run, each as a whole process (wall time and
// peak RSS of the child), and prints a markdown table.
//
//	go run ./cmd/tmbench [-n 100000] [-dir DIR] [-runs 5] [-only load] [-threatmap BIN] [-also BIN,...] [-peers=false] [-guard=false]
//
// The file (-n hosts and -n links, about 512 bytes per host and link pair)
// is generated once, deterministically, into DIR. Each case runs once to
// warm the page cache, then the cases of a group run in turn, -runs
// rounds, and each one's median is reported. Ratios are peer time /
// threatmap time of the same group.
//
// It is also the load's regression guard (guardLoad): it exits 1 when
// threatmap validate is not 5x faster than ogrinfo in the same run, or,
// from -n 1000000 on, takes over 1.5 s or a peak RSS over half the file.
//
// Cases register themselves in init (load.go: ingest; export.go: render).
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"threatmap/data/ingest/ingesttest"
)

// env is what a case may use.
type env struct {
	Dir       string // where files and the threatmap binary live
	File      string // the synthetic GeoJSON file
	N         int    // hosts (and links) in File
	Threatmap string // the threatmap binary, built for this run
	Self      string // this binary, for helper subcommands
}

// benchCase is one row of a table.
type benchCase struct {
	Group string // table: "load", "export", ...
	Name  string // row label, e.g. "threatmap validate"
	Base  bool   // the row the group's ratios divide by
	// Cmd returns the command line to time, or a note saying why the case
	// is skipped (e.g. a peer that is not installed).
	Cmd func(e *env) (argv []string, skip string)
}

var cases []benchCase

// register adds a case; call it from init.
func register(c benchCase) { cases = append(cases, c) }

// helpers are subcommands of tmbench itself (e.g. "orbdecode"), run as
// child processes so that they too are measured as whole processes.
var helpers = map[string]func(args []string) error{}

// ensureFile returns the path of the synthetic file with the given counts
// in dir, generating it when missing.
func ensureFile(dir string, hosts, links int) (string, error) {
	return ingesttest.EnsureFile(dir, hosts, links)
}

func main() {
	if len(os.Args) > 1 {
		if h, ok := helpers[os.Args[1]]; ok {
			if err := h(os.Args[2:]); err != nil {
				fmt.Fprintln(os.Stderr, "tmbench:", err)
				os.Exit(1)
			}
			return
		}
	}
	n := flag.Int("n", 100000, "hosts and links in the synthetic file")
	dir := flag.String("dir", filepath.Join(os.TempDir(), "tmbench"), "directory for the file and binaries")
	runs := flag.Int("runs", 5, "timed runs per case (after one warm-up)")
	only := flag.String("only", "", "run only this group (load, export, ipfeeds)")
	bin := flag.String("threatmap", "", "use this threatmap binary instead of building one")
	also := flag.String("also", "", "comma-separated threatmap binaries (other commits) timed in the same rounds, e.g. before/after a change")
	peers := flag.Bool("peers", true, "time the peer tools too; -peers=false times threatmap's rows only (a quick before/after with -also)")
	guard := flag.Bool("guard", true, "exit 1 when the load misses its bounds (guardLoad)")
	flag.Parse()
	if *runs < 1 {
		fmt.Fprintln(os.Stderr, "tmbench: -runs must be 1 or more")
		os.Exit(2)
	}
	o := opts{runs: *runs, only: *only, bin: *bin, also: strings.FieldsFunc(*also, func(r rune) bool { return r == ',' }), peers: *peers, guard: *guard}
	if err := run(os.Stdout, *dir, *n, o); err != nil {
		fmt.Fprintln(os.Stderr, "tmbench:", err)
		os.Exit(1)
	}
}

// opts are the command line's choices.
type opts struct {
	runs         int
	only, bin    string
	also         []string
	peers, guard bool
}

func run(w io.Writer, dir string, n int, o opts) error {
	runs, only, bin, also, peers := o.runs, o.only, o.bin, o.also, o.peers
	file, err := ensureFile(dir, n, n)
	if err != nil {
		return err
	}
	st, err := os.Stat(file)
	if err != nil {
		return err
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	tm := bin
	if tm == "" {
		tm = filepath.Join(dir, "threatmap")
		build := exec.Command("go", "build", "-o", tm, "threatmap/cmd/threatmap")
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		if err := build.Run(); err != nil {
			if _, serr := os.Stat(tm); serr != nil {
				return fmt.Errorf("building threatmap: %w", err)
			}
			fmt.Fprintf(w, "note: building threatmap failed (%v); timing the previous build %s\n", err, tm)
		}
	}
	for _, b := range append([]string{tm}, also...) {
		if err := evict(b); err != nil {
			fmt.Fprintf(w, "note: %s stays in the page cache as it is (%v); fresh from the linker, its peak RSS reads 5-7 MiB high\n", b, err)
		}
	}
	e := &env{Dir: dir, File: file, N: n, Threatmap: tm, Self: self}
	fmt.Fprintf(w, "file: %s, %.1f MB, %d hosts + %d links + %d servers; %d runs each, median\n",
		filepath.Base(file), float64(st.Size())/1e6, n, n, ingesttest.Servers, runs)
	var groups []string
	for _, c := range cases {
		if !slices.Contains(groups, c.Group) && (only == "" || only == c.Group) {
			groups = append(groups, c.Group)
		}
	}
	var failed []string
	for _, g := range groups {
		rows := groupRows(e, g, also, peers)
		measure(rows, runs)
		printGroup(w, g, rows)
		if g == "load" && o.guard {
			failed = append(failed, guardLoad(rows, n, st.Size())...)
		}
	}
	if len(failed) > 0 {
		return fmt.Errorf("the load misses its bounds:\n  %s", strings.Join(failed, "\n  "))
	}
	return nil
}

// groupRows makes the rows of group g: its cases, and the base case
// again for each -also binary.
func groupRows(e *env, g string, also []string, peers bool) []row {
	// The base row's case runs again for each -also binary.
	var rows []row
	for _, c := range cases {
		if c.Group != g || !c.Base && !peers {
			continue
		}
		envs := []*env{e}
		if c.Base {
			for _, b := range also {
				ea := *e
				ea.Threatmap = b
				envs = append(envs, &ea)
			}
		}
		first := len(rows)
		for k, ce := range envs {
			r := row{name: c.Name, base: c.Base && k == 0, pair: -1}
			if k > 0 {
				r.name += " [" + ce.Threatmap + "]"
				r.pair = first
			}
			r.argv, r.skip = c.Cmd(ce)
			rows = append(rows, r)
		}
	}
	return rows
}

// printGroup prints group g's table and the round-by-round differences
// of -also binaries.
func printGroup(w io.Writer, g string, rows []row) {
	fmt.Fprintf(w, "\n### %s\n\n| tool | median ms | peak RSS MiB | ratio |\n|---|---:|---:|---:|\n", g)
	base := 0.0
	for _, r := range rows {
		if r.base && r.skip == "" {
			base = r.ms
		}
	}
	for _, r := range rows {
		if r.skip != "" {
			fmt.Fprintf(w, "| %s | - | - | skipped: %s |\n", r.name, r.skip)
			continue
		}
		ratio := "-"
		if base > 0 {
			ratio = fmt.Sprintf("%.1fx", r.ms/base)
		}
		fmt.Fprintf(w, "| %s | %.0f | %.1f | %s |\n", r.name, r.ms, r.rss, ratio)
	}
	for _, r := range rows {
		if r.pair < 0 || r.skip != "" || rows[r.pair].skip != "" {
			continue
		}
		d := make([]float64, len(r.times))
		for k := range d {
			d[k] = r.times[k] - rows[r.pair].times[k]
		}
		slices.Sort(d)
		fmt.Fprintf(w, "\n%s minus %s, round by round: median %+.1f ms (middle half %+.1f to %+.1f)\n",
			r.name, rows[r.pair].name, d[len(d)/2], d[len(d)/4], d[(3*len(d))/4])
	}
}

// Bounds of the load guard: threatmap validate at least minVsOgrinfo
// times faster than ogrinfo on the same file in the same run; from 1M
// hosts on, under maxMs1M and its peak RSS under half the file's size.
const (
	minVsOgrinfo = 5
	maxMs1M      = 1500
)

// guardLoad checks the load group's rows against those bounds and
// returns what misses them.
func guardLoad(rows []row, n int, size int64) []string {
	var tm, ogr *row
	for i := range rows {
		switch {
		case rows[i].base:
			tm = &rows[i]
		case strings.HasPrefix(rows[i].name, "ogrinfo"):
			ogr = &rows[i]
		}
	}
	if tm == nil || tm.skip != "" {
		return []string{"threatmap validate did not run"}
	}
	var out []string
	if ogr != nil && ogr.skip == "" && ogr.ms < minVsOgrinfo*tm.ms {
		out = append(out, fmt.Sprintf("%.0f ms is not %dx faster than ogrinfo's %.0f ms", tm.ms, minVsOgrinfo, ogr.ms))
	}
	if n >= 1_000_000 && tm.ms > maxMs1M {
		out = append(out, fmt.Sprintf("%.0f ms for %d hosts and links, over %d ms", tm.ms, n, maxMs1M))
	}
	if half := float64(size) / 2 / (1 << 20); n >= 1_000_000 && tm.rss > half {
		out = append(out, fmt.Sprintf("peak RSS %.1f MiB, over half the file (%.1f MiB)", tm.rss, half))
	}
	return out
}

type row struct {
	name    string
	argv    []string
	base    bool // the row the group's ratios divide by
	pair    int  // for an -also binary's row, the row it is compared with round by round; else -1
	ms, rss float64
	times   []float64 // ms, one per round
	skip    string
}

// measure runs each row's command once to warm up, then runs rounds of
// all of them in turn, so that the machine's slower and faster spells fall
// on every tool alike, each round from the next row on, and sets each
// row's times, its median wall time and its largest peak RSS (skip when
// its command failed).
func measure(rows []row, runs int) {
	for k := 0; k <= runs; k++ {
		// Each round starts one row further on: the row after a heavy
		// peer (orb frees 360 MiB) runs slower, and no row should always
		// be that one.
		for j := range rows {
			i := (j + k) % len(rows)
			r := &rows[i]
			if r.skip != "" {
				continue
			}
			cmd := exec.Command(r.argv[0], r.argv[1:]...)
			var errb strings.Builder
			cmd.Stdout, cmd.Stderr = io.Discard, &errb
			t := time.Now()
			if err := cmd.Run(); err != nil {
				r.skip = fmt.Sprintf("%s: %v: %s", r.argv[0], err, firstLine(errb.String()))
				continue
			}
			d := time.Since(t)
			if k == 0 {
				continue // warm-up
			}
			r.times = append(r.times, float64(d.Microseconds())/1000)
			if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
				r.rss = max(r.rss, float64(ru.Maxrss)/1024) // KiB on Linux
			}
		}
	}
	for i := range rows {
		if t := slices.Clone(rows[i].times); len(t) > 0 {
			slices.Sort(t)
			rows[i].ms = t[len(t)/2]
		}
	}
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}
