package viewspec

import (
	"context"
	"image"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"threatmap/data/filter"
	"threatmap/data/ingest"
	"threatmap/ui/render"
)

// TestAnimateFramesAreViews: frame k of a view's animation is the still of
// that view with its time window set to what playback shows at frame k's
// instant, pixel for pixel but for the date panel in the top-left corner:
// cumulative and sliding, over the data's range and within a narrowed one.
func TestAnimateFramesAreViews(t *testing.T) {
	ds, rep := ingest.Default()
	if rep.Err != nil {
		t.Fatal(rep.Err)
	}
	for _, tc := range []struct {
		name string
		play *Playback
		time Time
	}{
		{"cumulative", nil, Time{}},
		{"cumulative from June 2008", &Playback{Mode: "cumulative"}, Time{From: "2008-06"}},
		{"sliding 8 weeks to 2009", &Playback{Mode: "window", Window: "8w"}, Time{To: "2009-01"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			const w, h, n = 480, 270, 4
			v := &View{Version: Version, Width: w, Height: h, Frames: n, Playback: tc.play, Time: tc.time,
				Filters:   Filters{Confidence: []string{"high", "medium"}},
				Selection: Selection{Server: "ctl1"}, Extent: Extent{Center: []float64{90, 25}, Zoom: 2}, Theme: "light"}
			a, _, err := Animate(ds, v)
			if err != nil {
				t.Fatal(err)
			}
			if a.Frames != n {
				t.Fatalf("%d frames, want %d", a.Frames, n)
			}
			an := render.NewAnimator(a)
			for k := range n {
				got, now := an.Frame(k)
				q := a.Query
				a.Play.Constrain(&q, now)
				still := *v
				still.Frames, still.Playback = 0, nil
				still.Time = Time{Match: "first_seen", To: FormatTime(q.To.Unix)}
				if q.From.Set {
					still.Time.From = FormatTime(q.From.Unix)
				}
				want, _, _, err := Draw(ds, &still)
				if err != nil {
					t.Fatal(err)
				}
				if d := diffBounds(got, want); d.Empty() || !d.In(image.Rect(0, 0, w/2, h/4)) {
					t.Fatalf("frame %d (window %v): pixels differ in %v: want the date panel only", k, timeOf(&q), d)
				}
			}
		})
	}
}

// diffBounds is the smallest rectangle holding every pixel a and b differ in.
func diffBounds(a, b *image.RGBA) image.Rectangle {
	var r image.Rectangle
	for y := range a.Rect.Dy() {
		for x := range a.Rect.Dx() {
			i := a.PixOffset(x, y)
			if [4]byte(a.Pix[i:i+4]) != [4]byte(b.Pix[i:i+4]) {
				r = r.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	return r
}

func timeOf(q *filter.Query) [2]string {
	var t [2]string
	if q.From.Set {
		t[0] = FormatTime(q.From.Unix)
	}
	if q.To.Set {
		t[1] = FormatTime(q.To.Unix)
	}
	return t
}

// TestAnimateOutsideTheData: a time window that misses the data's range
// animates empty frames, and a warning says so; the export was silent.
func TestAnimateOutsideTheData(t *testing.T) {
	ds, rep := ingest.Default()
	if rep.Err != nil {
		t.Fatal(rep.Err)
	}
	for _, tc := range []struct {
		name string
		time Time
		warn string // "" none
	}{
		{"after", Time{From: "2030-01-01"}, "time: the animation plays 2030-01-01 to 2030-01-01, outside the data's 2007-"},
		{"before", Time{From: "1999", To: "2000"}, "time: the animation plays 1999-01-01 to 2000-12-31, outside the data's 2007-05-22 to 2009-03-12: no frame shows a host"},
		{"within", Time{From: "2008-06"}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, fr, err := Animate(ds, &View{Version: Version, Width: 64, Height: 36, Time: tc.time})
			if err != nil {
				t.Fatal(err)
			}
			got := strings.Join(fr.Warnings, "\n")
			if (tc.warn == "") != (got == "") || !strings.Contains(got, tc.warn) {
				t.Errorf("warnings %q, want %q", got, tc.warn)
			}
		})
	}
}

// TestAnimateUntimedHosts: hosts without first_seen appear in no frame,
// and a warning counts them; they vanished without a word.
func TestAnimateUntimedHosts(t *testing.T) {
	const feed = `{"type":"FeatureCollection","features":[
{"type":"Feature","geometry":{"type":"Point","coordinates":[2.35,48.85]},"properties":{"id":"a","last_seen":"2024-03-01"}},
{"type":"Feature","geometry":{"type":"Point","coordinates":[13.4,52.5]},"properties":{"id":"b","last_seen":"2024-06-01"}},
{"type":"Feature","geometry":{"type":"Point","coordinates":[-74,40.7]},"properties":{"id":"c","first_seen":"2024-04-01"}}]}`
	path := filepath.Join(t.TempDir(), "feed.geojson")
	if err := os.WriteFile(path, []byte(feed), 0o644); err != nil {
		t.Fatal(err)
	}
	ds, reps := ingest.LoadFiles(context.Background(), []string{path}, ingest.Options{})
	if reps[0].Err != nil {
		t.Fatal(reps[0].Err)
	}
	_, fr, err := Animate(ds, &View{Version: Version, Width: 64, Height: 36})
	if err != nil {
		t.Fatal(err)
	}
	if want := "2 hosts have no first_seen time: no frame shows them"; len(fr.Warnings) != 1 || !strings.HasPrefix(fr.Warnings[0], want) {
		t.Errorf("warnings %q, want %q", fr.Warnings, want)
	}
}
