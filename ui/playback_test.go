package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"threatmap/data/filter"
)

// brush drags a window over the timeline from fraction a to fraction b of
// its width, as a user does, and returns the window.
func brush(t *testing.T, u *App, w fyne.Window, a, b float32) (from, to int64) {
	t.Helper()
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(u.tl)
	size := u.tl.Size()
	test.Drag(w.Canvas(), pos.Add(fyne.NewPos(size.Width*a, size.Height/2)), size.Width*(b-a), 0)
	u.tl.DragEnd()
	from, to = u.tl.Window()
	if from == 0 || to <= from {
		t.Fatalf("window after drag: %d..%d", from, to)
	}
	return from, to
}

// firstSeenIn counts the hosts first seen in [from, to].
func firstSeenIn(u *App, from, to int64) int {
	var s filter.Set
	return filter.Query{From: filter.At(from), To: filter.At(to), Mode: filter.FirstSeen}.Apply(u.ds, &s)
}

// findButton finds the button labelled text in the window.
func findButton(t *testing.T, w fyne.Window, text string) *widget.Button {
	t.Helper()
	var found *widget.Button
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch v := o.(type) {
		case *widget.Button:
			if v.Text == text {
				found = v
			}
		case *fyne.Container:
			for _, c := range v.Objects {
				walk(c)
			}
		case fyne.Widget:
			r := test.TempWidgetRenderer(t, v)
			for _, c := range r.Objects() {
				walk(c)
			}
		}
	}
	walk(w.Content())
	if found == nil {
		t.Fatalf("no %q button", text)
	}
	return found
}

// TestPlayWithinBrush: Play plays the brushed window from its start to
// its end and stops there.
func TestPlayWithinBrush(t *testing.T) {
	u, w := newTestApp(t)
	from, to := brush(t, u, w, 0.3, 0.6)
	u.TogglePlay()
	if !u.playing || u.player.Now != from {
		t.Fatalf("Play: playing=%v now=%d, want the brush's start %d", u.playing, u.player.Now, from)
	}
	stop := u.stopTick
	for i := 0; i < 10000 && u.playing; i++ {
		u.tick(frameInterval*3, stop)
		if q := u.query(); u.player.Now < from || u.player.Now > to || q.From.Unix < from {
			t.Fatalf("tick %d: now %d, query from %d; brush %d..%d", i, u.player.Now, q.From.Unix, from, to)
		}
	}
	if u.playing || u.player.Now != to {
		t.Errorf("playback: playing=%v now=%d, want stopped at the brush's end %d", u.playing, u.player.Now, to)
	}
	if got, want := visibleOf(t, u), firstSeenIn(u, from, to); got != want {
		t.Errorf("at the end of the window %d hosts shown, want %d", got, want)
	}
}

// TestBrushAfterPlayerKeys: after Right, Home, End or Play a new brush
// takes effect and hides the date; "All time" shows everything and hides it.
func TestBrushAfterPlayerKeys(t *testing.T) {
	u, w := newTestApp(t)
	c := w.Canvas()
	for _, tc := range []struct {
		name string
		do   func()
	}{
		{"Right", func() { c.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyRight}) }},
		{"Home", u.Home},
		{"End", u.End},
		{"Play", func() { u.TogglePlay(); u.tick(frameInterval*10, u.stopTick) }},
	} {
		tc.do()
		if u.dateLabel.String() == "" {
			t.Fatalf("%s: no date shown", tc.name)
		}
		from, to := brush(t, u, w, 0.4, 0.7)
		if got, want := visibleOf(t, u), firstSeenIn(u, from, to); got != want {
			t.Errorf("%s then brush: %d hosts shown, want the brush's %d", tc.name, got, want)
		}
		if s := u.dateLabel.String(); s != "" {
			t.Errorf("%s then brush: the date %q stays up", tc.name, s)
		}
		tc.do()
		test.Tap(findButton(t, w, "All time"))
		if got := visibleOf(t, u); got != 1295 {
			t.Errorf("%s then All time: %d hosts", tc.name, got)
		}
		if s := u.dateLabel.String(); s != "" {
			t.Errorf("%s then All time: the date %q stays up", tc.name, s)
		}
	}
}

// TestPlayWithoutDates: an IP list has no dates. Space, the arrows, Home
// and End leave every host shown and say why nothing plays; before, Play
// put the playhead at 1970 and hid them all ("0 of 3 hosts").
func TestPlayWithoutDates(t *testing.T) {
	u, w := newTestApp(t)
	u.open([]string{writeFile(t, "ips.txt", "8.8.8.8\n1.1.1.1\n81.2.69.10\n")})
	if u.ds.Hosts.Len() != 3 || u.tOK {
		t.Fatalf("want 3 hosts without dates, got %d (dated %v)", u.ds.Hosts.Len(), u.tOK)
	}
	for _, k := range []fyne.KeyName{fyne.KeySpace, fyne.KeyRight, fyne.KeyLeft, fyne.KeyHome, fyne.KeyEnd} {
		w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: k})
		if u.playing || u.tl.now != 0 {
			t.Errorf("%s: playing %v, playhead %d", k, u.playing, u.tl.now)
		}
		if !strings.HasPrefix(u.summary.Text, "3 of 3 hosts") {
			t.Errorf("%s: summary %q, want every host shown", k, u.summary.Text)
		}
		if !strings.Contains(u.status.Text, "nothing to play") {
			t.Errorf("%s: status %q does not say why nothing plays", k, u.status.Text)
		}
	}
}
