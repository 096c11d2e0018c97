package render

import (
	"fmt"
	"strings"
)

// Layers is a bit set of what Draw paints.
type Layers uint16

const (
	LayerBasemap    Layers = 1 << iota // ocean, land, borders
	LayerGraticule                     // 30° (or finer when zoomed) grid
	LayerChoropleth                    // countries shaded by visible host count
	LayerLinks                         // C2 links as great-circle arcs
	LayerHosts                         // hosts (points, or density when crowded)
	LayerServers                       // C2 servers
	LayerLegend                        // legend panel, bottom left
	LayerCaption                       // title, time window, filters, source, caveat
	LayerLabels                        // country names; city names when zoomed in
	// LayerSelectionLinks draws, when LayerLinks is off, only the links of
	// the selection: the highlighted hosts' to the selected server, or
	// those of a selected host or of hosts selected together.
	LayerSelectionLinks
)

// DefaultLayers is the usual view.
const DefaultLayers = LayerBasemap | LayerLinks | LayerHosts | LayerServers | LayerLegend | LayerCaption | LayerLabels

var layerNames = []struct {
	l    Layers
	name string
}{
	{LayerBasemap, "basemap"}, {LayerGraticule, "graticule"}, {LayerChoropleth, "choropleth"},
	{LayerLinks, "links"}, {LayerSelectionLinks, "selection-links"}, {LayerHosts, "hosts"}, {LayerServers, "servers"},
	{LayerLegend, "legend"}, {LayerCaption, "caption"}, {LayerLabels, "labels"},
}

// AllLayers returns every layer this version knows (and String and
// ParseLayers name): a saved choice that lacks one of them predates it.
func AllLayers() Layers {
	var l Layers
	for _, n := range layerNames {
		l |= n.l
	}
	return l
}

// Has reports whether every layer of x is in l.
func (l Layers) Has(x Layers) bool { return l&x == x }

// String lists the layers comma-separated, in drawing order.
func (l Layers) String() string {
	var b strings.Builder
	for _, n := range layerNames {
		if l&n.l != 0 {
			if b.Len() > 0 {
				b.WriteByte(',')
			}
			b.WriteString(n.name)
		}
	}
	return b.String()
}

// ParseLayers parses a comma list of layer names (as String writes them).
// "default" stands for DefaultLayers and "none" for no layer.
func ParseLayers(s string) (Layers, error) {
	var l Layers
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(strings.ToLower(f))
		switch f {
		case "", "none":
			continue
		case "default":
			l |= DefaultLayers
			continue
		}
		found := false
		for _, n := range layerNames {
			if n.name == f {
				l |= n.l
				found = true
			}
		}
		if !found {
			return 0, fmt.Errorf("unknown layer %q (want %s)", f, strings.ReplaceAll(AllLayers().String(), ",", ", "))
		}
	}
	return l, nil
}
