package ui

import (
	"strings"
	"testing"
)

// TestStackRimHover: in the window, pointing near the rim of the New Delhi
// stack (8 px from its hosts' point, beyond the 6 px a lone host is found
// from, inside the disc drawn for them) names the same stack as its
// centre: the hit test uses the markers of the frame on screen.
func TestStackRimHover(t *testing.T) {
	u, x, y := atNewDelhi(t)
	u.hover(int(x), int(y))
	centre, _, _ := strings.Cut(tipText(u), "\n")
	if !strings.HasSuffix(centre, " hosts here") {
		t.Fatalf("tooltip at New Delhi: %q, want \"N hosts here\"", centre)
	}
	for _, d := range [][2]int{{8, 0}, {-8, 0}, {0, 8}, {0, -8}} {
		u.hover(int(x)+d[0], int(y)+d[1])
		if rim, _, _ := strings.Cut(tipText(u), "\n"); rim != centre {
			t.Errorf("tooltip %+d,%+d px from New Delhi: %q, want %q", d[0], d[1], rim, centre)
		}
	}
}
