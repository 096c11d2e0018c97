package render

import (
	"fmt"
	"hash/fnv"
	"image/color"
)

// Theme is a complete palette for the map. It is a comparable value: the
// renderer re-rasterises its cached base map when the theme changes.
// Colours are non-premultiplied.
type Theme struct {
	Name       string
	Space      color.NRGBA // outside the world's outline
	Ocean      color.NRGBA // ocean at the top of the world
	OceanLow   color.NRGBA // ocean at the bottom (vertical gradient)
	Land       color.NRGBA
	Border     color.NRGBA // country borders
	Outline    color.NRGBA // the world's outline
	Graticule  color.NRGBA
	Link       color.NRGBA // C2 links; alpha is the peak opacity
	Additive   bool        // links blend additively (glow on dark themes)
	HostEdge   color.NRGBA // outline around host discs
	ServerEdge color.NRGBA
	Control    color.NRGBA // control-server fill
	Command    color.NRGBA // command-server fill
	Selected   color.NRGBA
	Hovered    color.NRGBA
	Text       color.NRGBA
	TextDim    color.NRGBA
	Panel      color.NRGBA // legend and caption panels
	PanelEdge  color.NRGBA
	Density    [5]color.NRGBA // hosts per pixel, low to high (log scale)
	Choropleth [5]color.NRGBA // hosts per country, low to high (log scale)
	Types      [len(TypeCodes)]color.NRGBA
	Extra      [6]color.NRGBA // hashed colours for target types not in TypeCodes
}

// TypeCodes are the canonical target types (FACTS §6) in legend order;
// Theme.Types holds their colours at the same index.
var TypeCodes = [...]string{
	"mfa", "embassy", "mission_multilateral", "intl_org", "news_media",
	"tibetan_gov", "tibetan_ngo", "gov_other", "commercial",
	"academic_research", "private_broadband", "high_value", "unknown",
}

var typeLabels = [...]string{
	"Foreign ministry", "Embassy", "Multilateral mission", "International org.",
	"News media", "Tibetan government", "Tibetan NGO", "Other government",
	"Commercial", "Academic / research", "Private broadband", "High-value (not itemised)",
	"Unidentified",
}

// TypeLabel returns the legend label for a target type: a readable name for
// the canonical codes, the string itself otherwise.
func TypeLabel(t string) string {
	for i, c := range TypeCodes {
		if c == t {
			return typeLabels[i]
		}
	}
	if t == "" {
		return typeLabels[len(typeLabels)-1]
	}
	return t
}

// TypeColor returns the colour of target type t: the palette entry for a
// canonical code, else a colour picked by hashing t (stable across runs).
func (th *Theme) TypeColor(t string) color.NRGBA {
	for i, c := range TypeCodes {
		if c == t {
			return th.Types[i]
		}
	}
	if t == "" {
		return th.Types[len(TypeCodes)-1]
	}
	h := fnv.New32a()
	h.Write([]byte(t))
	return th.Extra[h.Sum32()%uint32(len(th.Extra))]
}

func hex(s uint32) color.NRGBA {
	return color.NRGBA{uint8(s >> 16), uint8(s >> 8), uint8(s), 255}
}

func hexa(s uint32, a uint8) color.NRGBA { c := hex(s); c.A = a; return c }

