package render

import (
	"encoding/binary"
	"image"
)

// DrawHover draws the highlight of item it alone, as Draw draws
// Scene.Hovered, into overlay: a transparent image the size of the last
// frame, cleared first, to show over it. It returns the rectangle that
// holds the highlight (empty for KindNone, an item off screen or one out
// of range). Hovering then costs a ring or one arc, not a frame: the
// window draws its frames with no Hovered item and this on top.
//
// It uses the transform and data of the last Draw, which must have been of
// the same view and scene; like Draw it is not safe for concurrent use.
// Before any Draw it draws nothing.
func (r *Renderer) DrawHover(overlay *image.RGBA, v View, s *Scene, it Item) image.Rectangle {
	clear(overlay.Pix)
	if it.Kind == KindNone || r.f.ds == nil || r.f.w != overlay.Rect.Dx() || r.f.h != overlay.Rect.Dy() {
		return image.Rectangle{}
	}
	v.Width, v.Height = r.f.w, r.f.h
	if v.Zoom <= 0 {
		v.Zoom = 1
	}
	r.drawItem(overlay, v, s, it, r.f.th.Hovered)
	return opaqueBounds(overlay)
}

// opaqueBounds is the smallest rectangle that holds every pixel of img
// with a non-zero alpha (a word of two pixels at a time: a frame-sized
// overlay is scanned in about a millisecond).
func opaqueBounds(img *image.RGBA) image.Rectangle {
	const alphas = 0xff000000_ff000000
	var out image.Rectangle
	w, h := img.Rect.Dx(), img.Rect.Dy()
	for y := range h {
		row := img.Pix[y*img.Stride : y*img.Stride+4*w]
		x0, x1 := -1, -1
		i := 0
		for ; i+8 <= len(row); i += 8 {
			if binary.LittleEndian.Uint64(row[i:])&alphas == 0 {
				continue
			}
			for p := i; p < i+8; p += 4 {
				if row[p+3] != 0 {
					if x0 < 0 {
						x0 = p / 4
					}
					x1 = p/4 + 1
				}
			}
		}
		if i < len(row) && row[i+3] != 0 { // an odd width's last pixel
			if x0 < 0 {
				x0 = i / 4
			}
			x1 = i/4 + 1
		}
		if x0 >= 0 {
			out = out.Union(image.Rect(x0, y, x1, y+1))
		}
	}
	return out.Add(img.Rect.Min)
}
