// Package clocale keeps Fyne from printing "Fyne error: Error parsing user
// locale C" on every run under LANG=C.UTF-8, the default of many containers
// and CI machines. Fyne's locale library takes "C.UTF-8" for a language tag
// (only a bare "C" or "POSIX" is known to it) and reads it in Fyne's lang
// package initialiser, before main, and again when the window asks for the
// locale. This package's initialiser runs before that one (it imports only
// syscall) and, for such a locale, sets LANGUAGE to "en", which the library
// reads next: English, as the C locale is. Child processes (xclip, wl-copy)
// inherit it, and glibc honours it under C.UTF-8: their messages, if any,
// are English, as they would be under C. A LANGUAGE the user set is left
// alone.
package clocale

import "syscall"

func init() { apply() }

// apply is the initialiser's work, on the process environment.
func apply() {
	if v, _ := syscall.Getenv("LANGUAGE"); v != "" { // empty: ignored, as by the library
		return
	}
	for _, k := range [...]string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v, _ := syscall.Getenv(k)
		if v == "" {
			continue
		}
		if isC(v) && v != "C" && v != "POSIX" {
			syscall.Setenv("LANGUAGE", "en")
		}
		return
	}
}

// isC reports whether the locale name v is the C locale, with or without
// an encoding or modifier: "C", "C.UTF-8", "POSIX", "C.utf8@euro".
func isC(v string) bool {
	for i := 0; i < len(v); i++ {
		if v[i] == '.' || v[i] == '@' {
			v = v[:i]
			break
		}
	}
	return v == "C" || v == "POSIX"
}
