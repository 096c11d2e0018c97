package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"threatmap/data/ingest"
)

// TestDetailsLongValuesWrap: a host placed from its IP address shows the
// placement whole ("from IP, country level (database, date)"): the value
// wraps onto a taller row instead of ending in an ellipsis halfway through
// the words that say the position is a country-level guess.
func TestDetailsLongValuesWrap(t *testing.T) {
	test.NewTempApp(t)
	const list = "8.8.8.8\n"
	ds, rep := ingest.Read(context.Background(), strings.NewReader(list), int64(len(list)), ingest.Options{Name: "ips.txt"})
	if rep.Err != nil || ds.Hosts.Len() != 1 {
		t.Fatalf("load: %v, %d hosts", rep.Err, ds.Hosts.Len())
	}
	d := NewDetails()
	w := test.NewTempWindow(t, d)
	w.Resize(fyne.NewSize(400, 1200))
	d.ShowHost(ds, 0)
	one := widget.NewLabel("x").MinSize().Height
	var placement string
	for _, row := range d.Rows() {
		if row[0] == "placement" {
			placement = row[1]
		}
	}
	if !strings.Contains(placement, "country level") {
		t.Fatalf("placement %q does not say country level (rows %q)", placement, d.Rows())
	}
	var cell *widget.Label
	for _, l := range findAll[*widget.Label](t, d.props) {
		if l.Text == placement {
			cell = l
		}
	}
	if cell == nil {
		t.Fatal("placement value not drawn")
	}
	if w := fyne.MeasureText(placement, theme.TextSize(), fyne.TextStyle{}).Width; w <= cell.Size().Width {
		t.Fatalf("placement %q fits one line: the test proves nothing", placement)
	}
	if h := cell.Size().Height; h <= one {
		t.Errorf("placement cell %v high, one line is %v: %q is cut", h, one, placement)
	}
}
