package ui

import (
	"image"
	"math"
	"runtime"
	"strings"
	"testing"
	"time"
	"weak"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"threatmap/data/filter"
	"threatmap/data/ingest"
	"threatmap/data/threat"
	"threatmap/data/timeline"
	"threatmap/ui/render"
)

// newTestApp opens the app on the embedded GhostNet data in a headless
// window, with filtering and drawing on the test goroutine.
func newTestApp(t *testing.T) (*App, fyne.Window) {
	t.Helper()
	a := test.NewTempApp(t)
	w := test.NewTempWindow(t, nil)
	u := New(a, w, Options{Synchronous: true, Version: "test"})
	w.Resize(fyne.NewSize(1280, 800))
	// The map raster asks for its size when painted; paint once.
	w.Canvas().(test.WindowlessCanvas).Capture()
	if u.ds == nil || u.ds.Hosts.Len() != 1295 {
		t.Fatalf("GhostNet not loaded: %v", u.ds)
	}
	return u, w
}

func visibleOf(t *testing.T, u *App) int {
	t.Helper()
	s := u.summary.Text
	n := 0
	for _, c := range strings.SplitN(s, " of ", 2)[0] {
		if c >= '0' && c <= '9' {
			n = n*10 + int(c-'0')
		}
	}
	return n
}

func TestOpensOnGhostNet(t *testing.T) {
	u, w := newTestApp(t)
	if got := w.Title(); !strings.Contains(got, "GhostNet") {
		t.Errorf("title %q does not name the dataset", got)
	}
	if !strings.HasPrefix(u.summary.Text, "1,295 of 1,295 hosts · 103 countries · 4 of 10 C2 servers") {
		t.Errorf("summary = %q", u.summary.Text)
	}
	if !strings.Contains(u.summary.Text, "reconstructed") {
		t.Errorf("summary does not say the data is reconstructed: %q", u.summary.Text)
	}
	if u.last == nil || u.last.stats.Hosts != 1295 || u.last.stats.Servers != 10 {
		t.Fatalf("first frame: %+v", u.last)
	}
}

// TestFacetTapFiltersMap taps Taiwan off in the country list: the map draws
// 148 fewer hosts and the other facets' counts follow.
func TestFacetTapFiltersMap(t *testing.T) {
	u, _ := newTestApp(t)
	histSum := func() int {
		n := 0
		for _, v := range u.counted.hist.Totals {
			n += v
		}
		return n
	}
	before := histSum()
	u.countries.SetSearch("taiwan")
	if u.countries.Shown() != 1 {
		t.Fatalf("search 'taiwan' shows %d rows", u.countries.Shown())
	}
	u.countries.list.Select(0) // a tap on the row toggles it
	if got := visibleOf(t, u); got != 1295-148 {
		t.Fatalf("visible after unticking Taiwan = %d, want %d (summary %q)", got, 1295-148, u.summary.Text)
	}
	if u.last.stats.Hosts != 1295-148 {
		t.Errorf("frame drew %d hosts", u.last.stats.Hosts)
	}
	// The timeline follows the filter (its histogram is kept only while
	// nothing but the time window changes).
	if after := histSum(); after >= before || after == 0 {
		t.Errorf("timeline total %d after unticking Taiwan, %d before", after, before)
	}
	sum := 0
	for _, n := range u.types.counts {
		sum += n
	}
	if sum != 1295-148 {
		t.Errorf("type facet counts sum to %d after the country filter", sum)
	}
	// Faceted: the country list itself still counts Taiwan.
	tw := -1
	for code, cc := range u.ds.Countries {
		if cc == "TW" {
			tw = code
		}
	}
	if u.countries.counts[tw] != 148 {
		t.Errorf("Taiwan's own facet count = %d, want 148", u.countries.counts[tw])
	}
	if !strings.Contains(strings.Join(u.captionLines(u.query()), "\n"), "countries:") {
		t.Errorf("caption does not mention the country filter")
	}
	u.ClearFilters()
	if got := visibleOf(t, u); got != 1295 {
		t.Errorf("after Clear filters: %d", got)
	}
}

