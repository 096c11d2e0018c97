package render

import (
	"fmt"
	"image"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"threatmap/data/threat"
)

// manyTypes is n hosts of nt distinct target types (the first nt hosts one
// of each, the rest drawn at random) on 10 servers, with a link each:
// what a feed whose "target_type" is a free-text field gives.
func manyTypes(n, nt int) *threat.Dataset {
	r := rand.New(rand.NewPCG(7, 70))
	b := threat.NewBuilder(n)
	for s := range 10 {
		b.AddServer(threat.Server{ID: fmt.Sprintf("s%d", s), Role: threat.RoleControl, Lon: float64(-170 + 34*s), Lat: 10, First: threat.NoTime, Last: threat.NoTime})
	}
	for i := range n {
		t := i
		if i >= nt {
			t = r.IntN(nt)
		}
		lon, lat := r.Float64()*360-180, r.Float64()*135-60
		b.AddHost(threat.Host{Lon: lon, Lat: lat, First: 1199145600 + int64(r.IntN(365*86400)), Last: threat.NoTime,
			Type: fmt.Sprintf("type %05d", t), Server: int32(i % 10)})
		b.AddLink(threat.Link{Server: int32(i % 10), Host: int32(i), Lon0: float64(-170 + 34*(i%10)), Lat0: 10, Lon1: lon, Lat1: lat, First: threat.NoTime})
	}
	return b.Build()
}

// manyTypesBench holds the benchmark's datasets: 100k hosts of 12 and of
// 65,000 types (the most a Dataset holds is 65,535: ingest folds the rest
// into one "other types").
var manyTypesBench = sync.OnceValue(func() map[int]*threat.Dataset {
	return map[int]*threat.Dataset{12: manyTypes(100_000, 12), 65_000: manyTypes(100_000, 65_000)}
})

// BenchmarkExportManyTypes draws one 1920x1080 export frame (a fresh
// renderer, as 'threatmap export' does) of 100k hosts and links, of 12
// and of 65,000 target types: the second should cost about the first.
func BenchmarkExportManyTypes(b *testing.B) {
	for _, nt := range []int{12, 65_000} {
		b.Run(fmt.Sprint(nt), func(b *testing.B) {
			ds := manyTypesBench()[nt]
			v := World(EqualEarth, 1920, 1080)
			s := &Scene{Data: ds, Layers: DefaultLayers, Title: "bench", Lines: []string{"many types"}}
			b.ReportAllocs()
			for b.Loop() {
				img := image.NewRGBA(image.Rect(0, 0, 1920, 1080))
				r := Renderer{Once: true}
				r.Draw(img, v, s)
			}
		})
	}
}

// TestManyTypesLegend: with 65,000 target types the legend lists the five
// largest and "+64,995 more types", and fits its share of the frame.
func TestManyTypesLegend(t *testing.T) {
	ds := manyTypes(70_000, 65_000)
	img := image.NewRGBA(image.Rect(0, 0, 1920, 1080))
	r := Renderer{Once: true}
	s := &Scene{Data: ds, Layers: DefaultLayers, Title: "65,000 types"}
	r.Draw(img, World(EqualEarth, 1920, 1080), s)
	st := r.LastStats()
	rows := r.fitRows(r.legendRows(s, &Dark, st, -1), fitTopTypes, s, st, nil, r.f.w)
	var types []string
	more := ""
	for _, row := range rows {
		switch {
		case row.kind == rowType:
			types = append(types, row.label)
		case strings.HasSuffix(row.label, "more types"):
			more = row.label
		}
	}
	if len(types) != topTypes || more != "+64,995 more types" {
		t.Errorf("legend lists %d types %q and %q; want %d and +64,995 more types", len(types), types, more, topTypes)
	}
	legend, _ := r.Overlays()
	if a := legend.Dx() * legend.Dy(); legend.Empty() || a > 1920*1080/4 {
		t.Errorf("legend %v covers %d px²", legend, a)
	}
}
