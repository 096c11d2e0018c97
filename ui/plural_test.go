package ui

import (
	"strings"
	"testing"
)

// TestPlurals: one country or host reads in the singular, and a facet with
// nothing ticked says "none" rather than an empty list.
func TestPlurals(t *testing.T) {
	u, _ := newTestApp(t)
	u.countries.SetSearch("taiwan")
	if !u.countries.Pick() {
		t.Fatal("taiwan not picked")
	}
	if s := u.summary.Text; !strings.Contains(s, "148 of 1,295 hosts · 1 country · ") {
		t.Errorf("summary with one country: %q", s)
	}
	u.countries.SetAll(false)
	caption := strings.Join(u.captionLines(u.query()), "\n")
	if !strings.Contains(caption, "countries: none") {
		t.Errorf("caption with no country ticked:\n%s", caption)
	}
	if s := u.summary.Text; !strings.Contains(s, "0 of 1,295 hosts · 0 countries · ") {
		t.Errorf("summary with no country: %q", s)
	}
	for _, tc := range []struct {
		n    int
		want string
	}{{0, "0 countries"}, {1, "1 country"}, {2, "2 countries"}, {1295, "1,295 countries"}} {
		if got := countOf(tc.n, "country", "countries"); got != tc.want {
			t.Errorf("countOf(%d) = %q, want %q", tc.n, got, tc.want)
		}
	}
	for _, tc := range []struct {
		n, recon int
		want     string
	}{{1, 0, "1 host reports"}, {1, 1, "1 host assigned"}, {2, 0, "2 hosts report"}} {
		if got := victimWording(tc.n, tc.recon); !strings.HasPrefix(got, tc.want) {
			t.Errorf("victimWording(%d, %d) = %q", tc.n, tc.recon, got)
		}
	}
}
