package ui

import "threatmap/ui/render"

// linksLater is the number of links from which a freshly loaded dataset
// shows its hosts first and its links in the next frame. The arcs of 1M
// links take 0.75 s of CPU to build (and more to draw), the hosts of
// that frame a fraction of it; at 100k links the arcs take about as long
// as the extra frame, so below this one frame with everything comes as
// soon. A variable for tests.
var linksLater = 250_000

// linksStage says where the first frames of a dataset are: its links
// held back from the frames drawn (linksHeld), the frame without them
// shown and the one with them asked for (linksComing), or everything
// drawn (linksShown, the zero value).
type linksStage uint8

const (
	linksShown linksStage = iota
	linksHeld
	linksComing
)

// holdLinksFor decides, as ds is swapped in, whether its first frame
// leaves the links out.
func (u *App) holdLinksFor(n int) {
	u.links = linksShown
	if n >= linksLater && u.layers&render.LayerLinks != 0 {
		u.links = linksHeld
	}
}

// holdLinks takes the links out of a frame's input while they are held,
// and says so in the frame's caption: a map without its links is
// labelled as such.
func (u *App) holdLinks(in *input) {
	if u.links != linksHeld {
		return
	}
	in.layers &^= render.LayerLinks | render.LayerSelectionLinks
	in.lines = append(in.lines[:len(in.lines):len(in.lines)], u.drawingLinks())
}

// drawingLinks is the label of a frame whose links are still coming.
func (u *App) drawingLinks() string {
	return "Drawing " + render.CountOf(u.ds.Links.Len(), "link") + "…"
}

// linksNote is what the status line says of the links once a load has
// succeeded: that they are coming while they are, else nothing.
func (u *App) linksNote() string {
	if u.links == linksShown {
		return ""
	}
	return u.drawingLinks()
}

// linksFrameShown moves the links on as a frame is shown: once the
// first (hosts only) is on screen, the next frame draws them; after
// that, it clears the status line if it still says they are coming.
// The window asks for the links after the hosts' frame is painted: the
// arcs of a million links take both cores, and the paint waited for
// them (100-600 ms, 2 shared cores).
func (u *App) linksFrameShown() {
	switch u.links {
	case linksHeld:
		u.links = linksComing
		if u.opt.Synchronous { // no paint comes by itself in tests
			u.redraw()
		} else {
			u.mapv.AfterPaint(u.redraw)
		}
	case linksComing:
		u.links = linksShown
		if u.status.Text == u.drawingLinks() {
			u.status.SetText("")
		}
	}
}
