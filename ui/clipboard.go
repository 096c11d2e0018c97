package ui

import (
	"bytes"
	"fmt"
	"image/png"
	"os"
	"os/exec"

	"threatmap/ui/render"
)

// imageClipboard returns the command that puts a PNG on the system
// clipboard, or nil when the platform offers none. Fyne's clipboard holds
// text only, so images go through xclip (X11) or wl-copy (Wayland) when one
// is installed; without them the app does not offer the action.
func imageClipboard() []string {
	if os.Getenv("WAYLAND_DISPLAY") != "" {
		if _, err := exec.LookPath("wl-copy"); err == nil {
			return []string{"wl-copy", "--type", "image/png"}
		}
	}
	if os.Getenv("DISPLAY") != "" {
		if _, err := exec.LookPath("xclip"); err == nil {
			return []string{"xclip", "-selection", "clipboard", "-t", "image/png", "-i"}
		}
	}
	return nil
}

// CopyMapImage puts the map, as the window shows it, on the clipboard.
func (u *App) CopyMapImage() {
	argv := imageClipboard()
	if argv == nil || u.ds == nil {
		return
	}
	v := u.mapv.View
	job, err := u.exportJob(ExportSettings{Width: v.Width, Height: v.Height, Legend: u.layers.Has(render.LayerLegend),
		Caption: u.layers.Has(render.LayerCaption), Dark: u.dark})
	if err != nil {
		u.showError(err)
		return
	}
	go func() {
		var buf bytes.Buffer
		err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, job())
		if err == nil {
			cmd := exec.Command(argv[0], argv[1:]...)
			cmd.Stdin = &buf
			err = cmd.Run()
		}
		doOnUI(func() {
			if err != nil {
				u.showError(fmt.Errorf("copying the map to the clipboard with %s: %w", argv[0], err))
				return
			}
			u.status.SetText("Map image copied to the clipboard")
		})
	}()
}
