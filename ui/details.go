package ui

import (
	"fmt"
	"sort"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/tidwall/gjson"

	"threatmap/data/filter"
	"threatmap/data/threat"
	"threatmap/ui/render"
)

// Details is the right-hand panel: every property of the selected host, or
// the selected server with the list of its victims.
type Details struct {
	widget.BaseWidget

	OnClose    func()
	OnPickHost func(host int)

	title   *widget.Label
	note    *widget.Label
	props   *widget.Table
	rows    [][2]string
	victims *widget.List
	vlabel  *widget.Label
	vhosts  []int32
	listSrv int // the server of ds whose victims are listed (-1: none)
	ds      *threat.Dataset
	split   *container.Split
	body    fyne.CanvasObject
	measure *widget.Label // a value cell off screen, to size rows
}

// The property table's column widths, and the most lines a value wraps to
// before its row is cut (a raw JSON property can be pages long).
const (
	propKeyWidth   = 150
	propValueWidth = 200
	propMaxLines   = 8
)

// newPropLabel is a cell of the property table: values wrap at word breaks
// rather than end in an ellipsis, so a long server name, source or
// placement ("from IP, country level (database, date)") reads whole.
func newPropLabel() *widget.Label {
	l := widget.NewLabel("")
	l.Wrapping = fyne.TextWrapWord
	return l
}

// fitRows gives each row of the property table the height its value
// wraps to in the value column, at most propMaxLines lines.
func (d *Details) fitRows() {
	one := d.rowHeight("x")
	for r, row := range d.rows {
		d.props.SetRowHeight(r, min(d.rowHeight(row[1]), one*propMaxLines))
	}
}

// rowHeight is the height of text wrapped in a value cell.
func (d *Details) rowHeight(text string) float32 {
	d.measure.Text = text
	d.measure.Refresh()
	d.measure.Resize(fyne.NewSize(propValueWidth, d.measure.MinSize().Height))
	return d.measure.MinSize().Height
}

var _ fyne.Widget = (*Details)(nil)

// NewDetails returns an empty details panel.
func NewDetails() *Details {
	d := &Details{listSrv: -1}
	d.ExtendBaseWidget(d)
	d.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	d.title.Wrapping = fyne.TextWrapWord
	d.note = widget.NewLabel("")
	d.note.Wrapping = fyne.TextWrapWord
	d.note.Importance = widget.MediumImportance
	d.props = widget.NewTable(
		func() (int, int) { return len(d.rows), 2 },
		func() fyne.CanvasObject { return newPropLabel() },
		func(id widget.TableCellID, o fyne.CanvasObject) {
			l := o.(*widget.Label)
			if id.Row < len(d.rows) {
				l.TextStyle = fyne.TextStyle{Bold: id.Col == 0}
				l.Text = d.rows[id.Row][id.Col]
				l.Refresh()
			}
		},
	)
	d.props.SetColumnWidth(0, propKeyWidth)
	d.props.SetColumnWidth(1, propValueWidth)
	d.measure = newPropLabel()
	d.vlabel = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	d.victims = widget.NewList(
		func() int { return len(d.vhosts) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			if id < len(d.vhosts) && d.ds != nil {
				o.(*widget.Label).SetText(victimLabel(d.ds, int(d.vhosts[id])))
			}
		},
	)
	d.victims.OnSelected = func(id widget.ListItemID) {
		d.victims.UnselectAll()
		if id < len(d.vhosts) && d.OnPickHost != nil {
			d.OnPickHost(int(d.vhosts[id]))
		}
	}
	closeBtn := widget.NewButtonWithIcon("", theme.CancelIcon(), func() {
		if d.OnClose != nil {
			d.OnClose()
		}
	})
	closeBtn.Importance = widget.LowImportance
	head := container.NewBorder(nil, nil, nil, closeBtn, d.title)
	d.split = container.NewVSplit(d.props, container.NewBorder(d.vlabel, nil, nil, nil, d.victims))
	d.split.Offset = 0.45
	d.body = container.NewBorder(container.NewVBox(head, d.note), nil, nil, nil, d.split)
	return d
}

// CreateRenderer implements fyne.Widget.
func (d *Details) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(d.body) }

// MinSize gives the panel a readable width.
func (d *Details) MinSize() fyne.Size { return fyne.NewSize(340, 200) }

// ShowHost fills the panel with every property of host i.
func (d *Details) ShowHost(ds *threat.Dataset, i int) {
	d.ds, d.listSrv = ds, -1
	name := hostName(ds, i)
	if ds.Str(ds.Hosts.Name[i]) == "" {
		name = "Host " + name
	}
	d.title.SetText(name)
	d.note.SetText(hostNoteText(ds, i))
	d.rows = d.rows[:0]
	add := func(k, v string) {
		if v != "" {
			d.rows = append(d.rows, [2]string{k, v})
		}
	}
	add("id", ds.Str(ds.Hosts.ID[i]))
	add("ip", ds.Str(ds.Hosts.IP[i]))
	add("country", countryLabel(ds.Country(i)))
	add("target type", render.TypeLabel(ds.Type(i)))
	add("first seen", day(ds.Hosts.First[i]))
	add("last seen", day(ds.Hosts.Last[i]))
	add("server", hostServersText(ds, i))
	add("note", hostNote(ds, i))
	add("confidence", ds.Hosts.Confidence[i].String())
	add("source", ds.Str(ds.Hosts.Source[i]))
	add("location", coordText(ds.Hosts.Lat[i], ds.Hosts.Lon[i], ds.Hosts.Recon[i]))
	d.addProps(ds.Str(ds.Hosts.Props[i]))
	d.vhosts = nil
	d.vlabel.SetText("")
	d.split.Leading.Show()
	d.split.Trailing.Hide()
	d.fitRows()
	d.props.Refresh()
	d.victims.Refresh()
	d.Show()
}

