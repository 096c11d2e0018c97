package ingest

import "testing"

// TestProbeLines: the list and log probes read whole lines, and the last
// line without a newline only when no whole line counted (a short file
// that ends without one), never past listProbe lines.
func TestProbeLines(t *testing.T) {
	for _, c := range []struct {
		in   string
		list bool
	}{
		{"# feed\n1.2.3.4", true},             // the only entry has no newline
		{"1.2.3.4\n5.6.7.8\nnot an ad", true}, // a cut last line is not counted
		{"a\nb\nc\n1.2.3.4", false},           // ...nor when it would decide
		{"\n\n;x\n", false},
	} {
		if got := looksList([]byte(c.in)); got != c.list {
			t.Errorf("looksList(%q) = %v, want %v", c.in, got, c.list)
		}
	}
	if !looksLog([]byte("\nJan  2 03:04:05 host sshd[1]: Failed password for x from 1.2.3.4 port 1 ssh2")) {
		t.Error("a one-line syslog without a newline after a blank line is not a log")
	}
}
