package viewspec

import (
	"cmp"
	"errors"
	"fmt"
	"time"

	"threatmap/data/filter"
	"threatmap/data/threat"
	"threatmap/data/timeline"
	"threatmap/ui/render"
)

// Animate resolves v on ds as an animation: Frames frames (0:
// render.DefaultFrames) of the timeline playback over v's time window
// (from and to, else the data's whole range), each frame v with its time
// window set to what playback shows at that instant (Playback: cumulative
// when nil), drawn by the same renderer, framing, selection, layers, theme
// and caption (Caption of the frame's query) as a still of v. The frame
// rate is the caller's (v.AnimFPS). Data without times is an error.
func Animate(ds *threat.Dataset, v *View) (*render.Animation, *Frame, error) {
	fr, err := Resolve(ds, v)
	if err != nil {
		return nil, nil, err
	}
	if !fr.ok {
		return nil, nil, errors.New("the data has no first_seen or last_seen times: there is no spread to animate (export a .png instead)")
	}
	q, _ := v.Query() // checked by Resolve
	play := render.Playback{Mode: timeline.Cumulative, First: fr.first, Last: fr.last}
	if q.From.Set {
		play.First = q.From.Unix
	}
	if q.To.Set {
		play.Last = max(play.First, q.To.Unix)
	}
	play.Narrowed = play.First != fr.first || play.Last != fr.last
	if last := max(play.First, play.Last); play.First > fr.last || last < fr.first {
		day := func(u int64) string { return time.Unix(u, 0).UTC().Format("2006-01-02") }
		fr.Warnings = append(fr.Warnings, fmt.Sprintf("time: the animation plays %s to %s, outside the data's %s to %s: no frame shows a host",
			day(play.First), day(last), day(fr.first), day(fr.last)))
	}
	if p := v.Playback; p != nil && p.Mode == "window" {
		play.Mode = timeline.Moving
		play.Window, _ = render.ParseWindow(p.Window) // checked by Resolve
	}
	// Playback sets each frame's time window, matched on first_seen.
	q.From, q.To, q.Mode = filter.Bound{}, filter.Bound{}, filter.Active
	if n := untimed(ds, &q); n > 0 {
		verb := map[bool]string{true: "has", false: "have"}[n == 1]
		fr.Warnings = append(fr.Warnings, fmt.Sprintf("%s %s no first_seen time: no frame shows %s (playback follows first sightings)",
			render.CountOf(n, "host"), verb, map[bool]string{true: "it", false: "them"}[n == 1]))
	}
	a := &render.Animation{Data: ds, View: fr.View, Scene: fr.Scene, Query: q, Play: play,
		Frames: cmp.Or(v.Frames, render.DefaultFrames)}
	a.Scene.Visible, a.Scene.Lines = nil, nil
	server, first, last, ok := fr.server, fr.first, fr.last, fr.ok
	a.Lines = func(q *filter.Query) []string { return Caption(ds, q, server, first, last, ok) }
	return a, fr, nil
}

// untimed counts the hosts q keeps that have no first_seen time, which
// no frame of a playback shows.
func untimed(ds *threat.Dataset, q *filter.Query) int {
	vis := new(filter.Set)
	q.Apply(ds, vis)
	n := 0
	for i, t := range ds.Hosts.First {
		if t == threat.NoTime && vis.Has(i) {
			n++
		}
	}
	return n
}

// AnimFPS is the animation's frame rate: FPS, else render.DefaultFPS.
func (v *View) AnimFPS() int { return cmp.Or(v.FPS, render.DefaultFPS) }
