package main

import (
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// TestLocaleC runs validate under the locales of containers and CI
// machines: stderr says nothing (Fyne printed "Fyne error: Error parsing
// user locale C" under C.UTF-8, from its package initialiser). What the
// initialiser does with each environment, a LANGUAGE the user set among
// them, is clocale's TestApply.
func TestLocaleC(t *testing.T) {
	bin := binary(t)
	file := writeFile(t, "one.geojson", `{"type":"Feature","properties":{"country":"US"},"geometry":{"type":"Point","coordinates":[-100,40]}}`)
	for _, env := range [][]string{{"LANG=C.UTF-8"}, {"LC_ALL=C.utf8"}, {"LANG=POSIX"}, {"LANG=C"}, {"LANG=en_GB.UTF-8"}, {"LANG=C.UTF-8", "LANGUAGE="}, {}} {
		cmd := exec.Command(bin, "validate", file)
		cmd.Env = append(slices.DeleteFunc(os.Environ(), func(e string) bool {
			for _, p := range []string{"LANG=", "LC_ALL=", "LC_MESSAGES=", "LANGUAGE="} {
				if strings.HasPrefix(e, p) {
					return true
				}
			}
			return false
		}), env...)
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