// TestTypesNoneShowsNothing: None on a facet hides every host.
func TestTypesNoneShowsNothing(t *testing.T) {
	u, _ := newTestApp(t)
	u.types.SetAll(false)
	if got := visibleOf(t, u); got != 0 {
		t.Errorf("None on target types leaves %d hosts", got)
	}
	u.types.SetAll(true)
	if got := visibleOf(t, u); got != 1295 {
		t.Errorf("All on target types shows %d hosts", got)
	}
}

// TestTimelineDragNarrows drags a window over the timeline.
func TestTimelineDragNarrows(t *testing.T) {
	u, w := newTestApp(t)
	pos := fyne.CurrentApp().Driver().AbsolutePositionForObject(u.tl)
	size := u.tl.Size()
	if size.Width < 100 {
		t.Fatalf("timeline is %v wide", size)
	}
	start := pos.Add(fyne.NewPos(size.Width*0.30, size.Height/2))
	test.Drag(w.Canvas(), start, size.Width*0.2, 0)
	u.tl.DragEnd()
	from, to := u.tl.Window()
	if from == 0 || to <= from {
		t.Fatalf("window after drag: %d..%d", from, to)
	}
	got := visibleOf(t, u)
	if got <= 0 || got >= 1295 {
		t.Fatalf("visible after brushing = %d", got)
	}
	// The count equals a direct filter of first_seen in the window.
	var s filter.Set
	want := filter.Query{From: filter.At(from), To: filter.At(to), Mode: filter.FirstSeen}.Apply(u.ds, &s)
	if got != want {
		t.Errorf("visible %d, want %d", got, want)
	}
	if !strings.Contains(u.summary.Text, "first seen") {
		t.Errorf("summary does not show the window: %q", u.summary.Text)
	}
	// A click on the timeline clears the window.
	test.TapCanvas(w.Canvas(), start)
	if got := visibleOf(t, u); got != 1295 {
		t.Errorf("after clearing the window: %d", got)
	}
}

// TestClickServerSelectsVictims clicks a C2 server on the map.
func TestClickServerSelectsVictims(t *testing.T) {
	u, w := newTestApp(t)
	si := 0
	srv := u.ds.Servers[si]
	x, y := u.mapv.View.ToScreen(srv.Lon, srv.Lat)
	sc := w.Canvas().Scale()
	test.TapAt(u.mapv, fyne.NewPos(float32(x)/sc, float32(y)/sc))
	if u.server < 0 {
		t.Fatalf("no server selected after clicking at %.0f,%.0f (selected %+v)", x, y, u.selected)
	}
	var vict filter.Set
	want := filter.Victims(u.ds, u.server, &vict)
	if len(u.details.Victims()) != want {
		t.Errorf("details list %d victims, want %d", len(u.details.Victims()), want)
	}
	if !u.details.Visible() || !strings.Contains(u.details.Title(), "server") {
		t.Errorf("details panel: visible=%v title=%q", u.details.Visible(), u.details.Title())
	}
	if !strings.Contains(u.summary.Text, "victims of ") {
		t.Errorf("summary does not name the selection: %q", u.summary.Text)
	}
	if got := visibleOf(t, u); got != want {
		t.Errorf("counts not narrowed to the server's victims: %d, want %d", got, want)
	}
	if u.last.stats.Hosts != 1295 {
		t.Errorf("the map should still draw every visible host (victims highlighted): %d", u.last.stats.Hosts)
	}
	// Selecting the same server again (its victims are kept, not
	// recounted) still lists them; so does coming back to it from a host.
	srvIdx := u.server
	for _, step := range []string{"again", "host", "back"} {
		switch step {
		case "host":
			u.selectItem(render.Item{Kind: render.KindHost, Index: 0}, false)
		default:
			u.selectItem(render.Item{Kind: render.KindServer, Index: srvIdx}, false)
			if len(u.details.Victims()) != want {
				t.Errorf("server selected %s: details list %d victims, want %d", step, len(u.details.Victims()), want)
			}
		}
	}
	// The engine merges inputs: after a quick host-and-back, the pass it
	// delivers may be the second in a row for this server. The panel,
	// showing "counting…" meanwhile, still gets the victims.
	u.details.ShowServer(u.ds, srvIdx, nil, -1)
	u.gen++ // counts again, for the server it counted last
	u.redraw()
	if len(u.details.Victims()) != want {
		t.Errorf("after merged passes: details list %d victims, want %d", len(u.details.Victims()), want)
	}
	// Escape clears it.
	w.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if u.server != -1 || u.details.Visible() {
		t.Errorf("Escape left server %d selected", u.server)
	}
	if got := visibleOf(t, u); got != 1295 {
		t.Errorf("counts after Escape: %d, want 1295", got)
	}
}

