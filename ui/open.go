package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/widget"

	"threatmap/data/ingest"
	"threatmap/data/threat"
	"threatmap/ui/render"
)

// loadFunc loads files (nil: the embedded default), reporting progress,
// placing IP-only feeds with the database withGeoIP put in ctx. Tests may
// replace it.
var loadFunc = func(ctx context.Context, files []string, progress func(read, total int64)) (*threat.Dataset, []*ingest.Report) {
	if len(files) == 0 {
		ds, rep := ingest.Default()
		return ds, []*ingest.Report{rep}
	}
	var total int64
	for _, f := range files {
		if st, err := os.Stat(f); err == nil {
			total += st.Size()
		}
	}
	var done, cur int64
	var mu sync.Mutex
	gdb, gerr := geoipOf(ctx)
	ds, reps := ingest.LoadFiles(ctx, files, ingest.Options{GeoIP: gdb, Progress: func(read, size int64) {
		mu.Lock()
		defer mu.Unlock()
		if read < cur { // a new file started
			done += cur
		}
		cur = read
		progress(done+read, total)
	}})
	if gerr != nil {
		reps = append(reps, gerr)
	}
	return ds, reps
}

// doOnUI runs f on the UI goroutine.
var doOnUI = fyne.Do

// loading is a load in progress.
type loading struct {
	cancel   context.CancelFunc
	dlg      dialog.Dialog
	finished bool // the load is over; closing the dialog is not a Cancel
	bar      *widget.ProgressBar
}

// open loads files in the background (nil: the embedded default). What is
// shown stays until the new data has loaded; a file that cannot be read
// leaves it in place and says why.
func (u *App) open(files []string) {
	if u.load != nil {
		u.load.cancel()
	}
	ctx, cancel := context.WithCancel(withGeoIP(context.Background(), u.geoipChoice()))
	ld := &loading{cancel: cancel, bar: widget.NewProgressBar()}
	u.load = ld
	what := "GhostNet (embedded)"
	if len(files) > 0 {
		what = strings.Join(baseNames(files), ", ")
	}
	u.status.SetText("Loading " + what + "…")
	if u.opt.Synchronous {
		ds, reps := loadFunc(ctx, files, func(int64, int64) {})
		u.loaded(ld, ctx, files, ds, reps)
		return
	}
	// Only big loads get a dialog; small ones finish before it would show.
	timer := time.AfterFunc(300*time.Millisecond, func() {
		doOnUI(func() {
			if u.load != ld {
				return
			}
			content := container.NewVBox(widget.NewLabel("Loading "+what), ld.bar)
			ld.dlg = dialog.NewCustom("Loading", "Cancel", content, u.win)
			ld.dlg.SetOnClosed(func() {
				if !ld.finished { // closed by the Cancel button, not by loaded
					cancel()
				}
			})
			ld.dlg.Show()
		})
	})
	go func() {
		u.trace.once(TraceLoadStarted)
		var last time.Time
		ds, reps := loadFunc(ctx, files, func(read, total int64) {
			if total <= 0 || time.Since(last) < 50*time.Millisecond {
				return
			}
			last = time.Now()
			v := float64(read) / float64(total)
			doOnUI(func() { ld.bar.SetValue(v) })
		})
		timer.Stop()
		u.trace.once(TraceLoadFinished)
		doOnUI(func() { u.loaded(ld, ctx, files, ds, reps) })
	}()
}

