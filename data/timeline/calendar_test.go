package timeline

import (
	"math/rand/v2"
	"testing"
	"time"
)

func unix(s string) int64 {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t, err = time.Parse(time.RFC3339, s)
	}
	if err != nil {
		panic(err)
	}
	return t.Unix()
}

func TestFloor(t *testing.T) {
	cases := []struct {
		name string
		t    string
		step int64
		want string
	}{
		{"day", "2009-03-29T13:45:00Z", Day, "2009-03-29"},
		{"day at midnight", "2009-03-29", Day, "2009-03-29"},
		{"week starts monday", "2009-03-29T13:45:00Z", Week, "2009-03-23"}, // a Sunday
		{"monday stays", "2009-03-23", Week, "2009-03-23"},
		{"two weeks count from 1969-12-29", "2009-03-29", 2 * Week, "2009-03-16"},
		{"month", "2009-03-29T13:45:00Z", Month, "2009-03-01"},
		{"quarter", "2009-05-02", Quarter, "2009-04-01"},
		{"year", "2009-12-31T23:59:59Z", Year, "2009-01-01"},
		{"before epoch day", "1969-12-31T12:00:00Z", Day, "1969-12-31"},
		{"before epoch month", "1969-12-31T12:00:00Z", Month, "1969-12-01"},
		{"before epoch week", "1969-12-31", Week, "1969-12-29"},
		{"hour", "2009-03-29T13:45:00Z", 3600, "2009-03-29T13:00:00Z"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Floor(unix(c.t), c.step); got != unix(c.want) {
				t.Errorf("Floor = %s, want %s", time.Unix(got, 0).UTC(), c.want)
			}
		})
	}
	if Floor(12345, 0) != 12345 {
		t.Error("Floor(t, 0) != t")
	}
}

func TestMonthIndexMatchesTime(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 100_000 {
		ts := r.Int64N(1<<36) - 1<<35 // about ±1000 years
		tm := time.Unix(ts, 0).UTC()
		want := int64(tm.Year())*12 + int64(tm.Month()) - 1
		if got := monthIndex(ts); got != want {
			t.Fatalf("monthIndex(%d %s) = %d, want %d", ts, tm, got, want)
		}
		if got, want := MonthStart(ts), time.Date(tm.Year(), tm.Month(), 1, 0, 0, 0, 0, time.UTC).Unix(); got != want {
			t.Fatalf("MonthStart(%s) = %d, want %d", tm, got, want)
		}
	}
}

func TestAdd(t *testing.T) {
	cases := []struct {
		name string
		t    string
		step int64
		k    int
		want string
	}{
		{"days", "2009-03-01", Day, 3, "2009-03-04"},
		{"weeks back", "2009-03-23", Week, -1, "2009-03-16"},
		{"months across year", "2009-11-01", Month, 3, "2010-02-01"},
		{"quarter back", "2009-04-01", Quarter, -2, "2008-10-01"},
		{"year", "2008-02-01", Year, 1, "2009-02-01"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Add(unix(c.t), c.step, c.k); got != unix(c.want) {
				t.Errorf("Add = %s, want %s", time.Unix(got, 0).UTC(), c.want)
			}
		})
	}
}

func TestNiceStep(t *testing.T) {
	y := 365 * Day
	cases := []struct {
		name       string
		start, end int64
		width      int
		want       int64
	}{
		{"two months wide", 0, 60 * Day, 800, Day},
		{"two years wide", 0, 2 * y, 800, Week},
		{"two years narrow", 0, 2 * y, 200, Month},
		{"ten years", 0, 10 * y, 300, Quarter},
		{"ten years wider", 0, 10 * y, 400, Month},
		{"century", 0, 100 * y, 400, Year},
		{"empty range", 5, 5, 800, Day},
		{"no width", 0, y, 0, Day},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := NiceStep(c.start, c.end, c.width); got != c.want {
				t.Errorf("NiceStep = %d, want %d", got, c.want)
			}
		})
	}
}