// addProps appends the file's properties that the fixed rows did not show
// (unknown ones included), in file order.
func (d *Details) addProps(js string) {
	if js == "" {
		return
	}
	shown := map[string]bool{"id": true, "ip": true, "country": true, "target_type": true, "first_seen": true,
		"last_seen": true, "server": true, "confidence": true, "source": true, "name": true, "role": true, "note": true}
	gjson.Parse(js).ForEach(func(k, v gjson.Result) bool {
		key := k.String()
		if shown[key] {
			return true
		}
		val := v.String()
		if v.IsArray() || v.IsObject() {
			val = v.Raw
		}
		d.rows = append(d.rows, [2]string{key, strings.TrimSpace(val)})
		return true
	})
}

// ShowServer fills the panel with server s and its victims (nvict < 0:
// not counted yet).
func (d *Details) ShowServer(ds *threat.Dataset, s int, victims []int32, nvict int) {
	d.ds = ds
	sv := &ds.Servers[s]
	d.title.SetText(serverLabel(sv))
	note := "The location shows where the server was hosted, not who operated it."
	if n := strings.TrimSpace(gjson.Get(sv.Props, "note").String()); n != "" {
		note = "Note: " + n + "\n" + note // a footnote of the source, e.g. where a region comes from
	}
	d.note.SetText(note)
	d.rows = d.rows[:0]
	add := func(k, v string) {
		if v != "" {
			d.rows = append(d.rows, [2]string{k, v})
		}
	}
	add("id", sv.ID)
	add("role", sv.Role.String())
	add("ip", sv.IP)
	add("network", sv.Network)
	add("region", sv.Region)
	add("hosted in", countryLabel(sv.Country))
	add("first seen", dayIfKnown(sv.First))
	add("last seen", dayIfKnown(sv.Last))
	add("source", sv.Source)
	if sv.Recon != 0 {
		add("reconstructed", strings.Join(sv.Recon.Names(), ", "))
	}
	d.addProps(sv.Props)
	d.vhosts = append(d.vhosts[:0], victims...)
	sort.SliceStable(d.vhosts, func(a, b int) bool {
		return ds.Hosts.First[d.vhosts[a]] < ds.Hosts.First[d.vhosts[b]]
	})
	d.listSrv = s
	switch {
	case nvict < 0:
		d.listSrv = -1
		d.vlabel.SetText("Victims: counting…")
	case nvict > len(victims):
		d.vlabel.SetText(fmt.Sprintf("Victims: %s (first %s listed)", render.Count(nvict), render.Count(len(victims))))
	default:
		d.vlabel.SetText("Victims: " + render.Count(nvict))
	}
	if nvict > 0 {
		d.vlabel.SetText(d.vlabel.Text + victimTies(ds, s))
	}
	d.split.Leading.Show()
	d.split.Trailing.Show()
	d.fitRows()
	d.props.Refresh()
	d.victims.Refresh()
	d.Show()
}

// Lists reports whether the panel lists the victims of server s of ds.
func (d *Details) Lists(ds *threat.Dataset, s int) bool {
	return d.listSrv >= 0 && d.listSrv == s && d.ds == ds
}

// Clear forgets what the panel showed, dataset included (a new one is
// loading: nothing may keep the old one alive).
func (d *Details) Clear() {
	d.ds, d.listSrv = nil, -1
	d.rows, d.vhosts = nil, nil
	d.props.Refresh()
	d.victims.Refresh()
}

// Rows returns the property rows shown, for tests.
func (d *Details) Rows() [][2]string { return d.rows }

// Title returns the panel's heading.
func (d *Details) Title() string { return d.title.Text }

// Victims returns the hosts listed.
func (d *Details) Victims() []int32 { return d.vhosts }

// hostNoteText is the wrapped note under a host's title: the source's note
// on it first (prominent: it may change how the record reads), then which
// values were reconstructed, then what its confidence means.
func hostNoteText(ds *threat.Dataset, i int) string {
	var parts []string
	if n := hostNote(ds, i); n != "" {
		parts = append(parts, "Note: "+n)
	}
	parts = append(parts, provenanceText(ds.Hosts.Recon[i]))
	if ds.Hosts.Confidence[i] != threat.ConfUnknown {
		parts = append(parts, confidenceText(&ds.Meta))
	}
	return strings.Join(parts, "\n")
}

// victimTies says how the listed victims are tied to server s, when not
// every tie was reported: " · assigned (reconstructed links)".
func victimTies(ds *threat.Dataset, s int) string {
	var vict filter.Set
	n := filter.Victims(ds, s, &vict)
	switch r := reconVictims(ds, s, &vict); {
	case r == 0:
		return ""
	case r >= n:
		return " · assigned to it (reconstructed links)"
	default:
		return " · " + render.Count(r) + " by reconstructed links"
	}
}

func dayIfKnown(t int64) string {
	if t == threat.NoTime {
		return ""
	}
	return day(t)
}

// victimLabel is host i's row in a list: first seen, country, name; the
// date is left out when unknown (an IP list: "unknown" on every row).
func victimLabel(ds *threat.Dataset, i int) string {
	s := ds.Country(i) + "  " + hostName(ds, i)
	if t := ds.Hosts.First[i]; t != threat.NoTime {
		s = day(t) + "  " + s
	}
	return s
}
