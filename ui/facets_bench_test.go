package ui

import (
	"fmt"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
)

// BenchmarkFacetList65k: the Types panel of a feed with 65,000 target
// types: untick one type, read the selection the query is built from, and
// repaint the list (as a click does). Each step must stay interactive.
func BenchmarkFacetList65k(b *testing.B) {
	test.NewTempApp(b)
	f := NewFacetList("Target types", false)
	w := test.NewTempWindow(b, f)
	w.Resize(fyne.NewSize(300, 600))
	items := make([]FacetItem, 65_000)
	counts := make([]int, len(items))
	for i := range items {
		items[i] = FacetItem{Key: fmt.Sprintf("type %05d", i), Label: fmt.Sprintf("type %05d", i), Code: i, Total: 1 + i%7}
		counts[i] = items[i].Total
	}
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
