package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"threatmap/cmd/threatmap/internal/clocale"
)

// TestLocaleC runs validate under the locales of containers and CI
// machines: stderr says nothing (Fyne printed "Fyne error: Error parsing
// user locale C" under C.UTF-8, from its package initialiser), and a
// LANGUAGE the user set is passed on untouched.
func TestLocaleC(t *testing.T) {
	bin := binary(t)
	file := writeFile(t, "one.geojson", `{"type":"Feature","properties":{"country":"US"},"geometry":{"type":"Point","coordinates":[-100,40]}}`)
	for _, env := range [][]string{{"LANG=C.UTF-8"}, {"LC_ALL=C.utf8"}, {"LANG=POSIX"}, {"LANG=C"}, {"LANG=en_GB.UTF-8"}, {}} {
		cmd := exec.Command(bin, "validate", file)
		cmd.Env = append(without(os.Environ(), "LANG=", "LC_ALL=", "LC_MESSAGES=", "LANGUAGE="), env...)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil || !strings.Contains(string(out), "hosts 1") {
			t.Errorf("%v: validate: %v\n%s", env, err, out)
		}
		if stderr.Len() > 0 {
			t.Errorf("%v: stderr is not empty:\n%s", env, stderr.String())
		}
	}
}

func TestIsC(t *testing.T) {
	for v, want := range map[string]bool{"C": true, "C.UTF-8": true, "C.utf8": true, "POSIX": true, "C@euro": true,
		"": false, "en_US.UTF-8": false, "Ca": false, "CA.UTF-8": false, "fr_CA": false} {
		if got := clocale.IsC(v); got != want {
			t.Errorf("IsC(%q) = %v, want %v", v, got, want)
		}
	}
}

// without returns env less the variables whose "NAME=" prefixes are given.
func without(env []string, prefixes ...string) []string {
	var out []string
next:
	for _, e := range env {
		for _, p := range prefixes {
			if strings.HasPrefix(e, p) {
				continue next
			}
		}
		out = append(out, e)
	}
	return out
}
