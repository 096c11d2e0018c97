package main

import (
	"bytes"
	"slices"
	"testing"

	"threatmap/ui/viewspec"
)

// TestExportCaptionWording: the command line's export words its caption as
// the window does (ui's TestWindowCaptionWording holds the same lines):
// names, not codes or ids; the time window says how hosts are matched.
func TestExportCaptionWording(t *testing.T) {
	ds, err := load(nil, nil, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		args []string
		want []string
	}{
		{"filters", []string{"--country", "TW,Vietnam", "--type", "embassy", "--server", "ctl1"}, []string{
			"Time: all time (2007-05-22 – 2009-03-12)",
			"Filters: countries: Taiwan, Vietnam; types: Embassy; servers: Control server 1 (Hainan-TELECOM)",
		}},
		{"time window", []string{"--from", "2008-01-01", "--to", "2008-06-30"}, []string{
			"Time: active 2008-01-01 – 2008-06-30",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opt, err := parseExport(append([]string{"-o", "x.png"}, tc.args...), &bytes.Buffer{})
			if err != nil {
				t.Fatal(err)
			}
			fr, err := viewspec.Resolve(ds, opt.view.spec)
			if err != nil {
				t.Fatal(err)
			}
			title, lines := fr.Scene.Title, fr.Scene.Lines
			if title == "" {
				t.Errorf("title %q", title)
			}
			if len(lines) < len(tc.want) || !slices.Equal(lines[:len(tc.want)], tc.want) {
				t.Errorf("caption %q, want %q first", lines, tc.want)
			}
		})
	}
}
