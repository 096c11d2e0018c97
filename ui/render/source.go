package render

import (
	"fmt"
	"path/filepath"
	"strings"

	"threatmap/data/threat"
)

// SourceLines returns the caption lines that say where the data came from:
// its first source (or the names of the files it was loaded from) and its
// caveat, which for reconstructed data says that it is reconstructed.
// The window and every export use them, so both say the same.
func SourceLines(m *threat.Meta) []string {
	var lines []string
	switch {
	case len(m.Sources) > 0:
		l := "Source: " + shortSource(m.Sources[0])
		if n := len(m.Sources) - 1; n > 0 {
			l += fmt.Sprintf(" (and %d more)", n)
		}
		lines = append(lines, l)
	case len(m.Files) > 0:
		base := make([]string, len(m.Files))
		for i, f := range m.Files {
			base[i] = filepath.Base(f)
		}
		lines = append(lines, "Source: "+strings.Join(base, ", "))
	}
	switch {
	case m.Reconstructed && m.Caveat == "":
		lines = append(lines, "Reconstructed data: some values were filled in, not reported.")
	case m.Reconstructed && !strings.HasPrefix(strings.ToLower(m.Caveat), "reconstruct"):
		lines = append(lines, "Reconstructed data: "+m.Caveat)
	case m.Caveat != "":
		lines = append(lines, m.Caveat)
	}
	return lines
}

// shortSource trims a source citation for the caption: up to its first
// URL, at most 120 characters.
func shortSource(s string) string {
	if i := strings.Index(s, "http"); i > 0 {
		s = strings.TrimRight(s[:i], " ,;:(")
	}
	if r := []rune(s); len(r) > 120 {
		s = string(r[:119]) + "…"
	}
	return strings.TrimSpace(s)
}
