package ui

import (
	"image/color"
	"sort"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"threatmap/ui/render"
)

// FacetItem is one value of a facet: a country, a target type, a server.
type FacetItem struct {
	Key   string      // the value the filter query uses
	Label string      // what the user reads
	Color color.Color // swatch colour, nil for none
	Code  int         // index into the counts passed to SetCounts
	Total int         // hosts with this value in the whole dataset (sort order)
	// Filled marks a value whose count was filled in rather than reported
	// (a country beyond those the source counted): label in italics,
	// count with "≈".
	Filled bool
}

// FacetList is a checklist of a facet's values with faceted counts and an
// optional search box. Every value starts checked (shown); unchecking hides
// hosts with that value. All and None set every value at once.
type FacetList struct {
	widget.BaseWidget

	Title     string
	OnChanged func() // called on the UI goroutine after a check changes
	// Lookup, when set, resolves a search to one key by other names (a
	// country's codes and common names: "usa", "britain"); that value is
	// listed first, and Enter picks it.
	Lookup func(query string) (key string, ok bool)

	items  []FacetItem
	shown  []int        // indices into items that match the search
	off    map[int]bool // unchecked item indices
	counts []int
	query  string
	exact  bool // shown[0] is Lookup's hit for the query

	list   *widget.List
	search *widget.Entry
	// autoSearch: the search box shows only past searchFrom values.
	autoSearch bool
	header     *widget.Label
	note       *widget.Label // what the counts mean; hidden when empty
	body       fyne.CanvasObject
}

var _ fyne.Widget = (*FacetList)(nil)

// NewFacetList returns a facet list; withSearch adds a search box that
// matches labels and keys case-insensitively.
func NewFacetList(title string, withSearch bool) *FacetList {
	f := &FacetList{Title: title, off: map[int]bool{}}
	f.ExtendBaseWidget(f)
	f.header = widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	f.list = widget.NewList(
		func() int { return len(f.shown) },
		func() fyne.CanvasObject { return newFacetRow() },
		func(id widget.ListItemID, o fyne.CanvasObject) { f.updateRow(id, o.(*facetRow)) },
	)
	f.list.OnSelected = func(id widget.ListItemID) {
		f.list.UnselectAll()
		if id < len(f.shown) {
			f.toggle(f.shown[id])
		}
	}
	all := widget.NewButton("All", func() { f.SetAll(true) })
	none := widget.NewButton("None", func() { f.SetAll(false) })
	all.Importance, none.Importance = widget.LowImportance, widget.LowImportance
	top := container.NewBorder(nil, nil, nil, container.NewHBox(all, none), f.header)
	// Without withSearch the box is there, hidden, until SetItems gives
	// more values than a panel shows (a feed with 70,000 target types).
	f.search = widget.NewEntry()
	f.search.SetPlaceHolder("Search " + strings.ToLower(title) + "…")
	f.search.OnChanged = func(s string) { f.query = strings.ToLower(strings.TrimSpace(s)); f.refilter() }
	f.search.OnSubmitted = func(string) { f.Pick() }
	f.autoSearch = !withSearch
	if f.autoSearch {
		f.search.Hide()
	}
	top = container.NewVBox(top, f.search)
	f.note = widget.NewLabel("")
	f.note.Wrapping = fyne.TextWrapWord
	f.note.TextStyle = fyne.TextStyle{Italic: true}
	f.note.Importance = widget.LowImportance
	f.note.Hide()
	f.body = container.NewBorder(top, f.note, nil, nil, f.list)
	return f
}

// SetNote sets the line under the list that says what its counts mean
// ("" hides it).
func (f *FacetList) SetNote(s string) {
	f.note.SetText(s)
	if s == "" {
		f.note.Hide()
	} else {
		f.note.Show()
	}
}

// Note returns the line under the list.
func (f *FacetList) Note() string { return f.note.Text }

// CreateRenderer implements fyne.Widget.
func (f *FacetList) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(f.body)
}

// SetItems replaces the values, all checked, sorted by Total (largest first)
// then label.
func (f *FacetList) SetItems(items []FacetItem) {
	sort.SliceStable(items, func(i, j int) bool {
		if items[i].Total != items[j].Total {
			return items[i].Total > items[j].Total
		}
		return items[i].Label < items[j].Label
	})
	f.items = items
	f.off = map[int]bool{}
	if f.autoSearch {
		if len(items) > searchFrom {
			f.search.Show()
		} else {
			f.search.SetText("")
			f.search.Hide()
		}
	}
	f.refilter()
}

// searchFrom is how many values a facet list shows without a search box
// before it gets one anyway: about two panels' worth.
const searchFrom = 40

// SetCounts sets the faceted counts, indexed by FacetItem.Code.
func (f *FacetList) SetCounts(counts []int) {
	f.counts = append(f.counts[:0], counts...)
	f.list.Refresh()
	f.updateHeader()
}

// SetAll checks (true) or unchecks (false) every value.
func (f *FacetList) SetAll(on bool) {
	f.off = map[int]bool{}
	if !on {
		for i := range f.items {
			f.off[i] = true
		}
	}
	f.changed()
}

// Set checks or unchecks the value with the given key; it reports whether
// the key exists.
func (f *FacetList) Set(key string, on bool) bool {
	for i, it := range f.items {
		if it.Key == key {
			if on {
				delete(f.off, i)
			} else {
				f.off[i] = true
			}
			f.changed()
			return true
		}
	}
	return false
}

