package render

import (
	"slices"
	"strings"
	"testing"

	"threatmap/data/filter"
	"threatmap/data/threat"
)

func captionDataset() *threat.Dataset {
	b := threat.NewBuilder(2)
	b.AddServer(threat.Server{ID: "s1", Name: "Control server 1 (Hainan)", First: threat.NoTime, Last: threat.NoTime})
	b.AddServer(threat.Server{ID: "s2", First: threat.NoTime, Last: threat.NoTime})
	b.AddHost(threat.Host{Lon: 1, Lat: 1, Country: "TW", Type: "embassy", First: 1199145600, Last: 1199145600, Server: 0})
	b.AddHost(threat.Host{Lon: 2, Lat: 2, Country: "VN", Type: "mfa", First: 1230681600, Last: 1230681600, Server: 1})
	return b.Build()
}

// TestCaptionLines pins the caption's wording, shared by the window and the
// command line's export: names rather than codes and ids, no empty lists,
// "none" for nothing checked.
func TestCaptionLines(t *testing.T) {
	ds := captionDataset()
	for _, tc := range []struct {
		name    string
		q       filter.Query
		victims string
		want    []string // the lines before the source
	}{
		{"nothing", filter.Query{}, "", []string{"Time: all time (2008-01-01 – 2008-12-31)"}},
		{"countries by name", filter.Query{Countries: []string{"TW", "VN"}}, "",
			[]string{"Time: all time (2008-01-01 – 2008-12-31)", "Filters: countries: Taiwan, Vietnam"}},
		{"nothing checked", filter.Query{Countries: []string{"\x00none"}, Confidence: []threat.Confidence{255}}, "",
			[]string{"Time: all time (2008-01-01 – 2008-12-31)", "Filters: countries: none; confidence: none"}},
		{"many countries", filter.Query{Countries: []string{"TW", "VN", "IN", "US", "GB", "FR"}}, "",
			[]string{"Time: all time (2008-01-01 – 2008-12-31)", "Filters: countries: Taiwan, Vietnam, India and 3 more"}},
		{"types, servers by name, unknowns", filter.Query{Types: []string{"embassy", "mfa"}, Servers: []string{"s1", "s2", ""}, Countries: []string{""}}, "",
			[]string{"Time: all time (2008-01-01 – 2008-12-31)",
				"Filters: countries: unknown; types: Embassy, Foreign ministry; servers: Control server 1 (Hainan), s2, no server"}},
		{"confidence, placement, victims", filter.Query{Confidence: []threat.Confidence{255, threat.ConfHigh, threat.ConfUnknown}, Provenance: filter.ProvReported}, "Control: s2",
			[]string{"Time: all time (2008-01-01 – 2008-12-31)", "Filters: confidence: high, unknown; placement: reported; victims of Control: s2"}},
		{"first seen window", filter.Query{From: filter.At(1199145600), To: filter.At(1214784000), Mode: filter.FirstSeen}, "",
			[]string{"Time: first seen 2008-01-01 – 2008-06-30"}},
		{"active from", filter.Query{From: filter.At(1199145600)}, "", []string{"Time: active from 2008-01-01"}},
		{"up to", filter.Query{To: filter.At(1214784000), Mode: filter.FirstSeen}, "", []string{"Time: first seen up to 2008-06-30"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := CaptionLines(ds, &tc.q, tc.victims, SpanOf(ds))
			src := SourceLines(&ds.Meta)
			if !slices.Equal(got[len(got)-len(src):], src) || !slices.Equal(got[:len(got)-len(src)], tc.want) {
				t.Errorf("got %q\nwant %q then the source lines", got, tc.want)
			}
			for _, l := range got {
				if strings.HasSuffix(l, ": ") || strings.Contains(l, ": ;") || strings.Contains(l, "\x00") {
					t.Errorf("an empty list or a NUL in %q", l)
				}
			}
		})
	}
	if got := CaptionTitle(&ds.Meta, ""); got != "Infection map" {
		t.Errorf("untitled data: title %q", got)
	}
	if got := CaptionTitle(&threat.Meta{Title: "GhostNet"}, "Mine"); got != "Mine" {
		t.Errorf("title override: %q", got)
	}
	if got := CaptionTitle(&threat.Meta{Files: []string{"/var/log/auth.log"}}, ""); got != "auth.log" {
		t.Errorf("untitled file: title %q, want its name", got)
	}
	if got := CaptionTitle(&threat.Meta{Files: []string{"a.csv", "b.csv", "c.csv"}}, ""); got != "a.csv and 2 more files" {
		t.Errorf("untitled files: title %q", got)
	}
}
