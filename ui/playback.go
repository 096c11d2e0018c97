package ui

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2/theme"

	"threatmap/data/filter"
	"threatmap/data/timeline"
)

// frameInterval is the playback tick: 30 frames a second is smooth and
// leaves the engine time to draw a million hosts between ticks.
const frameInterval = time.Second / 30

// canPlay reports whether the data has dates to play. When it has none
// (an IP list) it says so in the status line: Play, the arrows, Home and
// End then do nothing, where a playhead at 1970 hid every host.
func (u *App) canPlay() bool {
	if u.player == nil || u.ds == nil {
		return false
	}
	if !u.tOK {
		u.status.SetText("No dates in this data: nothing to play")
		return false
	}
	return true
}

// TogglePlay starts or pauses playback (Space).
func (u *App) TogglePlay() {
	if !u.canPlay() {
		return
	}
	if u.playing {
		u.stopPlaying()
		return
	}
	if u.takeBrush() {
		u.player.Now = u.player.First // play the window from its start
	}
	u.player.Toggle()
	if !u.player.Playing {
		return
	}
	u.playing = true
	u.playBtn.SetText("Pause")
	u.playBtn.SetIcon(theme.MediaPauseIcon())
	stop := make(chan struct{})
	u.stopTick = stop
	if !u.opt.Synchronous {
		go u.ticker(stop)
	}
	u.applyPlayer()
}

// ticker calls tick on the UI goroutine every frameInterval until stop is
// closed. A synchronous App (tests) starts none: the test calls tick
// itself, so playback moves only when the test says and no goroutine
// touches the App behind its back.
func (u *App) ticker(stop chan struct{}) {
	t := time.NewTicker(frameInterval)
	defer t.Stop()
	last := time.Now()
	for {
		select {
		case <-stop:
			return
		case now := <-t.C:
			dt := now.Sub(last)
			last = now
			doOnUI(func() { u.tick(dt, stop) })
		}
	}
}

// tick advances playback by dt; stop identifies the run it belongs to.
func (u *App) tick(dt time.Duration, stop chan struct{}) {
	if !u.playing || u.stopTick != stop {
		return
	}
	if u.player.Advance(dt) {
		u.applyPlayer()
	}
	if !u.player.Playing {
		u.stopPlaying()
	}
}

// stopPlaying pauses playback, keeping the current instant.
func (u *App) stopPlaying() {
	if u.stopTick != nil {
		close(u.stopTick)
		u.stopTick = nil
	}
	if u.player != nil {
		u.player.Playing = false
	}
	if u.playing {
		u.playing = false
		u.playBtn.SetText("Play")
		u.playBtn.SetIcon(theme.MediaPlayIcon())
	}
}

// takeBrush makes a brushed time window the player's range (Play, Home,
// End and the arrows then work within it, until "All time" or a new brush)
// and reports whether there was one.
func (u *App) takeBrush() bool {
	if u.player == nil || u.winFrom == 0 && u.winTo == 0 {
		return false
	}
	u.player.First, u.player.Last = u.winFrom, max(u.winFrom, u.winTo)
	u.player.Now = min(max(u.player.Now, u.player.First), u.player.Last)
	u.winFrom, u.winTo = 0, 0
	return true
}

// dropPlayhead hides the playback marker and date, and gives the player
// the dataset's whole range back, at its end (what "All time" shows):
// the brushed window, if any, is what the query uses again.
func (u *App) dropPlayhead() {
	u.stopPlaying()
	if u.player != nil {
		u.player.First, u.player.Last = u.tFirst, max(u.tFirst, u.tLast)
		if !u.tOK {
			u.player.First, u.player.Last = 0, 0
		}
		u.player.Now = u.player.Last
	}
	u.tl.SetNow(0)
	u.updatePlayerLabels()
}

// narrowed reports whether the player's range is a brushed window rather
// than the dataset's.
func (u *App) narrowed() bool {
	return u.tOK && (u.player.First != u.tFirst || u.player.Last != u.tLast)
}

// playerWindow is the time window at the player's instant, kept within a
// brushed range: Cumulative then counts from the range's start.
func (u *App) playerWindow() (from, to int64) {
	from, to = u.player.Window()
	if u.narrowed() {
		from = max(from, u.player.First)
	}
	return from, to
}

// constrainPlayer sets q's time window to the player's (playerWindow).
func (u *App) constrainPlayer(q *filter.Query) {
	u.player.Constrain(q)
	if u.narrowed() {
		from, _ := u.playerWindow()
		q.From = filter.At(from)
	}
}

// applyPlayer shows the player's instant: marker, date and filter window.
func (u *App) applyPlayer() {
	u.tl.SetNow(u.player.Now)
	from, to := u.playerWindow()
	u.tl.SetWindow(from, to)
	u.updatePlayerLabels()
	u.refilter(false) // the map holds still while playback runs
}

// Step moves playback one day back (-1) or forward (+1) (Left/Right).
func (u *App) Step(dir int) {
	if !u.canPlay() {
		return
	}
	if u.takeBrush() || u.tl.now == 0 {
		u.player.End()
		if dir < 0 {
			u.player.Step(dir)
		} else {
			u.player.Home()
		}
	} else {
		u.player.Step(dir)
	}
	u.applyPlayer()
}

// Home and End jump to the first and last day.
func (u *App) Home() {
	if u.canPlay() {
		u.takeBrush()
		u.player.Home()
		u.applyPlayer()
	}
}

// End jumps to the last day.
func (u *App) End() {
	if u.canPlay() {
		u.takeBrush()
		u.player.End()
		u.applyPlayer()
	}
}

// Slower and Faster change the playback speed ([ and ]).
func (u *App) Slower() {
	if u.player != nil {
		u.player.Slower()
		u.updatePlayerLabels()
	}
}

// Faster speeds playback up.
func (u *App) Faster() {
	if u.player != nil {
		u.player.Faster()
		u.updatePlayerLabels()
	}
}

func (u *App) updatePlayerLabels() {
	if u.player == nil {
		return
	}
	sp := u.player.Speed
	if sp <= 0 {
		sp = timeline.DefaultSpeed
	}
	u.speedLabel.SetText(fmt.Sprintf("%g days/s", sp))
	txt := ""
	if u.tl.now != 0 || u.playing {
		txt = "## " + time.Unix(u.player.Now, 0).UTC().Format("2 Jan 2006")
	}
	u.dateLabel.ParseMarkdown(txt)
}
