package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"threatmap/data/timeline"
	"threatmap/ui/render"
)

// TestTimelineLabelsShortRange: every axis range gets dates under it. A
// log of three days (an auth.log) had no tick inside its range, weekly
// ticks falling on the Monday before, so the axis had no label at all
// (as a log of a few hours still had: no midnight in range); and ranges
// of a few weeks labelled each week with its month name only.
func TestTimelineLabelsShortRange(t *testing.T) {
	test.NewTempApp(t)
	day := func(s string) int64 {
		tm, err := time.Parse("2006-01-02", s)
		if err != nil {
			t.Fatal(err)
		}
		return tm.Unix()
	}
	for _, tc := range []struct {
		name       string
		start, end string
		step       int64
		want       []string // the first labels, in order
	}{
		{"three days", "2026-12-01", "2026-12-03", timeline.Day, []string{"1 Dec 2026", "2 Dec", "3 Dec"}},
		{"one day", "2026-12-02", "2026-12-02", timeline.Day, []string{"2 Dec 2026"}},
		{"a few hours", "2025-12-01", "2025-12-01", 3600, []string{"1 Dec 2025"}},
		{"five weeks", "2025-12-01", "2026-01-04", timeline.Day, []string{"1 Dec 2025", "8 Dec", "15 Dec", "22 Dec", "29 Dec"}},
		{"two years", "2007-05-01", "2009-03-31", timeline.Month, []string{"May 2007", "Jul", "Sep"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tl := NewTimelineView()
			w := test.NewTempWindow(t, tl)
			w.Resize(fyne.NewSize(1000, 120))
			h := timeline.Histogram{Start: day(tc.start), Step: tc.step}
			h.Bins = int((day(tc.end)-h.Start)/timeline.Day) + 1
			switch tc.step {
			case timeline.Month:
				h.Bins = 23
			case 3600:
				h.Start += 10 * 3600 // 10:00 to 13:00, no midnight in range
				h.Bins = 3
			}
			h.Counts, h.Totals, h.Types = make([]int, h.Bins), make([]int, h.Bins), 1
			tl.SetData(h, []string{"unknown"}, render.Dark)
			var got []string
			for _, o := range tl.lblBox.Objects {
				got = append(got, o.(*canvas.Text).Text)
			}
			if len(got) < len(tc.want) || strings.Join(got[:len(tc.want)], "|") != strings.Join(tc.want, "|") {
				t.Errorf("labels %q, want %q first", got, tc.want)
			}
		})
	}
}
