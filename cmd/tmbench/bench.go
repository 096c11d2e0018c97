// Command tmbench measures threatmap against peer tools on the same
// synthetic file, in the same run, each as a whole process (wall time and
// peak RSS of the child), and prints a markdown table.
//
//	go run ./cmd/tmbench [-n 100000] [-dir DIR] [-runs 5] [-only load] [-threatmap BIN]
//
// The file (-n hosts and -n links, about 512 bytes per host and link pair)
// is generated once, deterministically, into DIR. Each case runs once to
// warm the page cache, then the cases of a group run in turn, -runs
// rounds, and each one's median is reported. Ratios are peer time /
// threatmap time of the same group.
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
	only := flag.String("only", "", "run only this group (load, export)")
	bin := flag.String("threatmap", "", "use this threatmap binary instead of building one")
	flag.Parse()
	if err := run(os.Stdout, *dir, *n, *runs, *only, *bin); err != nil {
		fmt.Fprintln(os.Stderr, "tmbench:", err)
		os.Exit(1)
	}
}

func run(w io.Writer, dir string, n, runs int, only, bin string) error {
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
		if err := evict(tm); err != nil {
			fmt.Fprintf(w, "note: %s stays in the page cache as the linker wrote it (%v); its peak RSS reads high\n", tm, err)
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
	for _, g := range groups {
		fmt.Fprintf(w, "\n### %s\n\n| tool | median ms | peak RSS MiB | ratio |\n|---|---:|---:|---:|\n", g)
		var rows []row
		var argvs [][]string
		var bases []bool
		for _, c := range cases {
			if c.Group != g {
				continue
			}
			argv, skip := c.Cmd(e)
			if skip != "" {
				rows = append(rows, row{name: c.Name, skip: skip})
				continue
			}
			rows = append(rows, row{name: c.Name})
			argvs = append(argvs, argv)
			bases = append(bases, c.Base)
		}
		measured := measure(argvs, runs)
		base, k := 0.0, 0
		for i := range rows {
			if rows[i].skip != "" {
				continue
			}
			rows[i].ms, rows[i].rss, rows[i].skip = measured[k].ms, measured[k].rss, measured[k].skip
			if bases[k] && rows[i].skip == "" {
				base = rows[i].ms
			}
			k++
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
	}
	return nil
}

type row struct {
	name    string
	ms, rss float64
	skip    string
}

// measure runs each command once to warm up, then runs rounds of all of
// them in turn, so that the machine's slower and faster spells fall on
// every tool alike, and returns each one's median wall time and largest
// peak RSS (skip set when a command failed).
func measure(argvs [][]string, runs int) []row {
	rows := make([]row, len(argvs))
	times := make([][]float64, len(argvs))
	for k := 0; k <= runs; k++ {
		for i, argv := range argvs {
			if rows[i].skip != "" {
				continue
			}
			cmd := exec.Command(argv[0], argv[1:]...)
			var errb strings.Builder
			cmd.Stdout, cmd.Stderr = io.Discard, &errb
			t := time.Now()
			if err := cmd.Run(); err != nil {
				rows[i].skip = fmt.Sprintf("%s: %v: %s", argv[0], err, firstLine(errb.String()))
				continue
			}
			d := time.Since(t)
			if k == 0 {
				continue // warm-up
			}
			times[i] = append(times[i], float64(d.Microseconds())/1000)
			if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
				rows[i].rss = max(rows[i].rss, float64(ru.Maxrss)/1024) // KiB on Linux
			}
		}
	}
	for i := range rows {
		if t := times[i]; len(t) > 0 {
			slices.Sort(t)
			rows[i].ms = t[len(t)/2]
		}
	}
	return rows
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	return s
}
