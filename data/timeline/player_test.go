package timeline

import (
	"testing"
	"time"

	"threatmap/data/filter"
)

func TestPlayer(t *testing.T) {
	first, last := unix("2009-01-01"), unix("2009-03-01")
	cases := []struct {
		name   string
		do     func(p *Player)
		now    int64
		play   bool
		from   int64
		to     int64
		speed  float64
		result bool // Advance's result, when the case calls it last
	}{
		{"new player shows everything", func(p *Player) {}, last, false, 0, last, 0, false},
		{"home", func(p *Player) { p.Home() }, first, false, 0, first, 0, false},
		{"end", func(p *Player) { p.Home(); p.End() }, last, false, 0, last, 0, false},
		{"toggle at end rewinds", func(p *Player) { p.Toggle() }, first, true, 0, first, 0, false},
		{"step right by a day", func(p *Player) { p.Home(); p.Step(1) }, first + Day, false, 0, first + Day, 0, false},
		{"step left clamps at first", func(p *Player) { p.Home(); p.Step(-3) }, first, false, 0, first, 0, false},
		{"step right clamps at last", func(p *Player) { p.Step(1) }, last, false, 0, last, 0, false},
		{"stride", func(p *Player) { p.Home(); p.Stride = Week; p.Step(2) }, first + 2*Week, false, 0, first + 2*Week, 0, false},
		{"advance while paused does nothing", func(p *Player) { p.Home(); p.Advance(time.Second) }, first, false, 0, first, 0, false},
		{"advance one second at 2 days/s", func(p *Player) {
			p.Toggle()
			p.Speed = 2
			p.Advance(time.Second)
		}, first + 2*Day, true, 0, first + 2*Day, 2, true},
		{"small ticks add up", func(p *Player) {
			p.Toggle()
			p.Speed = 1
			for range 1000 {
				p.Advance(time.Millisecond) // 86.4 s each
			}
		}, first + Day, true, 0, first + Day, 1, true},
		{"advance stops at last", func(p *Player) {
			p.Toggle()
			p.Speed = 120
			p.Advance(time.Hour)
		}, last, false, 0, last, 120, true},
		{"moving window", func(p *Player) {
			p.Mode = Moving
			p.WindowDays = 7
		}, last, false, last - 7*Day + 1, last, 0, false},
		{"moving window default length", func(p *Player) { p.Mode = Moving }, last, false, last - DefaultWindowDays*Day + 1, last, 0, false},
		{"faster from default", func(p *Player) { p.Faster() }, last, false, 0, last, 60, false},
		{"faster at top stays", func(p *Player) { p.Speed = 120; p.Faster() }, last, false, 0, last, 120, false},
		{"slower between rungs", func(p *Player) { p.Speed = 10; p.Slower() }, last, false, 0, last, 7, false},
		{"slower at bottom stays", func(p *Player) { p.Speed = 1; p.Slower() }, last, false, 0, last, 1, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := NewPlayer(first, last)
			c.do(p)
			from, to := p.Window()
			if p.Now != c.now || p.Playing != c.play || from != c.from || to != c.to || p.Speed != c.speed {
				t.Errorf("now %s playing %v window %d..%d speed %v; want now %s playing %v window %d..%d speed %v",
					time.Unix(p.Now, 0).UTC(), p.Playing, from, to, p.Speed,
					time.Unix(c.now, 0).UTC(), c.play, c.from, c.to, c.speed)
			}
		})
	}
}

func TestPlayerEmptyRange(t *testing.T) {
	var p Player // zero value: range [0, 0]
	p.Toggle()
	if p.Advance(time.Second) || p.Playing || p.Now != 0 {
		t.Errorf("zero player: %+v", p)
	}
	q := NewPlayer(100, 50) // last before first
	q.Step(1)
	if q.Now != 100 || q.Last != 100 {
		t.Errorf("inverted range: %+v", q)
	}
}

func TestConstrain(t *testing.T) {
	p := NewPlayer(unix("2009-01-01"), unix("2009-03-01"))
	q := filter.Query{Countries: []string{"TW"}}
	p.Constrain(&q)
	if q.From.Set || q.To != filter.At(p.Now) || q.Mode != filter.FirstSeen || len(q.Countries) != 1 {
		t.Errorf("cumulative: %+v", q)
	}
	p.Mode = Moving
	p.Constrain(&q)
	if q.From != filter.At(p.Now-DefaultWindowDays*Day+1) || q.To != filter.At(p.Now) {
		t.Errorf("moving: %+v", q)
	}
}
