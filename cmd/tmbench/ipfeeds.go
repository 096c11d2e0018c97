package main

import (
	"context"
	"fmt"
	"strconv"

	"threatmap/data/ingest"
	"threatmap/data/ingest/ingesttest"
)

// The ipfeeds group: an IP list of 1M addresses and a 1 GiB access log,
// each loaded and placed by a child process (tmbench ipload) with the
// embedded IP database, as threatmap validate places them. Targets: the
// list under 2 s, the log under 10 s, the list's peak RSS under 500 MB.
func init() {
	register(benchCase{Group: "ipfeeds", Name: "ip list, 1M addresses", Base: true,
		Cmd: func(e *env) ([]string, string) { return []string{e.Self, "ipload", "list", e.Dir, "1000000"}, "" }})
	register(benchCase{Group: "ipfeeds", Name: "access log, 1 GiB, 100k addresses",
		Cmd: func(e *env) ([]string, string) { return []string{e.Self, "ipload", "log", e.Dir, "1024"}, "" }})
	helpers["ipload"] = ipLoad
}

// accessLogAddrs is how many addresses the benchmark's access log holds.
const accessLogAddrs = 100003

// ipLoad is `tmbench ipload list DIR N` or `tmbench ipload log DIR MiB`:
// it writes the file when missing, loads it with the embedded database
// and checks that every address was either placed or reported.
func ipLoad(args []string) error {
	if len(args) != 3 {
		return fmt.Errorf("usage: tmbench ipload list|log DIR N|MiB")
	}
	n, err := strconv.Atoi(args[2])
	if err != nil {
		return err
	}
	var path string
	var hosts int
	switch args[0] {
	case "list":
		path, err = ingesttest.EnsureIPList(args[1], n)
		hosts = n
	case "log":
		path, err = ingesttest.EnsureAccessLog(args[1], int64(n)<<20, accessLogAddrs)
		hosts = accessLogAddrs
	default:
		return fmt.Errorf("ipload: %q is not list or log", args[0])
	}
	if err != nil {
		return err
	}
	_, reps := ingest.LoadFiles(context.Background(), []string{path}, ingest.Options{})
	r := reps[0]
	if r.Err != nil || r.Hosts+r.SkippedCount != hosts {
		return fmt.Errorf("ipload %s: %d hosts + %d skipped (want %d), err %v", path, r.Hosts, r.SkippedCount, hosts, r.Err)
	}
	fmt.Println(r.Hosts, "hosts")
	return nil
}
