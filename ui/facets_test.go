package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// TestCountrySearchCommonNames: common names and codes find their country,
// listed first, and Enter in the search box ticks it alone; a second Enter
// adds the next.
func TestCountrySearchCommonNames(t *testing.T) {
	u, w := newTestApp(t)
	for _, tc := range []struct{ query, key string }{
		{"usa", "US"}, {"uk", "GB"}, {"america", "US"}, {"britain", "GB"},
		{"south korea", "KR"}, {"russia", "RU"}, {"iran", "IR"}, {"vietnam", "VN"},
		{"Viet Nam", "VN"}, {"taiwan", "TW"}, {"us", "US"},
	} {
		u.countries.SetSearch(tc.query)
		if u.countries.Shown() == 0 || u.countries.items[u.countries.shown[0]].Key != tc.key {
			var got []string
			for _, i := range u.countries.shown {
				got = append(got, u.countries.items[i].Key)
			}
			t.Errorf("search %q lists %v, want %s first", tc.query, got, tc.key)
		}
	}

	// Enter, as typed into the box.
	u.countries.SetSearch("")
	u.tabs.SelectIndex(1) // Countries
	w.Canvas().Focus(u.countries.search)
	test.Type(u.countries.search, "taiwan")
	w.Canvas().Focused().(fyne.Focusable).TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if keys, all := u.countries.Selected(); all || len(keys) != 1 || keys[0] != "TW" {
		t.Fatalf("Enter on 'taiwan' ticks %v (all=%v), want TW alone", keys, all)
	}
	if got := visibleOf(t, u); got != 148 {
		t.Errorf("Taiwan alone shows %d hosts, want 148", got)
	}
	u.countries.SetSearch("uk") // Ukraine matches too; the exact hit wins
	if !u.countries.Pick() {
		t.Fatalf("Enter on 'uk' picked nothing")
	}
	if keys, _ := u.countries.Selected(); len(keys) != 2 {
		t.Errorf("after 'uk': %v, want TW and GB", keys)
	}
	u.countries.SetSearch("an") // many matches, no exact one: nothing happens
	if u.countries.Pick() {
		t.Errorf("Enter on an ambiguous search picked a value")
	}
}