// Selected returns the checked keys, and all=true when every value is
// checked (no constraint).
func (f *FacetList) Selected() (keys []string, all bool) {
	if len(f.off) == 0 {
		return nil, true
	}
	for i, it := range f.items {
		if !f.off[i] {
			keys = append(keys, it.Key)
		}
	}
	return keys, false
}

// Active reports whether the facet constrains anything.
func (f *FacetList) Active() bool { return len(f.off) > 0 }

// Len returns how many values the list has, and Shown how many match the
// search box.
func (f *FacetList) Len() int   { return len(f.items) }
func (f *FacetList) Shown() int { return len(f.shown) }

// SetSearch types s into the search box (when there is one).
func (f *FacetList) SetSearch(s string) {
	if f.search.Visible() {
		f.search.SetText(s)
	}
}

// Pick ticks the value the search found (Enter in the search box): the
// exact hit of Lookup, else the only value shown; with nothing else
// constrained yet (every value ticked) it ticks that value alone, so
// "usa" Enter shows the United States. It does nothing when the search is
// empty or ambiguous, and reports whether it picked.
func (f *FacetList) Pick() bool {
	if f.query == "" || len(f.shown) == 0 || len(f.shown) > 1 && !f.exact {
		return false
	}
	i := f.shown[0]
	if len(f.off) == 0 {
		for j := range f.items {
			f.off[j] = true
		}
	}
	delete(f.off, i)
	f.changed()
	return true
}

func (f *FacetList) toggle(i int) {
	if f.off[i] {
		delete(f.off, i)
	} else {
		f.off[i] = true
	}
	f.changed()
}

func (f *FacetList) changed() {
	if f.OnChanged != nil {
		f.OnChanged() // first: the engine starts while the list repaints
	}
	f.list.Refresh() // the check boxes; counts follow with SetCounts
	f.updateHeader()
}

func (f *FacetList) updateHeader() {
	t := f.Title
	if n := len(f.off); n > 0 {
		t += " (" + strconv.Itoa(len(f.items)-n) + " of " + strconv.Itoa(len(f.items)) + ")"
	}
	f.header.SetText(t)
}

func (f *FacetList) refilter() {
	f.shown, f.exact = f.shown[:0], false
	hit := ""
	if f.Lookup != nil && f.query != "" {
		hit, _ = f.Lookup(f.query)
	}
	for i, it := range f.items {
		if hit != "" && it.Key == hit {
			f.shown = append([]int{i}, f.shown...)
			f.exact = true
		} else if f.query == "" || strings.Contains(strings.ToLower(it.Label), f.query) || strings.EqualFold(it.Key, f.query) {
			f.shown = append(f.shown, i)
		}
	}
	f.list.Refresh()
	f.updateHeader()
}

func (f *FacetList) updateRow(id int, r *facetRow) {
	if id >= len(f.shown) {
		return
	}
	i := f.shown[id]
	it := f.items[i]
	r.check.OnChanged = nil // a recycled row must not fire its old binding
	if r.check.Checked != !f.off[i] {
		r.check.SetChecked(!f.off[i])
	}
	r.check.OnChanged = func(on bool) {
		if on == f.off[i] {
			f.toggle(i)
		}
	}
	if r.label.Text != it.Label || r.label.TextStyle.Italic != it.Filled { // SetText re-measures the text: skip when unchanged
		r.label.TextStyle.Italic = it.Filled
		r.label.SetText(it.Label)
	}
	if it.Color != nil {
		if r.swatch.FillColor != it.Color || !r.swatch.Visible() {
			r.swatch.FillColor = it.Color
			r.swatch.Show()
			r.swatch.Refresh()
		}
	} else if r.swatch.Visible() {
		r.swatch.Hide()
	}
	n := 0
	if it.Code >= 0 && it.Code < len(f.counts) {
		n = f.counts[it.Code]
	}
	c := render.Count(n)
	if it.Filled {
		c = "≈" + c
	}
	if r.count.Text != c {
		r.count.SetText(c)
	}
}

// facetRow is one line: check box, swatch, label, count.
type facetRow struct {
	widget.BaseWidget
	check  *widget.Check
	swatch *canvas.Circle
	label  *widget.Label
	count  *widget.Label
}

func newFacetRow() *facetRow {
	r := &facetRow{
		check:  widget.NewCheck("", nil),
		swatch: canvas.NewCircle(color.Transparent),
		label:  widget.NewLabel(""),
		count:  widget.NewLabel(""),
	}
	r.label.Truncation = fyne.TextTruncateEllipsis
	r.count.Alignment = fyne.TextAlignTrailing
	r.count.TextStyle = fyne.TextStyle{Monospace: true}
	r.ExtendBaseWidget(r)
	return r
}

func (r *facetRow) CreateRenderer() fyne.WidgetRenderer {
	sw := container.New(&swatchLayout{}, r.swatch)
	left := container.NewHBox(r.check, sw)
	return widget.NewSimpleRenderer(container.NewBorder(nil, nil, left, r.count, r.label))
}

// swatchLayout centres a small square swatch.
type swatchLayout struct{}

func (swatchLayout) MinSize([]fyne.CanvasObject) fyne.Size {
	s := theme.IconInlineSize() * 0.75
	return fyne.NewSize(s, s)
}

func (swatchLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	s := theme.IconInlineSize() * 0.75
	for _, o := range objs {
		o.Resize(fyne.NewSize(s, s))
		o.Move(fyne.NewPos((size.Width-s)/2, (size.Height-s)/2))
	}
}

var _ fyne.Layout = swatchLayout{}
