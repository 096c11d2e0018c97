package ui

import (
	"image"
	"image/color"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
)

func TestBlank(t *testing.T) {
	solid := func(c color.Color) image.Image {
		m := image.NewRGBA(image.Rect(0, 0, 8, 6))
		for y := range 6 {
			for x := range 8 {
				m.Set(x, y, c)
			}
		}
		return m
	}
	dot := image.NewRGBA(image.Rect(0, 0, 8, 6))
	dot.Set(7, 5, color.White)
	gray := image.NewGray(image.Rect(2, 2, 5, 5))
	grayDot := image.NewGray(image.Rect(2, 2, 5, 5))
	grayDot.SetGray(4, 3, color.Gray{Y: 9})
	for _, tc := range []struct {
		name string
		img  image.Image
		want bool
	}{
		{"nil", nil, true},
		{"no pixels", image.NewRGBA(image.Rect(0, 0, 0, 0)), true},
		{"transparent", image.NewRGBA(image.Rect(0, 0, 8, 6)), true},
		{"one colour", solid(color.RGBA{20, 30, 40, 255}), true},
		{"one pixel differs", dot, false},
		{"sub-image, one colour", dot.SubImage(image.Rect(0, 0, 7, 6)), true},
		{"gray, one colour", gray, true},
		{"gray, one pixel differs", grayDot, false},
	} {
		if got := blank(tc.img); got != tc.want {
			t.Errorf("%s: blank = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestBlankScreenshotFails: a capture that comes back fully transparent
// (the software canvas under Xvfb) is reported as a failure, and no save
// dialog offers to write it.
func TestBlankScreenshotFails(t *testing.T) {
	u, w := newTestApp(t)
	orig := captureWindow
	t.Cleanup(func() { captureWindow = orig })
	captureWindow = func(fyne.Window) image.Image { return image.NewRGBA(image.Rect(0, 0, 1280, 800)) }
	u.ShowScreenshot()
	if !strings.Contains(u.status.Text, "failed") || strings.Contains(u.status.Text, "Saved") {
		t.Errorf("status = %q", u.status.Text)
	}
	if !strings.Contains(u.lastError, "empty") {
		t.Errorf("error = %q", u.lastError)
	}
	if w.Canvas().Overlays().Top() == nil {
		t.Errorf("no error dialog shown")
	}
	// The test canvas's own capture is a real picture.
	if blank(orig(w)) {
		t.Errorf("the window's capture is blank")
	}
}
