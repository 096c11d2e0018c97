package main

import (
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"threatmap/ui"
)

// Environment variables for measuring a launch (opt-in; nothing reads
// them otherwise):
//
//	THREATMAP_TRACE=1             print to stderr, in milliseconds since the
//	                              process started, when each step of the
//	                              first load happens (ui.Trace* events)
//	THREATMAP_CPUPROFILE=FILE     write a CPU profile of the process from
//	                              start to the full first frame on screen
const (
	envTrace      = "THREATMAP_TRACE"
	envCPUProfile = "THREATMAP_CPUPROFILE"
)

// mainStarted is when this package was initialised: the process start
// when /proc cannot tell (processStart).
var mainStarted = time.Now()

// launchTrace returns the ui.Options.Trace of a launch measured as the
// environment asks, or nil when it asks for nothing. The profile, if
// any, stops when the first frame with everything is on screen.
func launchTrace(stderr io.Writer) func(string) {
	trace := os.Getenv(envTrace) != "" && os.Getenv(envTrace) != "0"
	prof := os.Getenv(envCPUProfile)
	if !trace && prof == "" {
		return nil
	}
	stop := func() {}
	if prof != "" {
		if f, err := os.Create(prof); err != nil {
			fmt.Fprintf(stderr, "threatmap: %s: %v\n", envCPUProfile, err)
		} else if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintf(stderr, "threatmap: %s: %v\n", envCPUProfile, err)
			f.Close()
		} else {
			stop = func() { pprof.StopCPUProfile(); f.Close() }
		}
	}
	start := processStart()
	return func(event string) {
		if trace {
			fmt.Fprintf(stderr, "threatmap: trace: %6d ms %s\n", time.Since(start).Milliseconds(), event)
		}
		if event == ui.TraceFullOnScreen {
			stop()
		}
	}
}

// processStart is when the kernel started this process (Linux: its start
// time in /proc/self/stat against the uptime, to 10 ms), so a trace
// counts the runtime's and the packages' start-up too; elsewhere when
// this package was initialised.
func processStart() time.Time {
	stat, err1 := os.ReadFile("/proc/self/stat")
	up, err2 := os.ReadFile("/proc/uptime")
	if err1 != nil || err2 != nil {
		return mainStarted
	}
	// Field 22 (starttime, in clock ticks since boot) counts from after
	// the command name, which may hold spaces: split after its ')'.
	s := string(stat)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	upf := strings.Fields(string(up))
	if len(fields) < 20 || len(upf) == 0 {
		return mainStarted
	}
	ticks, err1 := strconv.ParseInt(fields[19], 10, 64)
	uptime, err2 := strconv.ParseFloat(upf[0], 64)
	if err1 != nil || err2 != nil {
		return mainStarted
	}
	const hz = 100 // USER_HZ: 100 on every Linux architecture Go supports
	age := time.Duration(uptime*float64(time.Second)) - time.Duration(ticks)*time.Second/hz
	if age < 0 || age > time.Since(mainStarted)+time.Second {
		return mainStarted
	}
	return time.Now().Add(-age)
}