// Dark is the default theme: dark navy ocean, muted slate land, glowing
// links. Host colours are Okabe-Ito and Paul Tol hues lifted for a dark
// background; private broadband and unknown hosts are subdued so that
// high-value targets stand out.
var Dark = Theme{
	Name:       "dark",
	Space:      hex(0x05080F),
	Ocean:      hex(0x0E2038),
	OceanLow:   hex(0x0A1729),
	Land:       hex(0x263041),
	Border:     hexa(0x5C6B82, 200),
	Outline:    hexa(0x3F5A7D, 255),
	Graticule:  hexa(0x8FB3D9, 30),
	Link:       hexa(0xFFC86E, 70),
	Additive:   true,
	HostEdge:   hexa(0x05080F, 200),
	ServerEdge: hex(0x05080F),
	Control:    hex(0xFF5A5F),
	Command:    hex(0xFFFFFF),
	Selected:   hex(0xFFFFFF),
	Hovered:    hex(0x7FE7FF),
	Text:       hex(0xE9EEF5),
	TextDim:    hex(0x9AA8BC),
	Panel:      hexa(0x0A111E, 215),
	PanelEdge:  hexa(0x3A4A62, 255),
	Density:    [5]color.NRGBA{hex(0x7B2FBE), hex(0xC23A8E), hex(0xF0605D), hex(0xFCA636), hex(0xFCFDBF)},
	Choropleth: [5]color.NRGBA{hex(0x24435A), hex(0x1F6F8B), hex(0x2A9D8F), hex(0x7FCDBB), hex(0xD9F0D3)},
	Types: [...]color.NRGBA{
		hex(0xFF6B35), // mfa: vermillion
		hex(0xF2A900), // embassy: orange
		hex(0xF0E442), // mission_multilateral: yellow
		hex(0x56B4E9), // intl_org: sky blue
		hex(0xE58BC0), // news_media: reddish purple
		hex(0x19C08F), // tibetan_gov: bluish green
		hex(0xBBCC33), // tibetan_ngo: pear
		hex(0x5B8DEF), // gov_other: blue
		hex(0xB9A3F0), // commercial: lilac
		hex(0x66CCEE), // academic_research: cyan
		hex(0x8C97AA), // private_broadband: subdued
		hex(0xF4B393), // high_value: peach, counted but not listed
		hex(0x5E6878), // unknown: dim
	},
	Extra: [6]color.NRGBA{hex(0xFFAABB), hex(0x99DDFF), hex(0x77AADD), hex(0xEE8866), hex(0xEEDD88), hex(0xAAAA00)},
}

// Light is the light theme: pale blue ocean, warm paper land, dark ink.
var Light = Theme{
	Name:       "light",
	Space:      hex(0xECE8E0),
	Ocean:      hex(0xD4E3EE),
	OceanLow:   hex(0xC9DBE8),
	Land:       hex(0xF8F5EE),
	Border:     hexa(0xA39C8E, 220),
	Outline:    hexa(0x8CA3B8, 255),
	Graticule:  hexa(0x5C7A99, 40),
	Link:       hexa(0x5B2C83, 60),
	Additive:   false,
	HostEdge:   hexa(0x1B2330, 170),
	ServerEdge: hex(0xFFFFFF),
	Control:    hex(0xC0182A),
	Command:    hex(0x1B2330),
	Selected:   hex(0x000000),
	Hovered:    hex(0x0077BB),
	Text:       hex(0x1B2330),
	TextDim:    hex(0x5A6475),
	Panel:      hexa(0xFFFFFF, 225),
	PanelEdge:  hexa(0xB8B2A6, 255),
	Density:    [5]color.NRGBA{hex(0xF9B64F), hex(0xF3722C), hex(0xC1272D), hex(0x7A1F5C), hex(0x2D0B3A)},
	Choropleth: [5]color.NRGBA{hex(0xE4EFE9), hex(0xB7DCCB), hex(0x6FB3A6), hex(0x2F8A96), hex(0x1D4E69)},
	Types: [...]color.NRGBA{
		hex(0xD55E00), // mfa
		hex(0xE69F00), // embassy
		hex(0xC9B400), // mission_multilateral (yellow darkened for paper)
		hex(0x0088CC), // intl_org
		hex(0xCC79A7), // news_media
		hex(0x009E73), // tibetan_gov
		hex(0x8A9A1B), // tibetan_ngo
		hex(0x0055A4), // gov_other
		hex(0x7E5BC2), // commercial
		hex(0x33BBEE), // academic_research
		hex(0x8E96A3), // private_broadband
		hex(0xA6603A), // high_value
		hex(0xB3B8C0), // unknown
	},
	Extra: [6]color.NRGBA{hex(0xEE6677), hex(0x4477AA), hex(0x228833), hex(0xAA3377), hex(0xCCBB44), hex(0x66CCEE)},
}

// ThemeByName returns Dark or Light.
func ThemeByName(name string) (Theme, error) {
	switch name {
	case "dark", "":
		return Dark, nil
	case "light":
		return Light, nil
	}
	return Theme{}, fmt.Errorf("unknown theme %q (want dark or light)", name)
}
