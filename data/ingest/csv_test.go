package ingest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestWideHeader reads CSV files whose header is longer than the first
// read buffer (bufSize), with latitude and longitude as its last columns,
// whole and in 7-byte reads.
func TestWideHeader(t *testing.T) {
	for _, size := range []int{200 << 10, 300 << 10} {
		var h, row strings.Builder
		for k := 0; h.Len() < size; k++ {
			fmt.Fprintf(&h, "column_%d,", k)
			row.WriteString(",")
		}
		in := h.String() + "name,country,lat,lon\n" + row.String() + "a,FR,48.85,2.35\n" + row.String() + "b,TW,25.04,121.5\n"
		for _, r := range []struct {
			name string
			read func() (*Report, float32)
		}{
			{"whole", func() (*Report, float32) {
				d, rep := Read(context.Background(), strings.NewReader(in), int64(len(in)), Options{})
				return rep, lastLat(d.Hosts.Lat)
			}},
			{"chunked", func() (*Report, float32) {
				d, rep := Read(context.Background(), &chunkReader{b: []byte(in), n: 7}, 0, Options{})
				return rep, lastLat(d.Hosts.Lat)
			}},
		} {
			rep, lat := r.read()
			if rep.Err != nil || rep.Format != FormatCSV || rep.Hosts != 2 || lat != 25.04 || rep.WarningCount != 0 {
				t.Errorf("%d KiB header, %s: %s, %d hosts, last lat %v, err %v, warnings %v", size>>10, r.name, rep.Format, rep.Hosts, lat, rep.Err, rep.Warnings)
			}
		}
	}
}

func lastLat(lat []float32) float32 {
	if len(lat) == 0 {
		return 0
	}
	return lat[len(lat)-1]
}

// TestCSVWidth: rows with another number of fields than the header are
// read, and one warning counts them all, naming the first few.
func TestCSVWidth(t *testing.T) {
	in := "lat,lon,name\n" + strings.Repeat("1,2\n", 12) + "3,4,c\n5,6,d,e\n"
	_, rep := loadString(t, "w.csv", in)
	want := "rows whose number of fields is not the header's 3: 13 features (feature 0, feature 1, feature 2, ...)"
	if rep.Hosts != 14 || strings.Count(fmt.Sprint(rep.Warnings), "number of fields") != 1 || !hasIssue(rep.Warnings, want) {
		t.Errorf("%d hosts, warnings %v, want %q", rep.Hosts, rep.Warnings, want)
	}
}

// TestHeaderTooLong: a header past maxRecord is refused by name.
func TestHeaderTooLong(t *testing.T) {
	in := strings.Repeat("x,", maxRecord) + "lat,lon\n1,2\n"
	_, rep := loadString(t, "long.csv", in)
	if rep.Err == nil || rep.Hosts != 0 {
		t.Errorf("%d hosts, err %v", rep.Hosts, rep.Err)
	}
}

// TestQuoteOverMaxRecord: a quote that opens a field running on past
// maxRecord within fewer than maxQuoteLines lines costs its own row only.
func TestQuoteOverMaxRecord(t *testing.T) {
	long := strings.Repeat("x", maxRecord/8)
	in := "lat,lon,name\n1,2,\"a\n" + strings.Repeat("3,4,"+long+"\n", 10) + "5,6,c\n"
	_, rep := loadString(t, "q.csv", in)
	if rep.Hosts != 11 || len(rep.Skipped) != 1 || !hasIssue(rep.Skipped, "line 2: unterminated quote") {
		t.Errorf("%d hosts, skipped %v", rep.Hosts, rep.Skipped)
	}
}

// TestBlankPadded: a file padded with rows of spaces and delimiters loads
// its hosts with one warning, no skipped features, in one pass.
func TestBlankPadded(t *testing.T) {
	in := "id,lat,lon\nh-1,25.04,121.5\n" + strings.Repeat(" \r\n,,\n\t\n", 1<<20) + "h-2,48.85,2.35\n"
	start := time.Now()
	_, rep := loadString(t, "pad.csv", in)
	el := time.Since(start)
	if rep.Hosts != 2 || rep.SkippedCount != 0 || rep.WarningCount != 2 || !hasIssue(rep.Warnings, "3145728 blank rows") {
		t.Errorf("%d hosts, %d skipped, warnings %v", rep.Hosts, rep.SkippedCount, rep.Warnings)
	}
	if el > 5*time.Second {
		t.Errorf("%v for %d MiB of blank rows", el, len(in)>>20)
	}
}
