package ui

import "sync"

// Trace events, in the order a launch passes them (Options.Trace).
const (
	TraceWindowPainted = "window painted"        // the window's first paint is on screen (no data yet)
	TraceLoadStarted   = "load started"          // the loader began reading
	TraceLoadFinished  = "load finished"         // the dataset is parsed
	TraceDatasetShown  = "dataset set"           // the UI goroutine swapped it in (facets, time range, fit)
	TraceFrameReady    = "first frame delivered" // the engine's first frame with data reached the UI goroutine
	TraceFrameOnScreen = "first frame on screen" // Fyne painted it and swapped buffers
	TraceFullOnScreen  = "full frame on screen"  // the first with the links too (a big dataset shows its hosts first)
	TraceCountsShown   = "counts shown"          // facet counts, summary and timeline followed
)

// tracer reports each trace event once (the first launch's; a later Open
// reports nothing). Safe from any goroutine.
type tracer struct {
	f    func(event string)
	mu   sync.Mutex
	seen map[string]bool
}

// once reports event unless it was reported before; a nil tracer or one
// without f does nothing.
func (t *tracer) once(event string) {
	if t == nil || t.f == nil {
		return
	}
	t.mu.Lock()
	first := !t.seen[event]
	if first {
		if t.seen == nil {
			t.seen = map[string]bool{}
		}
		t.seen[event] = true
	}
	t.mu.Unlock()
	if first {
		t.f(event)
	}
}

// tracePaints reports the window's first paint, the first paint of a
// frame with data and that of the first frame with everything. The
// raster's generator runs inside Fyne's paint; a function queued from
// there runs after the paint's buffer swap, when the frame is on screen.
func (u *App) tracePaints() {
	u.mapv.OnPaint = func(frame bool) {
		full := frame && u.links == linksShown
		doOnUI(func() {
			switch {
			case !frame:
				u.trace.once(TraceWindowPainted)
			case !full:
				u.trace.once(TraceFrameOnScreen)
			default:
				u.trace.once(TraceFrameOnScreen)
				u.trace.once(TraceFullOnScreen)
				u.mapv.OnPaint = nil
			}
		})
	}
}
