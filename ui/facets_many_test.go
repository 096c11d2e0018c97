package ui

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// manyItems is n facet values "type 00000"..., with their counts.
func manyItems(n int) ([]FacetItem, []int) {
	items := make([]FacetItem, n)
	counts := make([]int, n)
	for i := range items {
		items[i] = FacetItem{Key: fmt.Sprintf("type %05d", i), Label: fmt.Sprintf("type %05d", i), Code: i, Total: 1 + i%7}
		counts[i] = items[i].Total
	}
	return items, counts
}

// TestFacetListSearchWhenMany: a list without a search box gets one when
// it holds more values than a panel shows, and loses it again with few.
func TestFacetListSearchWhenMany(t *testing.T) {
	test.NewTempApp(t)
	f := NewFacetList("Target types", false)
	w := test.NewTempWindow(t, f)
	w.Resize(fyne.NewSize(300, 600))
	items, counts := manyItems(65_000)
	f.SetItems(items)
	f.SetCounts(counts)
	if !f.search.Visible() {
		t.Fatal("no search box for 65,000 types")
	}
	test.Type(f.search, "type 04242")
	if f.Shown() != 1 || f.items[f.shown[0]].Key != "type 04242" {
		t.Fatalf("search shows %d values", f.Shown())
	}
	f.search.OnSubmitted(f.search.Text) // Enter: that type alone
	if keys, all := f.Selected(); all || len(keys) != 1 || keys[0] != "type 04242" {
		t.Errorf("Enter ticks %d keys (all=%v)", len(keys), all)
	}
	few, _ := manyItems(12)
	f.SetItems(few)
	if f.search.Visible() || f.Shown() != 12 {
		t.Errorf("12 values: search visible %v, %d shown", f.search.Visible(), f.Shown())
	}
}

// BenchmarkFacetList65k: the Types panel of a feed with 65,000 target
// types: untick one type, read the selection the query is built from, and
// repaint the list (as a click does). Each step must stay interactive.
func BenchmarkFacetList65k(b *testing.B) {
	test.NewTempApp(b)
	f := NewFacetList("Target types", false)
	w := test.NewTempWindow(b, f)
	w.Resize(fyne.NewSize(300, 600))
	items, counts := manyItems(65_000)
	f.SetItems(items)
	f.SetCounts(counts)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		f.toggle(i % len(items))
		keys, all := f.Selected()
		if all || len(keys) < len(items)-1-i%2 {
			b.Fatalf("%d keys selected (all=%v)", len(keys), all)
		}
		f.toggle(i % len(items))
		w.Canvas().(test.WindowlessCanvas).Capture()
	}
}
