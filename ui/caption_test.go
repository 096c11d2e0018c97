package ui

import (
	"slices"
	"testing"
)

// TestWindowCaptionWording: the window's caption says what the command
// line's export says for the same filters (cmd/threatmap's
// TestExportCaptionWording holds the same lines): names, not codes or ids.
func TestWindowCaptionWording(t *testing.T) {
	u, _ := newTestApp(t)
	u.countries.SetAll(false)
	u.countries.Set("TW", true)
	u.countries.Set("VN", true)
	u.types.SetAll(false)
	u.types.Set("embassy", true)
	u.servers.SetAll(false)
	u.servers.Set("ctl1", true)
	got := u.captionLines(u.query())
	want := []string{
		"Time: all time (2007-05-22 – 2009-03-12)",
		"Filters: countries: Taiwan, Vietnam; types: Embassy; servers: Control server 1 (Hainan-TELECOM)",
	}
	if len(got) < 2 || !slices.Equal(got[:2], want) {
		t.Errorf("window caption %q, want %q first", got, want)
	}
	if !slices.Equal(u.eng.last.lines, got) {
		t.Errorf("the map draws the caption %q, not %q", u.eng.last.lines, got)
	}
}
