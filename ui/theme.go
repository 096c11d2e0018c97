package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// appTheme is Fyne's default theme with a fixed variant (dark or light,
// whatever the desktop says) and colours that match the map's themes.
type appTheme struct {
	dark bool
}

var _ fyne.Theme = (*appTheme)(nil)

func (t *appTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	v := theme.VariantLight
	if t.dark {
		v = theme.VariantDark
	}
	if t.dark {
		switch n {
		case theme.ColorNameBackground:
			return color.NRGBA{0x12, 0x17, 0x22, 0xff}
		case theme.ColorNameInputBackground, theme.ColorNameMenuBackground, theme.ColorNameOverlayBackground:
			return color.NRGBA{0x1b, 0x22, 0x30, 0xff}
		case theme.ColorNameHeaderBackground:
			return color.NRGBA{0x18, 0x1f, 0x2c, 0xff}
		case theme.ColorNameButton:
			return color.NRGBA{0x24, 0x2d, 0x3d, 0xff}
		case theme.ColorNameSeparator:
			return color.NRGBA{0x2a, 0x33, 0x44, 0xff}
		case theme.ColorNamePrimary, theme.ColorNameFocus, theme.ColorNameHyperlink:
			return color.NRGBA{0xff, 0x9f, 0x43, 0xff}
		case theme.ColorNameSelection:
			return color.NRGBA{0xff, 0x9f, 0x43, 0x40}
		}
	} else {
		switch n {
		case theme.ColorNamePrimary, theme.ColorNameFocus, theme.ColorNameHyperlink:
			return color.NRGBA{0xd3, 0x5f, 0x00, 0xff}
		case theme.ColorNameSelection:
			return color.NRGBA{0xd3, 0x5f, 0x00, 0x30}
		}
	}
	return theme.DefaultTheme().Color(n, v)
}

func (t *appTheme) Font(s fyne.TextStyle) fyne.Resource     { return theme.DefaultTheme().Font(s) }
func (t *appTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }
func (t *appTheme) Size(n fyne.ThemeSizeName) float32 {
	switch n {
	case theme.SizeNamePadding:
		return 3
	case theme.SizeNameInnerPadding:
		return 6
	case theme.SizeNameText:
		return 13
	}
	return theme.DefaultTheme().Size(n)
}
