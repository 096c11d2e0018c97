package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"threatmap/data/ingest/ingesttest"
	"threatmap/ui"
)

// launchSteps are the trace events of a launch in the order they must
// happen (the window's first paint may come before or after the load).
var launchSteps = []string{
	ui.TraceLoadStarted, ui.TraceLoadFinished, ui.TraceDatasetShown,
	ui.TraceFrameReady, ui.TraceFrameOnScreen, ui.TraceFullOnScreen,
}

// waitTrace waits until a (started with THREATMAP_TRACE=1) has traced
// every launch step and its first paint, and returns the milliseconds
// since the process started of each, checking their order.
func (a *proc) waitTrace(t testing.TB) map[string]int64 {
	t.Helper()
	var ms map[string]int64
	a.waitFor(t, func() string {
		ms = traceOf(a.stderr.String())
		for _, ev := range append(launchSteps, ui.TraceWindowPainted) {
			if _, ok := ms[ev]; !ok {
				return fmt.Sprintf("the trace line %q", ev)
			}
		}
		return ""
	})
	for i := 1; i < len(launchSteps); i++ {
		if ms[launchSteps[i]] < ms[launchSteps[i-1]] {
			t.Errorf("%q at %d ms, before %q at %d ms:\n%s", launchSteps[i], ms[launchSteps[i]],
				launchSteps[i-1], ms[launchSteps[i-1]], a.stderr.String())
		}
	}
	return ms
}

// traceOf reads the 'threatmap: trace: N ms EVENT' lines of out.
func traceOf(out string) map[string]int64 {
	ms := map[string]int64{}
	for _, line := range strings.Split(out, "\n") {
		rest, ok := strings.CutPrefix(line, "threatmap: trace: ")
		if !ok {
			continue
		}
		n, ev, ok := strings.Cut(strings.TrimSpace(rest), " ms ")
		if v, err := strconv.ParseInt(n, 10, 64); ok && err == nil {
			ms[ev] = v
		}
	}
	return ms
}

// TestWindowTracesLaunch launches the app on the embedded data with
// THREATMAP_TRACE=1: every step of the launch is traced, in order, and
// the window then shows the map with data.
func TestWindowTracesLaunch(t *testing.T) {
	t.Setenv(envTrace, "1")
	a := start(t)
	ms := a.waitTrace(t)
	a.waitDrawn(t, a.waitWindow(t, "GhostNet"))
	t.Logf("window painted %d ms, map on screen %d ms after the process started",
		ms[ui.TraceWindowPainted], ms[ui.TraceFullOnScreen])
	checkNoPanic(t, a)
}

// TestWindowHostsFirst opens a file with more links than the app draws
// in its first frame (ui's linksLater, 250k): the hosts' frame and then
// the links' are traced in order, and the window ends with the map.
func TestWindowHostsFirst(t *testing.T) {
	needDisplay(t) // before making the file
	p, err := ingesttest.EnsureFile(t.TempDir(), 20_000, 260_000)
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv(envTrace, "1")
	a := start(t, p)
	ms := a.waitTrace(t)
	a.waitDrawn(t, a.waitWindow(t, filepath.Base(p)))
	t.Logf("hosts on screen %d ms, links %d ms after the process started", ms[ui.TraceFrameOnScreen], ms[ui.TraceFullOnScreen])
	checkNoPanic(t, a)
}

// BenchmarkLaunchToMap launches the app on a synthetic file of 100k hosts
// and 100k links (THREATMAP_LAUNCH_FILE=FILE: that file instead) and
// reports, from its THREATMAP_TRACE lines, the milliseconds from the
// process's start to the hosts on screen (ms-first-map), to the frame
// with the links too (ms-full-map), and the load (ms-load, of the file
// alone). Each launch is then checked to show the map with data (outside
// the timer). Times are reported, not asserted: the machine may be busy.
//
//	xvfb-run -a -s "-screen 0 1600x1000x24" go test ./cmd/threatmap -run '^$' -bench LaunchToMap -benchtime 5x
func BenchmarkLaunchToMap(b *testing.B) {
	needDisplay(b)
	binary(b) // built before the timer starts, in binDir, which TestMain removes
	file := os.Getenv("THREATMAP_LAUNCH_FILE")
	if file == "" {
		var err error
		if file, err = ingesttest.EnsureFile(binDir, 100_000, 100_000); err != nil {
			b.Fatal(err)
		}
	}
	b.Setenv(envTrace, "1")
	var first, full, load int64
	b.ResetTimer()
	for range b.N {
		a := start(b, file)
		ms := a.waitTrace(b)
		b.StopTimer()
		a.waitDrawn(b, a.waitWindow(b, filepath.Base(file)))
		checkNoPanic(b, a)
		a.cmd.Process.Kill()
		<-a.done
		first += ms[ui.TraceFrameOnScreen]
		full += ms[ui.TraceFullOnScreen]
		load += ms[ui.TraceLoadFinished] - ms[ui.TraceLoadStarted]
		b.StartTimer()
	}
	n := float64(b.N)
	b.ReportMetric(float64(first)/n, "ms-first-map")
	b.ReportMetric(float64(full)/n, "ms-full-map")
	b.ReportMetric(float64(load)/n, "ms-load")
}
