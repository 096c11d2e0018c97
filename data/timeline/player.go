package timeline

import (
	"time"

	"threatmap/data/filter"
)

// Mode is how playback turns the current instant into a time window.
type Mode uint8

const (
	// Cumulative shows every host first seen up to Now.
	Cumulative Mode = iota
	// Moving shows hosts first seen in the WindowDays days ending at Now.
	Moving
)

// Speeds is the ladder Faster and Slower move along, in days of data per
// second of playback.
var Speeds = []float64{1, 2, 7, 14, 30, 60, 120}

const (
	// DefaultSpeed is used when Speed <= 0: two years play in about 24 s.
	DefaultSpeed = 30
	// DefaultWindowDays is used when WindowDays < 1.
	DefaultWindowDays = 30
)

// Player animates the spread of infections: an instant Now moving from
// First to Last. Plain fields; the zero value plays an empty range at the
// epoch. Not safe for concurrent use (the UI goroutine owns it).
type Player struct {
	Mode       Mode
	WindowDays int     // length of the Moving window; < 1 means DefaultWindowDays
	Speed      float64 // days of data per second of Advance; <= 0 means DefaultSpeed
	Stride     int64   // seconds per Step; <= 0 means one Day

	First, Last int64 // playback range, e.g. from threat.Dataset.TimeRange
	Now         int64 // current instant, kept within [First, Last] by the methods
	Playing     bool

	frac float64 // seconds of Advance not yet applied to Now
}

// NewPlayer returns a paused player over [first, last] at Last, where
// everything is shown.
func NewPlayer(first, last int64) *Player {
	return &Player{First: first, Last: max(first, last), Now: max(first, last)}
}

// Toggle starts or pauses playback. Starting at the end rewinds to First.
func (p *Player) Toggle() {
	p.Playing = !p.Playing
	if p.Playing && p.Now >= p.Last {
		p.Now = p.First
	}
	p.frac = 0
}

// Advance moves Now by dt of playback at Speed when playing and reports
// whether Now changed. Playback pauses on reaching Last. Sub-second
// remainders carry over, so many small ticks add up exactly.
func (p *Player) Advance(dt time.Duration) bool {
	if !p.Playing || dt <= 0 {
		return false
	}
	p.frac += p.speed() * float64(Day) * dt.Seconds()
	whole := int64(p.frac)
	p.frac -= float64(whole)
	old := p.Now
	p.set(p.Now + whole)
	if p.Now >= p.Last {
		p.Playing = false
	}
	return p.Now != old
}

// Step moves Now by dir strides (negative: back), clamped to the range.
func (p *Player) Step(dir int) {
	s := p.Stride
	if s <= 0 {
		s = Day
	}
	p.set(p.Now + int64(dir)*s)
}

// Home moves Now to First.
func (p *Player) Home() { p.set(p.First) }

// End moves Now to Last.
func (p *Player) End() { p.set(p.Last) }

// Faster moves Speed to the next step of Speeds up (staying at the top).
func (p *Player) Faster() {
	s := p.speed()
	for _, v := range Speeds {
		if v > s {
			p.Speed = v
			return
		}
	}
	p.Speed = Speeds[len(Speeds)-1]
}

// Slower moves Speed to the next step of Speeds down (staying at the bottom).
func (p *Player) Slower() {
	s := p.speed()
	for i := len(Speeds) - 1; i >= 0; i-- {
		if Speeds[i] < s {
			p.Speed = Speeds[i]
			return
		}
	}
	p.Speed = Speeds[0]
}

// Window returns the time window the filter should use at Now, both ends
// inclusive, 0 standing for an unbounded start: Cumulative gives (0, Now);
// Moving gives (Now - WindowDays days + 1, Now).
func (p *Player) Window() (from, to int64) {
	if p.Mode == Moving {
		days := p.WindowDays
		if days < 1 {
			days = DefaultWindowDays
		}
		return p.Now - int64(days)*Day + 1, p.Now
	}
	return 0, p.Now
}

// Constrain sets q's time window to Window, matched on first_seen; a
// Cumulative window has no lower bound (hosts first seen before 1970
// included).
func (p *Player) Constrain(q *filter.Query) {
	from, to := p.Window()
	q.From, q.To, q.Mode = filter.At(from), filter.At(to), filter.FirstSeen
	if p.Mode != Moving {
		q.From = filter.Bound{}
	}
}

func (p *Player) speed() float64 {
	if p.Speed <= 0 {
		return DefaultSpeed
	}
	return p.Speed
}

func (p *Player) set(t int64) { p.Now = min(max(t, p.First), max(p.First, p.Last)) }
