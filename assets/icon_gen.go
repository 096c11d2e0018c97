//go:build ignore

// icon_gen draws assets/icon.png (a globe, one C2 diamond, arcs to victims).
// Run from assets/: go run icon_gen.go icon.png
package main

import (
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
)

func main() {
	const S = 512
	img := image.NewRGBA(image.Rect(0, 0, S, S))
	c := float64(S) / 2
	for y := 0; y < S; y++ {
		for x := 0; x < S; x++ {
			dx, dy := float64(x)+0.5-c, float64(y)+0.5-c
			r := math.Hypot(dx, dy)
			// rounded-square background
			ax, ay := math.Abs(dx), math.Abs(dy)
			q := math.Pow(math.Pow(ax/(c-8), 5)+math.Pow(ay/(c-8), 5), 0.2)
			if q > 1 {
				continue
			}
			col := color.RGBA{14, 22, 38, 255}
			R := c * 0.72
			if r < R {
				// globe with graticule
				col = color.RGBA{24, 44, 72, 255}
				lat := math.Asin(dy/R) * 180 / math.Pi
				lon := math.Asin(dx/(R*math.Cos(lat*math.Pi/180)+1e-9)) * 180 / math.Pi
				if math.Mod(math.Abs(lat)+1.2, 30) < 2.4 || math.Mod(math.Abs(lon)+1.2, 30) < 2.4 {
					col = color.RGBA{52, 84, 120, 255}
				}
			}
			if math.Abs(r-R) < 5 {
				col = color.RGBA{90, 140, 190, 255}
			}
			img.SetRGBA(x, y, col)
		}
	}
	// arc from C2 to victims
	hub := [2]float64{c - 60, c + 70}
	vs := [][2]float64{{c + 110, c - 90}, {c + 140, c + 40}, {c - 130, c - 60}, {c + 20, c - 150}}
	for _, v := range vs {
		for t := 0.0; t <= 1; t += 0.0015 {
			mx, my := (hub[0]+v[0])/2, (hub[1]+v[1])/2-70
			x := (1-t)*(1-t)*hub[0] + 2*(1-t)*t*mx + t*t*v[0]
			y := (1-t)*(1-t)*hub[1] + 2*(1-t)*t*my + t*t*v[1]
			disc(img, x, y, 4, color.RGBA{255, 140, 60, 255})
		}
		disc(img, v[0], v[1], 20, color.RGBA{255, 70, 70, 255})
		disc(img, v[0], v[1], 9, color.RGBA{255, 220, 200, 255})
	}
	// server diamond
	for y := -34; y <= 34; y++ {
		for x := -34; x <= 34; x++ {
			if abs(x)+abs(y) <= 34 {
				col := color.RGBA{255, 200, 40, 255}
				if abs(x)+abs(y) > 27 {
					col = color.RGBA{20, 20, 20, 255}
				}
				img.SetRGBA(int(hub[0])+x, int(hub[1])+y, col)
			}
		}
	}
	f, _ := os.Create(os.Args[1])
	png.Encode(f, img)
	f.Close()
}
func abs(a int) int {
	if a < 0 {
		return -a
	}
	return a
}
func disc(img *image.RGBA, cx, cy, r float64, col color.RGBA) {
	for y := int(cy - r); y <= int(cy+r); y++ {
		for x := int(cx - r); x <= int(cx+r); x++ {
			if math.Hypot(float64(x)-cx, float64(y)-cy) <= r {
				img.SetRGBA(x, y, col)
			}
		}
	}
}
