package ui

import "testing"

// TestFitToGuessedPositions: fitting the map to one host placed from its
// IP address at country level shows about a country around it, not the
// 2° box that drew the guess among a region's towns; hosts with known
// coordinates still fit close.
func TestFitToGuessedPositions(t *testing.T) {
	const guessSpan = 5 // render's: about a country either side
	u, _ := newTestApp(t)
	width := func() float64 { // degrees of longitude across the map's middle
		v := u.mapv.View
		l0, _, ok0 := v.ToLonLat(0, float64(v.Height)/2)
		l1, _, ok1 := v.ToLonLat(float64(v.Width), float64(v.Height)/2)
		if !ok0 || !ok1 {
			return 360
		}
		return l1 - l0
	}
	u.open([]string{writeFile(t, "ips.txt", "81.2.69.10\n")})
	u.FitData()
	if w := width(); w < 2*guessSpan {
		t.Errorf("fit to one IP-placed host shows %.1f° across, want at least %d°", w, 2*guessSpan)
	}
	u.open([]string{writeFile(t, "one.csv", "latitude,longitude\n51.5,-0.12\n")})
	u.FitData()
	if w := width(); w >= 2*guessSpan {
		t.Errorf("fit to one host with coordinates shows %.1f° across, want closer than %d°", w, 2*guessSpan)
	}
}
