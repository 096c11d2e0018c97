// Package render draws threatmap's map: the base map, hosts, servers, C2
// links, a country choropleth, the legend and the caption. It is pure Go (no
// Fyne import), so the desktop window and every export call the same Draw and
// an exported image is exactly what the window shows, at any size.
//
// The pieces:
//   - Projection: equirectangular, Web Mercator and Equal Earth (the default).
//   - View: a viewport over a projection (centre, zoom, pixel size), with
//     conversions between screen pixels and lon/lat and FitBounds.
//   - Scene: what to draw (dataset, visible set, selection, layers, theme,
//     caption text).
//   - Renderer: owns every reusable buffer and cache. Draw renders a Scene
//     through a View into an *image.RGBA without allocating once warm;
//     HitTest finds the host, server or link under a pixel through a grid
//     index.
//
// A Renderer is not safe for concurrent use; datasets are immutable, so
// several renderers may share one.
package render
