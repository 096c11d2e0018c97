package viewspec_test

import (
	"fmt"

	"threatmap/ui/viewspec"
)

// A view as the command line that draws it.
func ExampleView_Command() {
	v := &viewspec.View{
		Version:   viewspec.Version,
		Files:     []string{"feeds/march.geojson"},
		Filters:   viewspec.Filters{Countries: []string{"TW", "IN"}, Confidence: []string{"high"}},
		Time:      viewspec.Time{From: "2008-06", To: "2009-03", Match: "first_seen"},
		Selection: viewspec.Selection{Server: "ctl1"},
		Extent:    viewspec.Extent{BBox: []float64{60, 0, 140, 45}},
		Theme:     "light",
		Title:     "March briefing",
	}
	cmd, _ := v.Command("march.png")
	fmt.Println(cmd)
	// Output:
	// threatmap export --width 1920 --height 1080 --bbox 60,0,140,45 --country TW,IN --confidence high --from 2008-06 --to 2009-03 --first-seen --select-server ctl1 --theme light --title 'March briefing' -o march.png feeds/march.geojson
}

// Parse reads a view file and warns of the keys it does not know.
func ExampleParse() {
	_, warns, err := viewspec.Parse([]byte(`{"threatmap_view": 1, "projection": "mercator", "colour": "red"}`))
	fmt.Println(warns, err)
	_, _, err = viewspec.Parse([]byte("{\"threatmap_view\": 1,\n  \"width\": 12,,\n}"))
	fmt.Println(err)
	// Output:
	// [unknown key "colour" ignored] <nil>
	// line 2, column 15: invalid character ',' looking for beginning of object key string
}
