package ingest

import (
	"context"
	"strings"
	"testing"
)

// concatCases are inputs that hold more than one top-level object.
var concatCases = []struct {
	name                    string
	in                      string
	hosts, servers, skipped int
	warn                    string
}{
	{"two collections", fcHead + pt + "," + srv + `]}` + fcHead + strings.Replace(pt, "h-1", "h-2", 1) + `]}`, 2, 1, 0,
		"2 FeatureCollections one after another in one file: the features of all were read"},
	{"one per line", strings.Repeat(fcHead+pt+"]}\n", 3), 3, 0, 0, "3 FeatureCollections"},
	{"a large first collection", fcHead + strings.Repeat(pt+",", 3000) + pt + "]}\n" + fcHead + srv + "]}", 3001, 1, 0, "2 FeatureCollections"},
	{"a feature after a collection", fcHead + pt + "]}" + pt, 1, 0, 0, "object 2 of the file (at line 1, byte 157) is not a FeatureCollection: ignored"},
	// A later collection's crs applies to its features when it comes
	// before them; after them, the file is refused (see TestLaterCRS).
	{"other crs", fcHead + pt + "]}" + `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:3857"}},"features":[` + pt + "]}", 2, 0, 0,
		"coordinates reprojected from Web Mercator"},
	{"same crs spelled otherwise", fcHead + pt + "]}" + `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:OGC:1.3:CRS84"}},"features":[` + pt + "]}", 2, 0, 0,
		"FeatureCollections one after another"},
	{"unsupported later crs", fcHead + pt + "]}" + `{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"EPSG:27700"}},"features":[` + pt + "]}", 1, 0, 0,
		"object 2 of the file (at line 1, byte 191) has crs EPSG:27700, which is not WGS84 or Web Mercator"},
	// Issue 15: what lies between two collections is skipped, with its
	// bytes; the second collection is read.
	{"garbage between collections", fcHead + pt + `]}garbage` + fcHead + srv + `]}`, 1, 1, 0,
		"bytes 157-163 (line 1): data between top-level objects (found \"garbage"},
	{"a comma between collections", fcHead + pt + `]},` + "\n" + fcHead + srv + `]}`, 1, 1, 0,
		"bytes 157-157 (line 1): data between top-level objects"},
	{"array of features", "[" + pt + ",\n" + srv + "]", 1, 1, 0, "a JSON array of features, not a FeatureCollection: read as one"},
	{"array with a broken feature", "[" + pt + ",\n" + pt[:20] + ",\n" + srv + "]", 1, 1, 1, "a JSON array of features"},
}

// TestConcatenated: collections one after another load whole, with a
// warning saying how many; so does a top-level array of features.
func TestConcatenated(t *testing.T) {
	for _, c := range concatCases {
		t.Run(c.name, func(t *testing.T) {
			d, r := Read(context.Background(), strings.NewReader(c.in), int64(len(c.in)), Options{})
			checkInvariants(t, d, r)
			fuzzRead(t, []byte(c.in), "")
			if r.Err != nil || r.Format != FormatGeoJSON || r.Hosts != c.hosts || r.Servers != c.servers || r.SkippedCount != c.skipped {
				t.Fatalf("err %v, %s, %d hosts %d servers %d skipped, want %d %d %d\nskipped %v\nwarnings %v", r.Err, r.Format, r.Hosts, r.Servers, r.SkippedCount, c.hosts, c.servers, c.skipped, r.Skipped, r.Warnings)
			}
			if !hasIssue(r.Warnings, c.warn) {
				t.Errorf("no warning %q in %v", c.warn, r.Warnings)
			}
		})
	}
}

// TestLaterCRS: a later collection whose crs comes after its features,
// which were read in the crs before it, refuses the file rather than
// keep metres read as degrees.
func TestLaterCRS(t *testing.T) {
	in := fcHead + pt + "]}" + `{"type":"FeatureCollection","features":[` + pt + `],"crs":{"type":"name","properties":{"name":"EPSG:3857"}}}`
	d, r := Read(context.Background(), strings.NewReader(in), int64(len(in)), Options{})
	checkInvariants(t, d, r)
	if r.Err == nil || !strings.Contains(r.Err.Error(), "object 2's crs EPSG:3857 comes after its features") || d.Hosts.Len() != 0 {
		t.Errorf("err %v, %d hosts", r.Err, d.Hosts.Len())
	}
}
