package render

import (
	"strings"
	"testing"

	"threatmap/data/filter"
	"threatmap/data/timeline"
)

var windowCases = []struct {
	name string
	in   string
	want int64 // seconds; 0: an error
	err  string
}{
	{"days", "30d", 30 * timeline.Day, ""},
	{"hours", "12h", 12 * 3600, ""},
	{"weeks", "2w", 14 * timeline.Day, ""},
	{"upper case unit", "7D", 7 * timeline.Day, ""},
	{"spaces around", " 1d ", timeline.Day, ""},
	{"century", "36500d", 36500 * timeline.Day, ""},
	{"empty", "", 0, "want a number and a unit"},
	{"unit only", "d", 0, "want a number and a unit"},
	{"no unit", "30", 0, "unit must be"},
	{"minutes are not a unit", "30m", 0, "unit must be"},
	{"zero", "0d", 0, "at least 1"},
	{"negative", "-3d", 0, "whole number"},
	{"plus sign", "+3d", 0, "whole number"},
	{"fraction", "1.5d", 0, "whole number"},
	{"go duration", "1h30m", 0, "unit must be"},
	{"space inside", "3 d", 0, "whole number"},
	{"more than a century", "36501d", 0, "longer than a century"},
	{"overflow", "99999999999999999999w", 0, "longer than a century"},
}

func TestParseWindow(t *testing.T) {
	for _, tc := range windowCases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseWindow(tc.in)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("ParseWindow(%q) = %d, %v; want an error containing %q", tc.in, got, err, tc.err)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("ParseWindow(%q) = %d, %v; want %d", tc.in, got, err, tc.want)
			}
			if back, err := ParseWindow(FormatWindow(got)); err != nil || back != got {
				t.Fatalf("FormatWindow(%d) = %q reads back as %d, %v", got, FormatWindow(got), back, err)
			}
		})
	}
}

// FuzzParseWindow: any input gives a window of 1 s to a century or an
// error that quotes it, never a panic.
func FuzzParseWindow(f *testing.F) {
	for _, tc := range windowCases {
		f.Add(tc.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		w, err := ParseWindow(s)
		if err != nil {
			if w != 0 || !strings.Contains(err.Error(), "window") {
				t.Fatalf("ParseWindow(%q) = %d, %v", s, w, err)
			}
			return
		}
		if w < 3600 || w > maxWindow {
			t.Fatalf("ParseWindow(%q) = %d, out of range", s, w)
		}
		if back, err := ParseWindow(FormatWindow(w)); err != nil || back != w {
			t.Fatalf("FormatWindow(%d) = %q reads back as %d, %v", w, FormatWindow(w), back, err)
		}
	})
}

func TestPlaybackAt(t *testing.T) {
	p := Playback{First: 1000, Last: 1900}
	var got []int64
	for k := range 4 {
		got = append(got, p.At(k, 4))
	}
	want := []int64{1000, 1300, 1600, 1900}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("instants %v, want %v", got, want)
		}
	}
	if at := (Playback{First: 5, Last: 5}).At(1, 3); at != 5 {
		t.Errorf("an empty range gives %d, want its instant 5", at)
	}
}

// TestPlaybackLabel: a frame's date carries the time of day when frames
// are less than a day apart; before, every frame of a 6-hour log read the
// same day.
func TestPlaybackLabel(t *testing.T) {
	const day = timeline.Day
	t0 := int64(1796601600) // 7 Dec 2026 00:00 UTC
	for _, tc := range []struct {
		name string
		p    Playback
		now  int64
		n    int
		want string
	}{
		{"years", Playback{First: t0 - 700*day, Last: t0}, t0, 60, "7 Dec 2026"},
		{"a day a frame", Playback{First: t0, Last: t0 + 59*day}, t0 + 3*day, 60, "10 Dec 2026"},
		{"six hours", Playback{First: t0 + 8*3600, Last: t0 + 14*3600}, t0 + 10*3600 + 24*60, 6, "7 Dec 2026 10:24 UTC"},
		{"two days in 60 frames", Playback{First: t0, Last: t0 + 2*day}, t0 + 36*3600, 60, "8 Dec 2026 12:00 UTC"},
		{"one instant", Playback{First: t0, Last: t0}, t0, 10, "7 Dec 2026"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.p.Label(tc.now, tc.n); got != tc.want {
				t.Errorf("Label = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestPlaybackConstrain: the time windows are those the window's player
// gives (timeline.Player), a brushed range counting from its start.
func TestPlaybackConstrain(t *testing.T) {
	const day = timeline.Day
	for _, tc := range []struct {
		name     string
		p        Playback
		now      int64
		from, to filter.Bound
	}{
		{"cumulative", Playback{First: 10 * day, Last: 20 * day}, 15 * day, filter.Bound{}, filter.At(15 * day)},
		{"cumulative narrowed", Playback{First: 10 * day, Last: 20 * day, Narrowed: true}, 15 * day, filter.At(10 * day), filter.At(15 * day)},
		{"moving default", Playback{Mode: timeline.Moving, First: 0, Last: 100 * day}, 50 * day, filter.At(20*day + 1), filter.At(50 * day)},
		{"moving 12h", Playback{Mode: timeline.Moving, Window: 12 * 3600, First: 0, Last: 100 * day}, 50 * day, filter.At(50*day - 12*3600 + 1), filter.At(50 * day)},
		{"moving narrowed clamps", Playback{Mode: timeline.Moving, Window: 30 * day, First: 40 * day, Last: 100 * day, Narrowed: true}, 50 * day, filter.At(40 * day), filter.At(50 * day)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := filter.Query{Types: []string{"mfa"}}
			tc.p.Constrain(&q, tc.now)
			if q.From != tc.from || q.To != tc.to || q.Mode != filter.FirstSeen || len(q.Types) != 1 {
				t.Fatalf("query %+v, want from %+v to %+v on first_seen, types kept", q, tc.from, tc.to)
			}
		})
	}
}
