// Package timeline bins hosts over time for the timeline histogram and
// drives playback: a Histogram counts visible hosts by first_seen and target
// type in reusable buffers, and a Player moves a playback instant and gives
// the time window the filter should use. All times are Unix seconds, UTC.
package timeline

import "time"

// Bin widths for Histogram.Step. Negative steps are calendar months: -k
// means k months per bin, each bin starting on the first of a month (UTC).
const (
	Day     int64 = 86400
	Week          = 7 * Day // weeks start on Monday (ISO 8601)
	Month   int64 = -1
	Quarter int64 = -3
	Year    int64 = -12
)

// Floor returns the start of the step-wide bin holding t: midnight UTC for
// multiples of a day (on a Monday for multiples of a week, so weekly bins
// line up with calendar weeks), the first of the month for month steps, and a
// multiple of step since the epoch otherwise. step == 0 returns t.
func Floor(t, step int64) int64 {
	switch {
	case step == 0:
		return t
	case step < 0:
		m := monthIndex(t)
		m -= mod(m, -step)
		return monthStart(m)
	case step%Week == 0:
		const monday = -3 * Day // 1969-12-29 was a Monday
		return floorDiv(t-monday, step)*step + monday
	}
	return floorDiv(t, step) * step
}

// Add returns t moved by k steps: k*step seconds, or k*(-step) calendar
// months for month steps, keeping the day of the month where it exists
// (time.Time.AddDate rules: Jan 31 + 1 month = Mar 3 or 2).
func Add(t, step int64, k int) int64 {
	if step >= 0 {
		return t + int64(k)*step
	}
	return time.Unix(t, 0).UTC().AddDate(0, k*int(-step), 0).Unix()
}

// MonthStart returns 00:00 UTC on the first day of t's month.
func MonthStart(t int64) int64 { return monthStart(monthIndex(t)) }

// monthIndex returns year*12 + month-1 of t (UTC), using integer civil-date
// arithmetic (H. Hinnant's days_from_civil inverse) so the histogram loop
// avoids time.Time.
func monthIndex(t int64) int64 {
	z := floorDiv(t, Day) + 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	m := mp + 3
	if mp >= 10 {
		m = mp - 9
		y++
	}
	return y*12 + m - 1
}

// monthStart is the inverse of monthIndex for the first of the month.
func monthStart(m int64) int64 {
	y, mo := floorDiv(m, 12), mod(m, 12)+1
	return time.Date(int(y), time.Month(mo), 1, 0, 0, 0, 0, time.UTC).Unix()
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && (a < 0) != (b < 0) {
		q--
	}
	return q
}

func mod(a, b int64) int64 { return a - floorDiv(a, b)*b }

// NiceStep picks a bin width for showing [start, end] in width pixels: the
// smallest of a day, a week, a month, a quarter and a year that keeps bins at
// least MinBarPixels wide. Data are dated to the day, so nothing finer than a
// day is offered. A non-positive width or an empty range gives Day.
func NiceStep(start, end int64, width int) int64 {
	if width <= 0 || end <= start {
		return Day
	}
	span := float64(end - start)
	for _, s := range []struct{ step, approx int64 }{
		{Day, Day}, {Week, Week}, {Month, 30 * Day}, {Quarter, 91 * Day},
	} {
		if span/float64(s.approx)*MinBarPixels <= float64(width) {
			return s.step
		}
	}
	return Year
}

// MinBarPixels is the narrowest bar NiceStep allows: two pixels of bar and
// one of gap are the least that reads as separate bars.
const MinBarPixels = 3
