package ui

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"threatmap/data/geoip"
	"threatmap/data/ingest"
)

// prefGeoIP is the path of the user's MMDB file; "" (or unset) is the
// embedded country database.
const prefGeoIP = "geoip.file"

// geoipChoice is the IP geolocation database the loads use: the embedded
// one (path "") or the user's MMDB file, opened on first use by a load (so
// that start-up reads nothing) and then kept. Safe for concurrent use.
type geoipChoice struct {
	path string
	open func() (*geoip.DB, error)
}

func newGeoIPChoice(path string) *geoipChoice {
	c := &geoipChoice{path: path}
	c.open = sync.OnceValues(func() (*geoip.DB, error) {
		if path == "" {
			return geoip.Embedded(), nil
		}
		return geoip.Open(path)
	})
	return c
}

// geoipChoice returns the database of the preference, read on first use.
func (u *App) geoipChoice() *geoipChoice {
	if u.geo == nil {
		u.geo = newGeoIPChoice(u.app.Preferences().String(prefGeoIP))
	}
	return u.geo
}

type geoipKey struct{}

// withGeoIP hands a load the database to place IP-only feeds with.
func withGeoIP(ctx context.Context, c *geoipChoice) context.Context {
	return context.WithValue(ctx, geoipKey{}, c)
}

// geoipOf is the database loadFunc passes to ingest (nil: the embedded
// one) and, when the user's file can no longer be opened, a report saying
// so: the files still load, IP-only feeds placed with the embedded
// database, and the window shows the problem as a failed file.
func geoipOf(ctx context.Context) (*geoip.DB, *ingest.Report) {
	c, _ := ctx.Value(geoipKey{}).(*geoipChoice)
	if c == nil || c.path == "" {
		return nil, nil
	}
	db, err := c.open()
	if err != nil {
		return nil, &ingest.Report{File: c.path, Err: fmt.Errorf(
			"IP geolocation database not used, feeds without coordinates were placed with the embedded one: %w "+
				"(File › IP geolocation database… chooses another)", err)}
	}
	return db, nil
}

// geoipInUse describes the database of the preference for the dialog and
// the About box; it opens the user's file if no load has yet.
func (c *geoipChoice) inUse() string {
	if c.path == "" {
		return "The embedded country database: " + geoip.Embedded().Describe() + "."
	}
	db, err := c.open()
	if err != nil {
		return "Your file " + c.path + ", which cannot be used (the embedded database places IP feeds instead): " + err.Error()
	}
	return "Your file " + c.path + ": " + db.Describe() + "."
}

// ShowGeoIP is File › IP geolocation database…: which database places feeds
// without coordinates (IP lists, logs, ip columns), a button to choose an
// MMDB file and one to go back to the embedded database.
func (u *App) ShowGeoIP() {
	c := u.geoipChoice()
	inUse := widget.NewLabel("In use: …")
	inUse.Wrapping = fyne.TextWrapWord
	show := func() {
		s := c.inUse()
		doOnUI(func() { inUse.SetText("In use: " + s) })
	}
	if u.opt.Synchronous {
		show()
	} else {
		go show() // opening a big MMDB file takes a moment
	}
	help := widget.NewLabel("Feeds without coordinates are placed with this database. " +
		"An MMDB file of your own may be GeoIP2/GeoLite2 City or Country, or an ip-location-db file; " +
		"with coordinates in it, hosts are placed at city level. The choice applies to the next files opened.")
	help.Wrapping = fyne.TextWrapWord
	var d dialog.Dialog
	choose := widget.NewButton("Choose an MMDB file…", func() {
		d.Hide()
		u.chooseGeoIPFile()
	})
	embedded := widget.NewButton("Use the embedded database", func() {
		d.Hide()
		u.setGeoIP("", nil)
	})
	if c.path == "" {
		embedded.Disable()
	}
	d = dialog.NewCustom("IP geolocation database", "Close",
		container.NewVBox(inUse, help, container.NewHBox(choose, embedded)), u.win)
	d.Resize(fyne.NewSize(640, 300))
	u.showDialog(d)
}

// chooseGeoIPFile asks for an MMDB file and, once it opens, uses it.
func (u *App) chooseGeoIPFile() {
	u.askOpenFile([]string{".mmdb"}, func(path string) {
		u.status.SetText("Opening " + filepath.Base(path) + "…")
		open := func() {
			db, err := geoip.Open(path)
			doOnUI(func() { u.setGeoIP(path, db); u.geoipOpened(path, err) })
		}
		if u.opt.Synchronous {
			open()
		} else {
			go open()
		}
	})
}

// geoipOpened reports a file that could not be opened; the preference is
// then unchanged.
func (u *App) geoipOpened(path string, err error) {
	if err == nil {
		return
	}
	u.status.SetText("")
	u.showError(fmt.Errorf("cannot use %s as the IP geolocation database: %w", filepath.Base(path), err))
}

// setGeoIP makes the user's database db (opened from path) or, for path
// "", the embedded one the database of the next loads, remembers it, and
// offers to reload the open files with it. A nil db with a path is a file
// that failed to open: nothing changes.
func (u *App) setGeoIP(path string, db *geoip.DB) {
	if path != "" && db == nil {
		return
	}
	c := &geoipChoice{path: path, open: func() (*geoip.DB, error) { return db, nil }}
	if path == "" {
		c = newGeoIPChoice("")
	}
	u.geo = c
	u.app.Preferences().SetString(prefGeoIP, path)
	what := "the embedded database"
	if db != nil {
		what = db.Describe()
	}
	u.status.SetText("IP geolocation: " + what)
	if len(u.files) == 0 {
		return
	}
	files := append([]string(nil), u.files...)
	u.showDialog(dialog.NewConfirm("Reload with the new database?",
		"Feeds without coordinates are now placed with "+what+". Reload the open files with it?",
		func(ok bool) {
			if ok {
				u.open(files)
			}
		}, u.win))
}

// geoipAbout credits the embedded database and names the user's, for the
// About box (without opening the user's file).
func geoipAbout(c *geoipChoice) string {
	s := geoip.EmbeddedNote()
	if c.path != "" {
		s += "\n\nIn use instead: your file " + c.path + " (File › IP geolocation database…)."
	}
	return s
}
