package main

import (
	"os/exec"
	"path/filepath"
)

// The export group: threatmap export drawing the synthetic file to a
// 1920x1080 PNG (base map, density, arcs, legend, caption) against GDAL's
// gdal_rasterize burning the same file into a 1920x1080 raster, each a
// whole process. Both overwrite their output, so every run does the same
// work.
func init() {
	register(benchCase{Group: "export", Name: "threatmap export --force -o X.png (1920x1080)", Base: true,
		Cmd: func(e *env) ([]string, string) {
			return []string{e.Threatmap, "export", "--force", "-o", filepath.Join(e.Dir, "export.png"), e.File}, ""
		}})
	register(benchCase{Group: "export", Name: "gdal_rasterize -burn 255 -ts 1920 1080 (GDAL)",
		Cmd: func(e *env) ([]string, string) {
			p, err := exec.LookPath("gdal_rasterize")
			if err != nil {
				return nil, "gdal_rasterize not found: apt-get install gdal-bin"
			}
			return []string{p, "-q", "-burn", "255", "-ts", "1920", "1080", "-ot", "Byte", e.File, filepath.Join(e.Dir, "export.tif")}, ""
		}})
}