// TestHostDetailsShowEveryProperty selects a host: the panel lists its
// properties, unknown ones included, and what was reconstructed.
func TestHostDetailsShowEveryProperty(t *testing.T) {
	u, _ := newTestApp(t)
	host := -1
	for i := range u.ds.Hosts.Lon {
		if u.ds.Str(u.ds.Hosts.Name[i]) == "PetroVietnam" {
			host = i
			break
		}
	}
	if host < 0 {
		t.Fatal("PetroVietnam not in the dataset")
	}
	u.selectItem(render.Item{Kind: render.KindHost, Index: host}, true)
	rows := map[string]string{}
	for _, r := range u.details.Rows() {
		rows[r[0]] = r[1]
	}
	if rows["country"] != "Vietnam (VN)" || rows["confidence"] != "low" {
		t.Errorf("rows: %v", rows)
	}
	if _, ok := rows["location_as_printed"]; !ok {
		t.Errorf("unknown property location_as_printed not shown: %v", rows)
	}
	if !strings.Contains(u.details.note.Text, "reconstructed") {
		t.Errorf("note does not say what was reconstructed: %q", u.details.note.Text)
	}
	tip := strings.Join(u.tipLines(render.Item{Kind: render.KindHost, Index: host}), "\n")
	for _, want := range []string{"PetroVietnam", "Vietnam", "First seen", "C2:", "Confidence low"} {
		if !strings.Contains(tip, want) {
			t.Errorf("tooltip lacks %q:\n%s", want, tip)
		}
	}
}

// TestKeyboard checks the keys the issue names.
func TestKeyboard(t *testing.T) {
	u, w := newTestApp(t)
	c := w.Canvas()
	key := func(k fyne.KeyName) { c.OnTypedKey()(&fyne.KeyEvent{Name: k}) }
	rune_ := func(r rune) { c.OnTypedRune()(r) }

	key(fyne.KeyHome)
	first, _, _ := u.ds.TimeRange()
	if u.player.Now != first || u.tl.now != first {
		t.Errorf("Home: now=%d want %d", u.player.Now, first)
	}
	if got := visibleOf(t, u); got != 1 {
		t.Errorf("Home shows %d hosts first seen on the first day, want 1", got)
	}
	before := u.player.Now
	key(fyne.KeyRight)
	if u.player.Now <= before {
		t.Errorf("Right did not step forward")
	}
	key(fyne.KeyLeft)
	if u.player.Now != before {
		t.Errorf("Left did not step back")
	}
	key(fyne.KeyEnd)
	if got := visibleOf(t, u); got != 1295 {
		t.Errorf("End shows %d hosts, want all", got)
	}
	sp := u.player.Speed
	if sp <= 0 {
		sp = timeline.DefaultSpeed
	}
	rune_(']')
	if u.player.Speed <= sp {
		t.Errorf("] did not speed up: %v -> %v", sp, u.player.Speed)
	}
	rune_('[')
	rune_('[')
	if u.player.Speed >= sp {
		t.Errorf("[ did not slow down")
	}
	key(fyne.KeySpace)
	if !u.playing {
		t.Errorf("Space did not start playback")
	}
	key(fyne.KeySpace)
	if u.playing {
		t.Errorf("Space did not pause")
	}
	z := u.mapv.View.Zoom
	rune_('+')
	if u.mapv.View.Zoom <= z {
		t.Errorf("+ did not zoom in")
	}
	u.ResetView()
	dark := u.dark
	c.(fyne.Shortcutable).TypedShortcut(ctrl(fyne.KeyT))
	if u.dark == dark {
		t.Errorf("Ctrl+T did not switch theme")
	}
}

