package render

import (
	"errors"
	"fmt"
	"image"
	"math"
	"strconv"
	"strings"
	"time"

	"threatmap/data/filter"
	"threatmap/data/threat"
	"threatmap/data/timeline"
)

// Animation limits, for the command line and the window alike.
const (
	// MinFrames: a first and a last moment.
	MinFrames = 2
	// MaxFrames bounds an animation: ten minutes at 10 fps, or 100 s at
	// 50 fps; a GIF of that many 1080p frames is already hundreds of MB.
	MaxFrames = 6000
	// MaxFPS is the fastest frame rate accepted; a GIF plays at most
	// MaxGIFFPS (its delays are in hundredths of a second, and browsers
	// slow a delay under 2 to 10).
	MaxFPS    = 60
	MaxGIFFPS = 50
	// DefaultFPS and DefaultFrames are what an export uses unless told.
	DefaultFPS    = 10
	DefaultFrames = 60
	// HoldLast is how long a looping GIF rests on its last frame before it
	// starts again, so that the end state can be read.
	HoldLast = 2 * time.Second
)

// Playback is how an animation turns frame instants into time windows: the
// semantics of the window's timeline playback (timeline.Player), so that
// frame k is what the window shows at that playback moment.
type Playback struct {
	Mode timeline.Mode
	// Window is the length of a Moving window in seconds; < 1 means
	// timeline.DefaultWindowDays days.
	Window int64
	// First and Last are the playback range; Narrowed says it is a chosen
	// window rather than the dataset's whole range: Cumulative then counts
	// from First, as the window does after a brush.
	First, Last int64
	Narrowed    bool
}

// At returns the instant of frame k of n: n evenly spaced instants from
// First to Last, both included (n < 2 gives Last).
func (p Playback) At(k, n int) int64 {
	if n < 2 || p.Last <= p.First {
		return max(p.First, p.Last)
	}
	span := float64(p.Last - p.First)
	return p.First + int64(math.Round(span*float64(k)/float64(n-1)))
}

// Label is the date drawn on the frame at instant now of an animation of
// n frames: the day, with the time of day (UTC) when frames are less than
// a day apart, so that the frames of a day's log do not all read the same
// date.
func (p Playback) Label(now int64, n int) string {
	t := time.Unix(now, 0).UTC()
	if n > 1 && p.Last > p.First && (p.Last-p.First)/int64(n-1) < timeline.Day {
		return t.Format("2 Jan 2006 15:04 UTC")
	}
	return t.Format("2 Jan 2006")
}

// Constrain sets q's time window to the one playback shows at instant now,
// matched on first_seen: (-inf, now] cumulatively ([First, now] when
// Narrowed), [now-Window+1, now] for a Moving window (clamped to First
// when Narrowed). The other constraints of q are kept.
func (p Playback) Constrain(q *filter.Query, now int64) {
	days := timeline.DefaultWindowDays
	pl := timeline.Player{Mode: p.Mode, WindowDays: days, First: p.First, Last: p.Last, Now: now}
	pl.Constrain(q)
	if p.Mode == timeline.Moving && p.Window >= 1 {
		q.From = filter.At(now - p.Window + 1)
	}
	if p.Narrowed && (!q.From.Set || q.From.Unix < p.First) {
		q.From = filter.At(p.First)
	}
}

// FormatWindow writes a window of seconds as ParseWindow reads it back:
// in days when it is a whole number of them, else in hours (a window
// ParseWindow returned is a whole number of hours).
func FormatWindow(sec int64) string {
	if sec%timeline.Day == 0 {
		return strconv.FormatInt(sec/timeline.Day, 10) + "d"
	}
	return strconv.FormatInt(sec/3600, 10) + "h"
}

// maxWindow bounds ParseWindow: a century, far beyond any dataset and far
// from overflowing Unix seconds.
const maxWindow = 100 * 365 * timeline.Day

