package ui

import (
	"context"
	"errors"
	"fmt"
	"time"

	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"threatmap/data/geojson"
	"threatmap/ui/render"
)

// ShowExportData asks where to save the data the map shows (the hosts the
// filters keep, every server, their links) and saves it as GeoJSON.
func (u *App) ShowExportData() {
	if u.ds == nil {
		u.showError(errors.New("nothing is loaded"))
		return
	}
	u.askSaveFile("threatmap.geojson", []string{".geojson"}, u.exportDataTo)
}

// exportDataTo writes the visible data to path (the caller has confirmed
// any overwrite) off the UI goroutine unless the app is synchronous; a big
// set shows a progress dialog with Cancel. The status line says what was
// saved.
func (u *App) exportDataTo(path string) {
	in := u.input()
	if in.ds == nil {
		u.showError(errors.New("nothing is loaded"))
		return
	}
	inputs := u.inputs()
	ctx, cancel := context.WithCancel(context.Background())
	u.status.SetText("Saving data to " + path + "…")
	finish := func(n geojson.Counts, err error) {
		cancel()
		switch {
		case errors.Is(err, context.Canceled):
			u.status.SetText("Data export cancelled; nothing was written.")
		case err != nil:
			u.status.SetText("Data export failed")
			u.lastError = err.Error()
			u.showError(fmt.Errorf("export to %s failed: %w", path, err))
		default:
			u.status.SetText(fmt.Sprintf("Saved %s, %s, %s to %s", render.CountOf(n.Hosts, "host"),
				render.CountOf(n.Servers, "server"), render.CountOf(n.Links, "link"), path))
		}
	}
	write := func(progress func(done, total int)) (geojson.Counts, error) {
		return writeData(ctx, path, inputs, in, progress)
	}
	if u.opt.Synchronous {
		finish(write(nil))
		return
	}
	bar := widget.NewProgressBar()
	var dlg dialog.Dialog
	done := false
	// Only big sets get a dialog; small ones are written before it would show.
	timer := time.AfterFunc(300*time.Millisecond, func() {
		doOnUI(func() {
			if done {
				return
			}
			dlg = dialog.NewCustom("Exporting data", "Cancel", container.NewVBox(widget.NewLabel("Saving "+path), bar), u.win)
			dlg.SetOnClosed(func() {
				if !done {
					cancel()
				}
			})
			u.showDialog(dlg)
		})
	})
	go func() {
		var last time.Time
		n, err := write(func(k, total int) {
			if total <= 0 || time.Since(last) < 50*time.Millisecond {
				return
			}
			last = time.Now()
			v := float64(k) / float64(total)
			doOnUI(func() { bar.SetValue(v) })
		})
		timer.Stop()
		doOnUI(func() {
			done = true
			if dlg != nil {
				dlg.Hide()
			}
			finish(n, err)
		})
	}()
}

// writeData writes the data of in (its dataset and query) to path as
// GeoJSON through render.Output: whole or not at all, never over an input.
func writeData(ctx context.Context, path string, inputs []string, in input, progress func(done, total int)) (geojson.Counts, error) {
	out, err := render.CreateOutput(path, inputs, true)
	if err != nil {
		return geojson.Counts{}, err
	}
	defer out.Abort()
	n, err := geojson.Write(ctx, out, in.ds, geojson.Options{Visible: geojson.Keep(in.ds, &in.q), Progress: progress})
	if err != nil {
		return n, err
	}
	return n, out.Commit()
}