// TestPlaybackAdvances runs a few ticks of playback.
func TestPlaybackAdvances(t *testing.T) {
	u, _ := newTestApp(t)
	u.Home()
	u.TogglePlay()
	stop := u.stopTick
	n0 := visibleOf(t, u)
	for i := 0; i < 30; i++ {
		u.tick(frameInterval*3, stop)
	}
	if n := visibleOf(t, u); n <= n0 {
		t.Errorf("playback did not reveal hosts: %d -> %d", n0, n)
	}
	if !strings.Contains(u.dateLabel.String(), "20") {
		t.Errorf("no date shown while playing: %q", u.dateLabel.String())
	}
	u.stopPlaying()
}

var _ = threat.NoTime

// TestPanEndsOnExactFrame drags the map (frames shift the cached base map)
// and lets go: the frame left on screen is the one a fresh render, or an
// export, of the same view draws, to the byte.
func TestPanEndsOnExactFrame(t *testing.T) {
	u, _ := newTestApp(t)
	v0 := u.mapv.View
	for range 4 {
		u.mapv.Dragged(&fyne.DragEvent{Dragged: fyne.Delta{DX: 7, DY: -3}})
	}
	if !u.mapv.Panning || u.mapv.View == v0 {
		t.Fatalf("drag did not pan: panning %v, view %+v", u.mapv.Panning, u.mapv.View)
	}
	u.mapv.DragEnd()
	if u.mapv.Panning {
		t.Fatal("still panning after DragEnd")
	}
	assertExactFrame(t, u, "the drag")
}

// TestBurstEndsOnExactFrame zooms with a burst of wheel notches, and
// with zoom and pan keys pressed in a row (frames scale or shift the
// cached base map and links), and lets them rest: only the last one's
// timer ends the burst, and the frame left on screen is a fresh render's,
// to the byte.
func TestBurstEndsOnExactFrame(t *testing.T) {
	for _, c := range []struct {
		name  string
		moves func(u *App) []func()
	}{
		{"the wheel", func(u *App) []func() {
			notch := func(dy float32) func() {
				return func() {
					u.mapv.Scrolled(&fyne.ScrollEvent{PointEvent: fyne.PointEvent{Position: fyne.NewPos(300, 200)}, Scrolled: fyne.Delta{DY: dy}})
				}
			}
			return []func(){notch(1), notch(1), notch(1), notch(-1)}
		}},
		{"the keys", func(u *App) []func() {
			return []func(){func() { u.Zoom(1.5) }, func() { u.Pan(0.1, 0) }, func() { u.Zoom(1 / 1.5) }, func() { u.Pan(0, -0.1) }}
		}},
	} {
		u, _ := newTestApp(t)
		u.mapv.WheelRest = time.Hour // the test ends the burst itself
		for _, move := range c.moves(u) {
			move()
			if !u.mapv.Panning {
				t.Fatalf("%s: an exact frame in a burst", c.name)
			}
		}
		u.mapv.wheelRested(u.mapv.wheelSeq - 1) // an earlier move's timer
		if !u.mapv.Panning {
			t.Fatalf("%s: an earlier move's timer ended the burst", c.name)
		}
		u.mapv.wheelRested(u.mapv.wheelSeq)
		if u.mapv.Panning {
			t.Fatalf("%s: still moving once at rest", c.name)
		}
		assertExactFrame(t, u, c.name)
	}
}

// assertExactFrame checks that the frame on screen is what a fresh render
// of u's view and scene draws, after what.
func assertExactFrame(t *testing.T, u *App, what string) {
	t.Helper()
	v := u.mapv.View
	q := u.query()
	var vis filter.Set
	q.Apply(u.ds, &vis)
	want := image.NewRGBA(image.Rect(0, 0, v.Width, v.Height))
	var r render.Renderer
	r.Draw(want, v, &render.Scene{Data: u.ds, Visible: &vis, Layers: u.layers, Theme: u.mapTheme(),
		Title: u.ds.Meta.Title, Lines: u.captionLines(q)})
	got := u.mapv.front
	if got == nil || got.Rect != want.Rect {
		t.Fatalf("frame %v, want %v", got.Rect, want.Rect)
	}
	for i := range got.Pix {
		if got.Pix[i] != want.Pix[i] {
			t.Fatalf("the frame after %s differs from a fresh render at byte %d", what, i)
		}
	}
}

