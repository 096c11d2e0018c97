package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"threatmap/ui"
)

// TestProcessStart checks that the process started before main's package
// was initialised, and not long before (a test binary starts in well
// under a minute, however busy the machine; the tests before this one
// may take longer, so the time now says nothing).
func TestProcessStart(t *testing.T) {
	s := processStart()
	if s.After(mainStarted.Add(20*time.Millisecond)) || mainStarted.Sub(s) > time.Minute {
		t.Errorf("process start %v, main initialised %v, now %v", s, mainStarted, time.Now())
	}
}

// TestLaunchTrace checks the lines THREATMAP_TRACE prints and that
// THREATMAP_CPUPROFILE writes a profile by the full frame on screen.
func TestLaunchTrace(t *testing.T) {
	var out bytes.Buffer
	t.Setenv(envTrace, "")
	t.Setenv(envCPUProfile, "")
	if launchTrace(&out) != nil {
		t.Fatal("a trace without THREATMAP_TRACE or THREATMAP_CPUPROFILE")
	}
	prof := filepath.Join(t.TempDir(), "cpu.prof")
	t.Setenv(envTrace, "1")
	t.Setenv(envCPUProfile, prof)
	tr := launchTrace(&out)
	tr(ui.TraceLoadStarted)
	tr(ui.TraceFullOnScreen)
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "threatmap: trace: ") || !strings.HasSuffix(lines[1], " ms "+ui.TraceFullOnScreen) {
		t.Errorf("trace printed:\n%s", out.String())
	}
	if st, err := os.Stat(prof); err != nil || st.Size() == 0 {
		t.Errorf("no CPU profile written: %v", err)
	}
}