// loaded receives a finished load on the UI goroutine.
func (u *App) loaded(ld *loading, ctx context.Context, files []string, ds *threat.Dataset, reps []*ingest.Report) {
	ld.finished = true
	if ld.dlg != nil {
		ld.dlg.Hide()
	}
	if u.load == ld {
		u.load = nil
	}
	if ctx.Err() != nil {
		if u.load != nil { // a newer load replaced this one
			return
		}
		u.pendingView = nil // its files did not load: it is not shown
		u.status.SetText("Loading cancelled; still showing what was open.")
		if u.ds == nil { // nothing was open yet: show the default rather than nothing
			u.open(nil)
		}
		return
	}
	var loaded bool
	var errs []string
	skipped := 0
	for _, r := range reps {
		if r.Err != nil {
			errs = append(errs, r.Err.Error())
			if u.opt.Log != nil {
				fmt.Fprintf(u.opt.Log, "threatmap: %v\n", r.Err)
			}
		} else if r.Loaded() > 0 {
			loaded = true
		}
		skipped += r.SkippedCount
	}
	if !loaded || ds == nil || ds.Hosts.Len()+len(ds.Servers) == 0 {
		u.pendingView = nil
		msg := "Nothing could be loaded."
		if len(errs) > 0 {
			msg = strings.Join(errs, "\n")
		}
		u.status.SetText("Could not open " + strings.Join(baseNames(files), ", "))
		u.lastError = msg
		u.showError(errors.New(msg))
		if u.ds == nil && len(files) > 0 { // nothing on screen yet: fall back to the default
			u.open(nil)
		}
		return
	}
	u.setDataset(ds, reps, files)
	u.applyPendingView()
	u.trace.once(TraceDatasetShown)
	for _, f := range files {
		u.addRecent(f)
	}
	switch {
	case len(errs) > 0:
		u.status.SetText("Opened with problems: " + render.CountOf(len(errs), "file") + " failed, " + render.CountOf(skipped, "feature") + " skipped")
		u.lastError = strings.Join(errs, "\n")
		u.showError(errors.New(u.lastError))
	case skipped > 0:
		u.status.SetText(render.CountOf(skipped, "feature") + " skipped: File › Load report")
	default:
		u.status.SetText(u.linksNote())
	}
}

// ShowOpen shows the file dialog (Ctrl+O).
func (u *App) ShowOpen() {
	// No filter: formats are told by content, and IP lists and logs come
	// as .txt, .log, .netset, .gz or with no extension at all.
	u.askOpenFile(nil, func(path string) { u.open([]string{path}) })
}

// askOpenFile shows an open dialog in the last folder, listing only files
// ending in one of exts (nil: every file), and calls done with the path
// chosen.
func (u *App) askOpenFile(exts []string, done func(path string)) {
	d := dialog.NewFileOpen(func(rc fyne.URIReadCloser, err error) {
		if err != nil {
			u.showError(err)
			return
		}
		if rc == nil {
			return
		}
		path := rc.URI().Path()
		rc.Close()
		u.app.Preferences().SetString(prefLastDir, filepath.Dir(path))
		done(path)
	}, u.win)
	if exts != nil {
		d.SetFilter(storage.NewExtensionFileFilter(exts))
	}
	if dir := u.app.Preferences().String(prefLastDir); dir != "" {
		if l, err := storage.ListerForURI(storage.NewFileURI(dir)); err == nil {
			d.SetLocation(l)
		}
	}
	d.Resize(fyne.NewSize(900, 600))
	u.showDialog(d)
}

// dropped opens the files dropped on the window.
func (u *App) dropped(_ fyne.Position, uris []fyne.URI) {
	var files []string
	for _, x := range uris {
		if x.Scheme() == "file" {
			files = append(files, x.Path())
		}
	}
	if len(files) > 0 {
		u.open(files)
	}
}

// CloseData returns to the embedded default dataset.
func (u *App) CloseData() { u.open(nil) }

// updateTitle names what is open in the window title.
func (u *App) updateTitle() {
	t := "threatmap"
	switch {
	case len(u.files) > 0:
		t = strings.Join(baseNames(u.files), ", ") + " — threatmap"
	case u.ds != nil && u.ds.Meta.Title != "":
		t = u.ds.Meta.Title + " — threatmap"
	}
	u.win.SetTitle(t)
}

func baseNames(files []string) []string {
	out := make([]string, len(files))
	for i, f := range files {
		out[i] = filepath.Base(f)
	}
	return out
}

// ShowLoadReport shows the load report of what is open (as 'threatmap
// validate' prints it).
func (u *App) ShowLoadReport() {
	var b strings.Builder
	for _, r := range u.reports {
		WriteReport(&b, r)
		b.WriteString("\n")
	}
	if b.Len() == 0 {
		b.WriteString("Nothing loaded yet.")
	}
	e := widget.NewMultiLineEntry()
	e.SetText(b.String())
	e.Wrapping = fyne.TextWrapOff
	e.TextStyle = fyne.TextStyle{Monospace: true}
	d := dialog.NewCustom("Load report", "Close", container.NewStack(e), u.win)
	d.Resize(fyne.NewSize(900, 560))
	u.showDialog(d, e)
}
