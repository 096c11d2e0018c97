package clocale

import (
	"syscall"
	"testing"
)

func TestIsC(t *testing.T) {
	for v, want := range map[string]bool{"C": true, "C.UTF-8": true, "C.utf8": true, "POSIX": true, "C@euro": true,
		"": false, "en_US.UTF-8": false, "Ca": false, "CA.UTF-8": false, "fr_CA": false} {
		if got := isC(v); got != want {
			t.Errorf("isC(%q) = %v, want %v", v, got, want)
		}
	}
}

// TestApply: what LANGUAGE is after the initialiser, by the environment
// it finds. A LANGUAGE the user set is theirs; only a C locale with an
// encoding gets "en" (plain C and POSIX need none).
func TestApply(t *testing.T) {
	for _, c := range []struct {
		env  [][2]string // LANGUAGE is set to "" first
		want string
	}{
		{[][2]string{{"LANG", "C.UTF-8"}}, "en"},
		{[][2]string{{"LANG", "C.UTF-8"}, {"LANGUAGE", "fr"}}, "fr"},
		{[][2]string{{"LANG", "C"}}, ""},
		{[][2]string{{"LANG", "POSIX"}}, ""},
		{[][2]string{{"LANG", "C.UTF-8"}, {"LC_ALL", "en_GB.UTF-8"}}, ""},
		{[][2]string{{"LANG", "de_DE.UTF-8"}, {"LC_MESSAGES", "C.utf8"}}, "en"},
		{[][2]string{{"LANG", "en_US.UTF-8"}}, ""},
	} {
		for _, k := range []string{"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"} {
			t.Setenv(k, "")
		}
		for _, kv := range c.env {
			t.Setenv(kv[0], kv[1])
		}
		apply()
		if got, _ := syscall.Getenv("LANGUAGE"); got != c.want {
			t.Errorf("%v: LANGUAGE=%q, want %q", c.env, got, c.want)
		}
	}
}
