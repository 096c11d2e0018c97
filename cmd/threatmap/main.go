// Command threatmap is an offline desktop viewer for the spread of a
// cyber-espionage or botnet infection: compromised hosts, C2 servers and the
// links between them on a world map.
//
//	threatmap [FILE ...]                 open the desktop app (GhostNet by default)
//	threatmap validate [--json] [FILE ...]  print the load report of each file
//	threatmap export [flags] -o OUT.png [FILE ...]  render a map image headless
//
// main only parses the command line and wires packages together.
package main

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"

	_ "threatmap/cmd/threatmap/internal/clocale" // initialised before Fyne's lang reads the locale (it imports only syscall)
	"threatmap/ui/render"
)

// command is a subcommand: it takes the arguments after its name and returns
// the process exit status (0 ok, 1 failure, 2 usage error).
type command func(args []string, stdout, stderr io.Writer) int

// commands maps subcommand names to their implementations. Files of this
// package add themselves in init.
var commands = map[string]command{}

const usage = `threatmap: offline viewer for cyber-espionage and botnet infection maps

Usage:
  threatmap [FILE ...]                            open the desktop app (embedded GhostNet data when no FILE)
  threatmap validate [--json] [--geoip DB.mmdb] [FILE ...]
                                                  load files and print their load reports
  threatmap export [flags] -o OUT [FILE ...]      draw the map without a window: OUT.png, an animation
                                                  (.gif, .mp4, .webm) or the data (.geojson)
  threatmap help                                  this text ('threatmap export -h' for export flags)

Files (detected from content): GeoJSON, GeoJSONSeq (one feature per line), CSV with
latitude/longitude or ip columns, IP lists and netsets, auth.log/syslog and web access logs.
Records without coordinates are placed from their IP address by the embedded country
database (or --geoip; in the app, File › IP geolocation database…).
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// removeTempsOnSignal makes an interrupt (Ctrl+C, kill, a closed
// terminal: SIGINT, SIGTERM, SIGHUP) leave no half-written image beside its
// target, and exit with status 128 + the signal's number, as a shell says.
// Export calls it; validate writes no file and skips the cost (a thread,
// 1-2 ms of start-up), and the window leaves signals to Fyne, whose quit
// saves the preferences (runGUI).
// A signal the process was started to ignore (nohup's SIGHUP, a
// background job's SIGINT) stays ignored; a second signal while the
// first one's cleanup waits on a stuck write ends the process as usual.
var removeTempsOnSignal = sync.OnceFunc(func() {
	// A reader of the output that went away ('export ... 2>&1 | head -1')
	// killed the export mid-way by SIGPIPE, its temporary file left
	// behind. Ignored, the write to the closed pipe fails and is dropped,
	// and the export finishes what it was asked to write.
	signal.Ignore(syscall.SIGPIPE)
	var watch []os.Signal
	for _, s := range []os.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP} {
		if !signal.Ignored(s) {
			watch = append(watch, s)
		}
	}
	if len(watch) == 0 {
		return
	}
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, watch...)
	go func() {
		s := (<-sig).(syscall.Signal)
		signal.Reset(watch...)
		render.ExitRemovingTemps(128 + int(s))
	}()
})

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		switch args[0] {
		case "help", "-h", "-help", "--help":
			fmt.Fprint(stdout, usage)
			return 0
		case "version", "--version":
			fmt.Fprintln(stdout, "threatmap", version)
			return 0
		}
		if cmd, ok := commands[args[0]]; ok {
			return unpinned(func() int { return cmd(args[1:], stdout, stderr) })
		}
		if strings.HasPrefix(args[0], "-") && args[0] != "--" {
			fmt.Fprintf(stderr, "threatmap: unknown flag %s\n\n%s", args[0], usage)
			return 2
		}
	}
	if len(args) > 0 && args[0] == "--" {
		args = args[1:]
	}
	return runGUI(args, stderr)
}

// unpinned runs f on a goroutine of its own and returns what it returns.
// Fyne's driver and its systray lock main's goroutine to the first OS
// thread in their init, for the window's event loop; a locked goroutine
// that waits (as the loader's reader does, for its workers, many times a
// file) hands its thread to another and back each time. A subcommand opens
// no window, so it runs unlocked: measured 15-25 ms off validate's load of
// 100k hosts + 100k links.
func unpinned(f func() int) int {
	c := make(chan int)
	go func() { c <- f() }()
	return <-c
}