// ParseWindow reads a sliding-window length: a positive whole number and a
// unit, h (hours), d (days) or w (weeks), as in "30d", "12h", "2w". It
// returns seconds.
func ParseWindow(s string) (int64, error) {
	t := strings.TrimSpace(s)
	if len(t) < 2 {
		return 0, fmt.Errorf("window %q: want a number and a unit, like 30d, 12h or 2w", s)
	}
	unit := map[byte]int64{'h': 3600, 'd': timeline.Day, 'w': 7 * timeline.Day}[t[len(t)-1]|0x20]
	if unit == 0 {
		return 0, fmt.Errorf("window %q: the unit must be h, d or w (like 30d, 12h or 2w)", s)
	}
	digits := t[:len(t)-1]
	for i := 0; i < len(digits); i++ {
		if digits[i] < '0' || digits[i] > '9' {
			return 0, fmt.Errorf("window %q: want a whole number before the unit, like 30d", s)
		}
	}
	n, err := strconv.ParseInt(digits, 10, 64)
	switch {
	case errors.Is(err, strconv.ErrRange) || err == nil && n > maxWindow/unit:
		return 0, fmt.Errorf("window %q is longer than a century", s)
	case err != nil:
		return 0, fmt.Errorf("window %q: want a whole number before the unit, like 30d", s)
	case n < 1:
		return 0, fmt.Errorf("window %q must be at least 1%c", s, t[len(t)-1])
	}
	return n * unit, nil
}

// Animation is what an animated export draws: the scene of a still export
// replayed over time. Frame k shows the hosts Query keeps within the time
// window Play gives at instant Play.At(k, Frames), with Lines(q) as the
// caption lines and the date large in the top-left corner.
type Animation struct {
	Data   *threat.Dataset
	View   View
	Scene  Scene        // Data, Visible and Lines are set per frame
	Query  filter.Query // the constraints but time, which Play sets
	Play   Playback
	Frames int
	// Lines returns the caption lines for a frame's query; nil keeps
	// Scene.Lines.
	Lines func(q *filter.Query) []string
}

// Animator draws the frames of an Animation into one reused buffer. Not
// safe for concurrent use.
type Animator struct {
	a     *Animation
	r     Renderer
	plan  filter.Plan
	vis   filter.Set
	img   *image.RGBA
	faces faceCache
}

// NewAnimator returns an animator for a, which it reads and never changes.
func NewAnimator(a *Animation) *Animator {
	return &Animator{a: a, img: image.NewRGBA(image.Rect(0, 0, a.View.Width, a.View.Height))}
}

// Frame draws frame k and returns it with its instant. The image is the
// animator's and is overwritten by the next call.
func (an *Animator) Frame(k int) (*image.RGBA, int64) {
	a := an.a
	now := a.Play.At(k, a.Frames)
	q := a.Query
	a.Play.Constrain(&q, now)
	an.plan.Compile(a.Data, q)
	an.plan.Apply(&an.vis)
	sc := a.Scene
	sc.Data, sc.Visible = a.Data, &an.vis
	if a.Lines != nil {
		sc.Lines = a.Lines(&q)
	}
	an.r.Draw(an.img, a.View, &sc)
	th := &sc.Theme
	if th.Name == "" {
		th = &Dark
	}
	ks, _ := frameScale(an.img.Rect.Dx(), an.img.Rect.Dy(), sc.OutputSize)
	an.drawDate(an.img, a.Play.Label(now, a.Frames), th, ks)
	return an.img, now
}

// drawDate writes the frame's date large on a panel in the top-left
// corner, where the window shows its playback date.
func (an *Animator) drawDate(dst *image.RGBA, s string, th *Theme, k float64) {
	f := an.faces.face(true, 40*k)
	m := f.Metrics()
	asc, desc := float64(m.Ascent)/64, float64(m.Descent)/64
	pad, margin := 12*k, 16*k
	tw := textWidth(f, s)
	box := image.Rect(int(margin), int(margin), int(margin+tw+2*pad+0.5), int(margin+asc+desc+2*pad+0.5))
	// A frame too small for the date crops it rather than draw outside.
	if box = box.Intersect(dst.Rect); box.Empty() {
		return
	}
	roundRect(dst, box, 8*k, max(1, k), th.Panel, th.PanelEdge)
	drawText(dst, f, margin+pad, margin+pad+asc, s, th.Text)
}
