package assets

import "embed"

// Fonts holds the renderer's fallback fonts (WOFF), for the scripts the Go
// fonts lack; see fonts/README.md for their sources and licences.
//
//go:embed fonts/*.woff
var Fonts embed.FS

// FallbackFonts names the files of Fonts in the order a rune is looked up:
// the scripts' own fonts, then CJK, then emoji, then the scripts added
// later. These come last so that no rune changes font: Noto Sans Mongolian
// also has CJK punctuation (、。《》「」), Noto Serif Tibetan ☸, the Indic
// fonts the Devanagari dandas (।॥); those stay drawn as before.
var FallbackFonts = []string{
	"fonts/NotoSansArabic-Regular.woff",
	"fonts/NotoSansHebrew-Regular.woff",
	"fonts/NotoSansDevanagari-Regular.woff",
	"fonts/NotoSansBengali-Regular.woff",
	"fonts/NotoSansTamil-Regular.woff",
	"fonts/NotoSansThai-Regular.woff",
	"fonts/NotoSansKhmer-Regular.woff",
	"fonts/NotoSansArmenian-Regular.woff",
	"fonts/NotoSansGeorgian-Regular.woff",
	"fonts/NotoSansEthiopic-Regular.woff",
	"fonts/DroidSansFallbackFull.woff",
	"fonts/NanumGothic-Hangul.woff",
	"fonts/NotoEmoji-Regular.woff",
	"fonts/NotoSansGujarati-Regular.woff",
	"fonts/NotoSansGurmukhi-Regular.woff",
	"fonts/NotoSansTelugu-Regular.woff",
	"fonts/NotoSansKannada-Regular.woff",
	"fonts/NotoSansMalayalam-Regular.woff",
	"fonts/NotoSansSinhala-Regular.woff",
	"fonts/NotoSansMyanmar-Regular.woff",
	"fonts/NotoSansLao-Regular.woff",
	"fonts/NotoSerifTibetan-Regular.woff",
	"fonts/NotoSansMongolian-Regular.woff",
}