// TestDragPansWholePixels: drag events of a fraction of a pixel pan the
// map by whole pixels, carrying the remainder, so it keeps up with the
// pointer and frames can shift the base map.
func TestDragPansWholePixels(t *testing.T) {
	u, _ := newTestApp(t)
	x0, _ := u.mapv.View.ToScreen(10, 20)
	for range 10 {
		u.mapv.Dragged(&fyne.DragEvent{Dragged: fyne.Delta{DX: 0.35}})
	}
	x1, _ := u.mapv.View.ToScreen(10, 20)
	d := x1 - x0
	if math.Abs(d-math.Round(d)) > 1e-6 || math.Abs(d-3.5) > 0.5 {
		t.Errorf("10 drags of 0.35 px moved the map %.6f px, want a whole number within 0.5 of 3.5", d)
	}
	u.mapv.DragEnd()
}

// TestTooltipFitsItsLines: every line of a long tooltip lies inside its box.
func TestTooltipFitsItsLines(t *testing.T) {
	u, w := newTestApp(t)
	m := u.mapv
	m.ShowTip([]string{"Control server 2 (US web-hosting company)", "Hosted in California", "Network x", "179 hosts report to it", "Location shows hosting, not who operated it"})
	w.Canvas().(test.WindowlessCanvas).Capture()
	box := m.tip.box.Position().Y + m.tip.box.Size().Height
	for i, o := range m.tip.body.Objects {
		if bottom := m.tip.body.Position().Y + o.Position().Y + o.Size().Height; bottom > box {
			t.Errorf("line %d ends at %.1f, below the box's bottom %.1f", i, bottom, box)
		}
	}
}

// TestNewDatasetDropsOldVictims: once another dataset is shown, the engine
// keeps nothing of the old one's selected server.
func TestNewDatasetDropsOldVictims(t *testing.T) {
	u, _ := newTestApp(t)
	old := u.ds
	u.selectItem(render.Item{Kind: render.KindServer, Index: 0}, false)
	if u.eng.victDS != old {
		t.Fatal("no victims counted for the selected server")
	}
	ds, rep := ingest.Default()
	gone := weak.Make(old)
	old = nil
	u.setDataset(ds, []*ingest.Report{rep}, nil)
	u.redraw()
	if u.eng.victDS != nil || u.eng.victList != nil {
		t.Fatalf("engine still holds the old dataset's victims (%p)", u.eng.victDS)
	}
	// Nothing else keeps it either (the details panel did).
	runtime.GC()
	if gone.Value() != nil {
		t.Fatal("the old dataset is still alive after a new one came in")
	}
}

// TestSummaryTruncates: the summary line under the toolbar is cut with
// "…" at the window's width; however long it is, it asks for no width.
func TestSummaryTruncates(t *testing.T) {
	u, w := newTestApp(t)
	u.selectItem(render.Item{Kind: render.KindServer, Index: 1}, false)
	w.Resize(fyne.NewSize(900, 700))
	if !strings.Contains(u.summary.Text, "victims of") {
		t.Fatalf("summary %q does not name the selected server's victims", u.summary.Text)
	}
	if full := fyne.MeasureText(u.summary.Text, theme.TextSize(), fyne.TextStyle{}).Width; full < 900 {
		t.Fatalf("summary %.0f px wide: too short to test truncation at 900 px", full)
	}
	if got := u.summary.MinSize().Width; got > 100 {
		t.Errorf("summary asks for %.0f px of width, want it cut to the window", got)
	}
}

// onFrame calls f with each frame the engine delivers to u from now on.
func onFrame(u *App, f func(img *image.RGBA)) {
	deliver := u.eng.deliver
	u.eng.deliver = func(r *result) {
		if r.img != nil {
			f(r.img)
		}
		deliver(r)
	}
}
